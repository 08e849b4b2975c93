import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { ApiKeyStore } from '../conversations/index.js';

const scryptAsync = promisify(scrypt) as (secret: string, salt: Buffer, length: number) => Promise<Buffer>;
const HASH_BYTES = 32;
/** `swb_<keyId>_<secret>`: the id finds the record, the secret is checked against its scrypt hash. */
const KEY_SHAPE = /^swb_([0-9a-f]{16})_([A-Za-z0-9_-]{32})$/;

export interface IssuedKey {
  agency: string;
  keyId: string;
  /** Shown once, never stored. */
  key: string;
  createdAt: string;
}

/**
 * Agency API keys and the admin's bootstrap token. A key is stored only as scrypt(secret, salt) (node:crypto,
 * default cost N=2^14, r=8, p=1); checking one costs one scrypt, comparisons are constant-time.
 */
export class ApiKeys {
  readonly #adminDigest?: Buffer;

  constructor(
    private readonly store: ApiKeyStore,
    adminToken?: string,
  ) {
    this.#adminDigest = adminToken ? sha256(adminToken) : undefined;
  }

  /** False for every token while no admin token is configured: the admin API is then closed. */
  isAdmin(token: string | undefined): boolean {
    return !!token && !!this.#adminDigest && timingSafeEqual(sha256(token), this.#adminDigest);
  }

  async create(agency: string): Promise<IssuedKey> {
    const keyId = randomBytes(8).toString('hex');
    const secret = randomBytes(24).toString('base64url');
    const salt = randomBytes(16);
    const hash = await scryptAsync(secret, salt, HASH_BYTES);
    const createdAt = new Date().toISOString();
    await this.store.add({ keyId, agency, salt: salt.toString('base64'), hash: hash.toString('base64'), createdAt });
    return { agency, keyId, key: `swb_${keyId}_${secret}`, createdAt };
  }

  /** A new key; every older key of the agency stops working at once. */
  async rotate(agency: string): Promise<IssuedKey> {
    const issued = await this.create(agency);
    for (const record of await this.store.list(agency)) {
      if (record.keyId !== issued.keyId) await this.store.remove(agency, record.keyId);
    }
    return issued;
  }

  revoke(agency: string, keyId?: string): Promise<number> {
    return this.store.remove(agency, keyId);
  }

  async list(agency: string): Promise<Array<{ keyId: string; createdAt: string }>> {
    return (await this.store.list(agency)).map(({ keyId, createdAt }) => ({ keyId, createdAt }));
  }

  /** The agency a key belongs to, or undefined (unknown, revoked, malformed, wrong secret). */
  async verify(key: string | undefined): Promise<string | undefined> {
    const match = key ? KEY_SHAPE.exec(key) : null;
    if (!match) return undefined;
    const record = await this.store.get(match[1]);
    if (!record) return undefined;
    const expected = Buffer.from(record.hash, 'base64');
    const actual = await scryptAsync(match[2], Buffer.from(record.salt, 'base64'), expected.length);
    return timingSafeEqual(actual, expected) ? record.agency : undefined;
  }
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();
