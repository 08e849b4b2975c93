import type { ConversationEvent, ConversationEventBody } from '../protocol/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { AppendResult, ConversationStore } from './store.js';
import { newConversationRecord, type ConversationPatch, type ConversationRecord, type NewConversation } from './types.js';

interface Entry {
  record: Readonly<ConversationRecord>;
  /**
   * The log as JSON, one string per event. A busy instance holds hundreds of thousands of events; as
   * strings they are leaves the garbage collector does not trace, where object graphs made every major GC
   * (and so the latency tail) grow with the log. Reads parse; the hot path delivers from the bus notice.
   */
  events: string[];
  seqByClientId: Map<string, number>;
  expiry?: NodeJS.Timeout;
}

const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The embedded default: everything in this process's memory, gone on restart.
 *
 * Records are deep-frozen when written and handed out as they are: callers get values they cannot change
 * behind the store's back, without a copy on every read (this is the hot path). Events are kept as JSON
 * (see `Entry.events`); what `append` returns, and every read, is a frozen object of its own.
 */
export class MemoryConversationStore implements ConversationStore {
  /** Notices go through the bus: `ConversationLog` publishes them. */
  readonly publishesNotices = false;
  readonly #entries = new Map<string, Entry>();
  /** Conversation id → time (ms) its latest citizen message was listed as owing a turn. */
  readonly #owed = new Map<string, number>();
  readonly #leases = new Map<string, { holder: string; until: number }>();

  async create(init: NewConversation): Promise<ConversationRecord> {
    const record = deepFreeze(newConversationRecord(structuredClone(init)));
    this.#entries.set(record.id, { record, events: [], seqByClientId: new Map() });
    return record;
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    return this.#entries.get(id)?.record;
  }

  async update(id: string, patch: ConversationPatch): Promise<ConversationRecord> {
    const entry = this.#require(id);
    entry.record = deepFreeze({ ...entry.record, ...structuredClone(patch), updatedAt: new Date().toISOString() });
    return entry.record;
  }

  async append(id: string, body: ConversationEventBody): Promise<AppendResult> {
    const entry = this.#require(id);
    const clientId = body.type === 'message' ? body.clientId : undefined;
    if (clientId !== undefined) {
      const seq = entry.seqByClientId.get(clientId);
      if (seq !== undefined) {
        // As on Redis, a resend renews the listing: its turn may still be owed.
        if (body.type === 'message' && body.from === 'citizen') this.#listOwed(id);
        return { event: deepFreeze(JSON.parse(entry.events[seq - 1]) as ConversationEvent), duplicate: true };
      }
    }
    if (body.type === 'message' && body.from === 'citizen' && entry.record.state === 'closed') {
      throw new SwitchboardError('SWB_ERR_CONVERSATION_CLOSED');
    }
    const seq = entry.record.lastSeq + 1;
    const at = new Date().toISOString();
    const event = deepFreeze({ ...body, seq, at } as ConversationEvent);
    entry.events.push(JSON.stringify(event));
    const fromCitizen = body.type === 'message' && body.from === 'citizen';
    entry.record = Object.freeze({ ...entry.record, lastSeq: seq, ...(fromCitizen ? { lastCitizenSeq: seq } : {}), updatedAt: at });
    if (clientId !== undefined) entry.seqByClientId.set(clientId, seq);
    if (fromCitizen) this.#listOwed(id);
    return { event, duplicate: false };
  }

  async eventsAfter(id: string, afterSeq: number, limit = 500): Promise<ConversationEvent[]> {
    const entry = this.#require(id);
    // seq n sits at index n-1: slicing is exact, no scan.
    const from = Math.max(0, afterSeq);
    return entry.events.slice(from, from + limit).map((json) => deepFreeze(JSON.parse(json) as ConversationEvent));
  }

  async compareAndSetOwner(id: string, expected: string, next: string): Promise<boolean> {
    const entry = this.#require(id);
    if (entry.record.owner !== expected) return false;
    entry.record = Object.freeze({ ...entry.record, owner: next, updatedAt: new Date().toISOString() });
    return true;
  }

  async owedTurns(minAgeMs: number, limit = 100): Promise<Array<{ id: string; since: number }>> {
    const cutoff = Date.now() - minAgeMs;
    return [...this.#owed]
      .filter(([, since]) => since <= cutoff)
      .sort((a, b) => a[1] - b[1])
      .slice(0, limit)
      .map(([id, since]) => ({ id, since }));
  }

  async forgetOwedTurn(id: string, since: number): Promise<void> {
    if ((this.#owed.get(id) ?? Infinity) <= since) this.#owed.delete(id);
  }

  async acquireTurnLease(id: string, holder: string, ttlMs: number): Promise<boolean> {
    const now = Date.now();
    const lease = this.#leases.get(id);
    if (lease && lease.until > now && lease.holder !== holder) return false;
    this.#leases.set(id, { holder, until: now + ttlMs });
    return true;
  }

  async releaseTurnLease(id: string, holder: string): Promise<void> {
    if (this.#leases.get(id)?.holder === holder) this.#leases.delete(id);
  }

  async expireIn(id: string, seconds: number): Promise<void> {
    const entry = this.#require(id);
    clearTimeout(entry.expiry);
    const expiresAt = Date.now() + seconds * 1000;
    // setTimeout fires at once past 2^31-1 ms (~24.8 days); retention is often longer, so re-arm in steps.
    const arm = () => {
      const remaining = expiresAt - Date.now();
      if (remaining <= 0) {
        this.#forget(id);
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
    this.#forget(id);
  }

  async close(): Promise<void> {
    for (const entry of this.#entries.values()) clearTimeout(entry.expiry);
    this.#entries.clear();
    this.#owed.clear();
    this.#leases.clear();
  }

  /** A listing is renewed with a strictly later time, so `forgetOwedTurn(id, earlier)` leaves it. */
  #listOwed(id: string): void {
    const previous = this.#owed.get(id) ?? 0;
    this.#owed.set(id, Math.max(Date.now(), previous + 1));
  }

  #forget(id: string): void {
    this.#entries.delete(id);
    this.#owed.delete(id);
    this.#leases.delete(id);
  }

  #require(id: string): Entry {
    const entry = this.#entries.get(id);
    if (!entry) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return entry;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}
