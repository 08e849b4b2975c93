import type { AgencyContent } from '../protocol/index.js';

/** An upload that is not live: evaluated, then published or left. */
export interface StoredDraft {
  id: string;
  agency: string;
  createdAt: string;
  updatedAt: string;
  content: AgencyContent;
}

export interface VersionSummary {
  agency: string;
  /** 1, 2, … per agency; never reused. A rollback is a new version with an older one's content. */
  version: number;
  createdAt: string;
  draftId?: string;
  rolledBackFrom?: number;
  /** Published although the evaluation said it lowers the network's routing accuracy. */
  forced?: boolean;
}

export interface StoredVersion extends VersionSummary {
  content: AgencyContent;
}

/** Every agency's live version, and the network revision they make up together. */
export interface LivePacks {
  /** Increases by one on every publish or rollback of any agency; 0 = nothing published yet. */
  revision: number;
  versions: StoredVersion[];
}

/**
 * Drafts and published versions of agency packs (the registration API's state). Implementations:
 * `MemoryPackStore` (one process) and `RedisPackStore` (shared by instances); both pass
 * `tests/conversations/contracts/pack-store.contract.ts`.
 *
 * The contract:
 * - `publish` appends the agency's next version, makes it live and increments the network revision, all in
 *   one atomic step: two instances publishing at once get different versions and revisions, never one.
 * - Drafts and versions are kept per agency: no call reads one agency's draft under another's id.
 * - Failures of the backing service surface as `SwitchboardError('SWB_ERR_STORE_UNAVAILABLE')`.
 *
 * Left out on purpose: telling other instances (the caller publishes a `packs` notice on the bus, and
 * instances also poll `revision`), trained models (every instance trains the same seeded model from the
 * same packs: docs/AGENCIES.md), and deleting versions (rollback needs them).
 */
export interface PackStore {
  saveDraft(draft: StoredDraft): Promise<void>;
  draft(agency: string, id: string): Promise<StoredDraft | undefined>;
  drafts(agency: string): Promise<StoredDraft[]>;
  publish(agency: string, content: AgencyContent, meta: Omit<VersionSummary, 'agency' | 'version'>): Promise<{ version: StoredVersion; revision: number }>;
  /** Oldest first. */
  versions(agency: string): Promise<VersionSummary[]>;
  version(agency: string, version: number): Promise<StoredVersion | undefined>;
  live(): Promise<LivePacks>;
  revision(): Promise<number>;
}

/** One agency API key as stored: never the key itself, only its scrypt hash. */
export interface ApiKeyRecord {
  /** The public part of the key (`swb_<keyId>_<secret>`), used to find the record. */
  keyId: string;
  agency: string;
  /** base64 */
  salt: string;
  /** base64 scrypt(secret, salt) */
  hash: string;
  createdAt: string;
}

/** Agency API keys: stored, listed, revoked. Hashing and checking live in `registration/api-keys.ts`. */
export interface ApiKeyStore {
  add(record: ApiKeyRecord): Promise<void>;
  get(keyId: string): Promise<ApiKeyRecord | undefined>;
  list(agency: string): Promise<ApiKeyRecord[]>;
  /** Every key of the agency, or only `keyId`; returns how many were removed. */
  remove(agency: string, keyId?: string): Promise<number>;
}
