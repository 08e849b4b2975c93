import type { AgencyContent } from '../protocol/index.js';
import type { ApiKeyRecord, ApiKeyStore, LivePacks, PackStore, StoredDraft, StoredVersion, VersionSummary } from './pack-store.js';

/** Copies in and out, as a real store would: callers never share objects with the store. */
const copy = <T>(value: T): T => structuredClone(value);

/** One process: drafts, versions and keys in maps. */
export class MemoryPackStore implements PackStore {
  readonly #drafts = new Map<string, Map<string, StoredDraft>>();
  readonly #versions = new Map<string, StoredVersion[]>();
  readonly #live = new Map<string, number>();
  #revision = 0;

  async saveDraft(draft: StoredDraft): Promise<void> {
    const drafts = this.#drafts.get(draft.agency) ?? new Map<string, StoredDraft>();
    drafts.set(draft.id, copy(draft));
    this.#drafts.set(draft.agency, drafts);
  }

  async draft(agency: string, id: string): Promise<StoredDraft | undefined> {
    const found = this.#drafts.get(agency)?.get(id);
    return found && copy(found);
  }

  async drafts(agency: string): Promise<StoredDraft[]> {
    return [...(this.#drafts.get(agency)?.values() ?? [])].map(copy);
  }

  async publish(agency: string, content: AgencyContent, meta: Omit<VersionSummary, 'agency' | 'version'>): Promise<{ version: StoredVersion; revision: number }> {
    const versions = this.#versions.get(agency) ?? [];
    const version: StoredVersion = { ...copy(meta), agency, version: versions.length + 1, content: copy(content) };
    versions.push(version);
    this.#versions.set(agency, versions);
    this.#live.set(agency, version.version);
    return { version: copy(version), revision: ++this.#revision };
  }

  async versions(agency: string): Promise<VersionSummary[]> {
    return (this.#versions.get(agency) ?? []).map(({ content, ...summary }) => copy(summary));
  }

  async version(agency: string, version: number): Promise<StoredVersion | undefined> {
    const found = this.#versions.get(agency)?.[version - 1];
    return found && copy(found);
  }

  async live(): Promise<LivePacks> {
    const versions = [...this.#live.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([agency, version]) => copy((this.#versions.get(agency) ?? [])[version - 1]));
    return { revision: this.#revision, versions };
  }

  async revision(): Promise<number> {
    return this.#revision;
  }
}

export class MemoryApiKeyStore implements ApiKeyStore {
  readonly #keys = new Map<string, ApiKeyRecord>();

  async add(record: ApiKeyRecord): Promise<void> {
    this.#keys.set(record.keyId, { ...record });
  }

  async get(keyId: string): Promise<ApiKeyRecord | undefined> {
    const found = this.#keys.get(keyId);
    return found && { ...found };
  }

  async list(agency: string): Promise<ApiKeyRecord[]> {
    return [...this.#keys.values()].filter((record) => record.agency === agency).map((record) => ({ ...record }));
  }

  async remove(agency: string, keyId?: string): Promise<number> {
    let removed = 0;
    for (const record of [...this.#keys.values()]) {
      if (record.agency === agency && (keyId === undefined || record.keyId === keyId)) removed += this.#keys.delete(record.keyId) ? 1 : 0;
    }
    return removed;
  }
}
