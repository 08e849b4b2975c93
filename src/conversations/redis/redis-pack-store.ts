import type { AgencyContent } from '../../protocol/index.js';
import type { ApiKeyRecord, ApiKeyStore, LivePacks, PackStore, StoredDraft, StoredVersion, VersionSummary } from '../pack-store.js';
import type { RedisClient } from './connection.js';
import { guarded } from './errors.js';
import { RedisKeys, type RegistryKeys } from './keys.js';

/**
 * KEYS[1] version counters (hash)   KEYS[2] this agency's versions (hash)
 * KEYS[3] live pointers (hash)      KEYS[4] network revision (string)
 * ARGV[1] agency id                 ARGV[2] the version body as JSON (without its number)
 * Returns {version, revision}: the next version is stored, made live and the revision bumped in one step.
 */
const PUBLISH = `
local version = redis.call('HINCRBY', KEYS[1], ARGV[1], 1)
redis.call('HSET', KEYS[2], tostring(version), ARGV[2])
redis.call('HSET', KEYS[3], ARGV[1], tostring(version))
local revision = redis.call('INCR', KEYS[4])
return {version, revision}
`;

type VersionBody = Omit<StoredVersion, 'agency' | 'version'>;

/** Drafts and versions on Redis, shared by every instance (layout: `RedisKeys.registry`). */
export class RedisPackStore implements PackStore {
  readonly #keys: RegistryKeys;

  constructor(
    private readonly redis: RedisClient,
    options: { prefix?: string } = {},
  ) {
    this.#keys = new RedisKeys(options.prefix).registry();
  }

  async saveDraft(draft: StoredDraft): Promise<void> {
    await guarded(() => this.redis.hset(this.#keys.drafts(draft.agency), draft.id, JSON.stringify(draft)));
  }

  async draft(agency: string, id: string): Promise<StoredDraft | undefined> {
    const raw = await guarded(() => this.redis.hget(this.#keys.drafts(agency), id));
    return raw ? (JSON.parse(raw) as StoredDraft) : undefined;
  }

  async drafts(agency: string): Promise<StoredDraft[]> {
    const all = await guarded(() => this.redis.hvals(this.#keys.drafts(agency)));
    return all.map((raw) => JSON.parse(raw) as StoredDraft).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  async publish(agency: string, content: AgencyContent, meta: Omit<VersionSummary, 'agency' | 'version'>): Promise<{ version: StoredVersion; revision: number }> {
    const body: VersionBody = { ...meta, content };
    const keys = this.#keys;
    const [version, revision] = (await guarded(() =>
      this.redis.eval(PUBLISH, 4, keys.versionCounters, keys.versions(agency), keys.live, keys.revision, agency, JSON.stringify(body)),
    )) as [number, number];
    return { version: { ...body, agency, version }, revision };
  }

  async versions(agency: string): Promise<VersionSummary[]> {
    const all = await guarded(() => this.redis.hgetall(this.#keys.versions(agency)));
    return Object.entries(all)
      .map(([version, raw]) => {
        const { content, ...summary } = JSON.parse(raw) as VersionBody;
        return { ...summary, agency, version: Number(version) };
      })
      .sort((a, b) => a.version - b.version);
  }

  async version(agency: string, version: number): Promise<StoredVersion | undefined> {
    const raw = await guarded(() => this.redis.hget(this.#keys.versions(agency), String(version)));
    return raw ? { ...(JSON.parse(raw) as VersionBody), agency, version } : undefined;
  }

  async live(): Promise<LivePacks> {
    // Revision and pointers in one MULTI: a publish between two reads could pair a revision with pointers
    // from before it, and an instance would believe it is current while serving the older packs.
    const replies = await guarded(() => this.redis.multi().get(this.#keys.revision).hgetall(this.#keys.live).exec());
    const revision = Number(replies?.[0]?.[1] ?? 0);
    const pointers = (replies?.[1]?.[1] ?? {}) as Record<string, string>;
    const versions: StoredVersion[] = [];
    for (const agency of Object.keys(pointers).sort()) {
      const found = await this.version(agency, Number(pointers[agency]));
      if (found) versions.push(found);
    }
    return { revision, versions };
  }

  async revision(): Promise<number> {
    return Number((await guarded(() => this.redis.get(this.#keys.revision))) ?? 0);
  }
}

/** API key records in one hash (keyId → record); listing an agency's keys scans it (a handful per agency). */
export class RedisApiKeyStore implements ApiKeyStore {
  readonly #key: string;

  constructor(
    private readonly redis: RedisClient,
    options: { prefix?: string } = {},
  ) {
    this.#key = new RedisKeys(options.prefix).registry().apiKeys;
  }

  async add(record: ApiKeyRecord): Promise<void> {
    await guarded(() => this.redis.hset(this.#key, record.keyId, JSON.stringify(record)));
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const raw = await guarded(() => this.redis.hget(this.#key, keyId));
    return raw ? (JSON.parse(raw) as ApiKeyRecord) : undefined;
  }

  async list(agency: string): Promise<ApiKeyRecord[]> {
    const all = await guarded(() => this.redis.hvals(this.#key));
    return all.map((raw) => JSON.parse(raw) as ApiKeyRecord).filter((record) => record.agency === agency);
  }

  async remove(agency: string, keyId?: string): Promise<number> {
    const ids = (await this.list(agency)).map((record) => record.keyId).filter((id) => keyId === undefined || id === keyId);
    if (ids.length === 0) return 0;
    return guarded(() => this.redis.hdel(this.#key, ...ids));
  }
}
