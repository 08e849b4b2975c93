import type { ConversationEvent, ConversationEventBody } from '../protocol/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { AppendResult, ConversationStore } from './store.js';
import type { ConversationPatch, ConversationRecord, NewConversation } from './types.js';

interface Entry {
  record: ConversationRecord;
  events: ConversationEvent[];
  seqByClientId: Map<string, number>;
  expiry?: NodeJS.Timeout;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The embedded default: everything in this process's memory, gone on restart. */
export class MemoryConversationStore implements ConversationStore {
  readonly #entries = new Map<string, Entry>();

  async create(init: NewConversation): Promise<ConversationRecord> {
    const now = new Date().toISOString();
    const record: ConversationRecord = {
      state: 'bot',
      owner: 'bot',
      contexts: {},
      privacyLevel: 'keep_for_retention',
      lastSeq: 0,
      createdAt: now,
      updatedAt: now,
      // `{ privacyLevel: undefined }` must not override the default.
      ...(Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined)) as NewConversation),
    };
    this.#entries.set(record.id, { record, events: [], seqByClientId: new Map() });
    return structuredClone(record);
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const entry = this.#entries.get(id);
    return entry ? structuredClone(entry.record) : undefined;
  }

  async update(id: string, patch: ConversationPatch): Promise<ConversationRecord> {
    const entry = this.#require(id);
    entry.record = { ...entry.record, ...structuredClone(patch), updatedAt: new Date().toISOString() };
    return structuredClone(entry.record);
  }

  async append(id: string, body: ConversationEventBody): Promise<AppendResult> {
    const entry = this.#require(id);
    const clientId = body.type === 'message' ? body.clientId : undefined;
    if (clientId !== undefined) {
      const seq = entry.seqByClientId.get(clientId);
      if (seq !== undefined) return { event: structuredClone(entry.events[seq - 1]), duplicate: true };
    }
    const seq = entry.record.lastSeq + 1;
    const event = { ...structuredClone(body), seq, at: new Date().toISOString() } as ConversationEvent;
    entry.events.push(event);
    entry.record.lastSeq = seq;
    entry.record.updatedAt = event.at;
    if (clientId !== undefined) entry.seqByClientId.set(clientId, seq);
    return { event: structuredClone(event), duplicate: false };
  }

  async eventsAfter(id: string, afterSeq: number, limit = 500): Promise<ConversationEvent[]> {
    const entry = this.#require(id);
    // seq n sits at index n-1: slicing is exact, no scan.
    return structuredClone(entry.events.slice(Math.max(0, afterSeq), Math.max(0, afterSeq) + limit));
  }

  async compareAndSetOwner(id: string, expected: string, next: string): Promise<boolean> {
    const entry = this.#require(id);
    if (entry.record.owner !== expected) return false;
    entry.record.owner = next;
    entry.record.updatedAt = new Date().toISOString();
    return true;
  }

  async expireIn(id: string, seconds: number): Promise<void> {
    const entry = this.#require(id);
    clearTimeout(entry.expiry);
    const expiresAt = Date.now() + seconds * 1000;
    // setTimeout fires at once past 2^31-1 ms (~24.8 days); retention is often longer, so re-arm in steps.
    const arm = () => {
      const remaining = expiresAt - Date.now();
      if (remaining <= 0) {
        this.#entries.delete(id);
        return;
      }
      entry.expiry = setTimeout(arm, Math.min(remaining, MAX_TIMER_MS));
      entry.expiry.unref();
    };
    arm();
  }

  async delete(id: string): Promise<void> {
    const entry = this.#entries.get(id);
    if (entry) clearTimeout(entry.expiry);
    this.#entries.delete(id);
  }

  async close(): Promise<void> {
    for (const entry of this.#entries.values()) clearTimeout(entry.expiry);
    this.#entries.clear();
  }

  #require(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return entry;
  }
}
