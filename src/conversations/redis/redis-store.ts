import type { ConversationEvent, ConversationEventBody } from '../../protocol/index.js';
import { SwitchboardError } from '../../errors/index.js';
import type { AppendResult, ConversationStore } from '../store.js';
import { ConversationRecord, newConversationRecord, type ConversationPatch, type NewConversation } from '../types.js';
import type { RedisClient } from './connection.js';
import { guarded } from './errors.js';
import { RedisKeys } from './keys.js';
import { withScripts, type ScriptCommands } from './scripts.js';

const DEFAULT_LIMIT = 500;

/**
 * Conversations in Redis, shared by every instance. The record is a hash (one JSON-encoded field per
 * property, so `update` and `lastSeq` touch only their fields); the log is a stream whose entry ids are
 * `<seq>-0`, so `eventsAfter` is one XRANGE. Appends, owner changes, updates and expiry are Lua scripts
 * (`./scripts/*.lua`). See docs/REDIS.md.
 *
 * The client is borrowed: `close()` does not quit it (the backend owns the connection).
 */
export class RedisConversationStore implements ConversationStore {
  readonly #redis: RedisClient & ScriptCommands;
  readonly #keys: RedisKeys;
  /** True when built by `createRedisBackend`: the append script publishes on the backend bus's channel. */
  readonly publishesNotices: boolean;

  /**
   * `publishNotices`: publish each append's `events` notice from inside the append script, on the channel
   * `RedisConversationBus` (same prefix) listens to: one round trip for append + notice.
   */
  constructor(redis: RedisClient, options: { prefix?: string; publishNotices?: boolean } = {}) {
    this.#redis = withScripts(redis);
    this.#keys = new RedisKeys(options.prefix);
    this.publishesNotices = options.publishNotices ?? false;
  }

  async create(init: NewConversation): Promise<ConversationRecord> {
    const record = newConversationRecord(init);
    const keys = this.#keys.conversationList(record.id);
    // Same as the memory store: creating an existing id starts it afresh.
    await guarded(() => this.#redis.multi().del(...keys).hset(keys[0], encodeRecord(record)).exec().then(execOk));
    return record;
  }

  async get(id: string): Promise<ConversationRecord | undefined> {
    const fields = await guarded(() => this.#redis.hgetall(this.#keys.conversation(id).record));
    return Object.keys(fields).length === 0 ? undefined : decodeRecord(fields);
  }

  async update(id: string, patch: ConversationPatch): Promise<ConversationRecord> {
    const set: string[] = [];
    const remove: string[] = [];
    for (const [field, value] of Object.entries(patch)) {
      if (value === undefined) remove.push(field);
      else set.push(field, JSON.stringify(value));
    }
    set.push('updatedAt', JSON.stringify(new Date().toISOString()));
    const reply = await guarded(() =>
      this.#redis.swbUpdate(this.#keys.conversation(id).record, String(set.length / 2), ...set, ...remove),
    );
    if (reply === 0) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return decodeRecord(pairsToObject(reply));
  }

  async append(id: string, body: ConversationEventBody): Promise<AppendResult> {
    const clientId = body.type === 'message' ? (body.clientId ?? '') : '';
    const fromCitizen = body.type === 'message' && body.from === 'citizen' ? '1' : '0';
    const [rec, log, cid] = this.#keys.conversationList(id);
    const channel = this.publishesNotices ? this.#keys.conversationChannel(id) : '';
    const head = this.publishesNotices ? `{"type":"events","conversationId":${JSON.stringify(id)}` : '';
    // A citizen message is listed as owing a turn first, on the same connection (so in this order): if the
    // append then fails, the sweeper finds nothing owed and drops the listing; if it succeeds, the turn is
    // listed. Not inside the script: the list is one key for all conversations (another Cluster slot).
    const listed = fromCitizen === '1' ? guarded(() => this.#redis.swbListOwed(this.#keys.owedTurns(), Date.now(), id)) : undefined;
    const appended = guarded(() =>
      this.#redis.swbAppend(rec, log, cid, clientId, new Date().toISOString(), JSON.stringify(body), fromCitizen, channel, head),
    );
    const [reply] = await Promise.all([appended, listed]);
    if (reply[0] === 0) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    if (reply[0] === 3) throw new SwitchboardError('SWB_ERR_CONVERSATION_CLOSED');
    const [status, seq, at, encoded] = reply as [number, number, string, string];
    return { event: toEvent(seq, at, encoded), duplicate: status === 2 };
  }

  async eventsAfter(id: string, afterSeq: number, limit = DEFAULT_LIMIT): Promise<ConversationEvent[]> {
    const { record, log } = this.#keys.conversation(id);
    const start = Math.max(0, Math.floor(afterSeq)) + 1;
    const [exists, entries] = await guarded(() =>
      this.#redis.multi().exists(record).xrange(log, `${start}-0`, '+', 'COUNT', limit).exec().then(execOk),
    );
    if (exists === 0) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return (entries as [string, string[]][]).map(([entryId, fields]) => {
      const { at, b } = pairsToObject(fields);
      return toEvent(Number(entryId.slice(0, entryId.indexOf('-'))), at, b);
    });
  }

  async compareAndSetOwner(id: string, expected: string, next: string): Promise<boolean> {
    const now = JSON.stringify(new Date().toISOString());
    const { record } = this.#keys.conversation(id);
    const reply = await guarded(() =>
      this.#redis.swbCasOwner(record, JSON.stringify(expected), JSON.stringify(next), now),
    );
    if (reply === -1) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return reply === 1;
  }

  async owedTurns(minAgeMs: number, limit = 100): Promise<Array<{ id: string; since: number }>> {
    const reply = await guarded(() => this.#redis.zrangebyscore(this.#keys.owedTurns(), '-inf', Date.now() - minAgeMs, 'WITHSCORES', 'LIMIT', 0, limit));
    const owed: Array<{ id: string; since: number }> = [];
    for (let i = 0; i < reply.length; i += 2) owed.push({ id: reply[i], since: Number(reply[i + 1]) });
    return owed;
  }

  async forgetOwedTurn(id: string, since: number): Promise<void> {
    await guarded(() => this.#redis.swbForgetOwed(this.#keys.owedTurns(), id, since));
  }

  async acquireTurnLease(id: string, holder: string, ttlMs: number): Promise<boolean> {
    return (await guarded(() => this.#redis.swbLease(this.#keys.conversation(id).turnLease, holder, Math.max(1, Math.ceil(ttlMs))))) === 1;
  }

  async releaseTurnLease(id: string, holder: string): Promise<void> {
    await guarded(() => this.#redis.swbLease(this.#keys.conversation(id).turnLease, holder, 0));
  }

  async expireIn(id: string, seconds: number): Promise<void> {
    const [rec, log, cid] = this.#keys.conversationList(id);
    const reply = await guarded(() => this.#redis.swbExpire(rec, log, cid, Math.max(1, Math.ceil(seconds))));
    if (reply === 0) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
  }

  async delete(id: string): Promise<void> {
    const keys = this.#keys.conversation(id);
    await guarded(() => this.#redis.unlink(...this.#keys.conversationList(id), keys.turnLease));
    // The owed-turns list is another slot on Cluster: its own command.
    await guarded(() => this.#redis.zrem(this.#keys.owedTurns(), id));
  }

  async close(): Promise<void> {
    // The connection belongs to the backend; nothing of our own to release.
  }
}

function encodeRecord(record: ConversationRecord): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value !== undefined) fields[field] = JSON.stringify(value);
  }
  return fields;
}

function decodeRecord(fields: Record<string, string>): ConversationRecord {
  const raw: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(fields)) raw[field] = JSON.parse(value);
  return ConversationRecord.parse(raw);
}

function toEvent(seq: number, at: string, encoded: string): ConversationEvent {
  return { ...(JSON.parse(encoded) as ConversationEventBody), seq: Number(seq), at } as ConversationEvent;
}

function pairsToObject(pairs: string[]): Record<string, string> {
  const object: Record<string, string> = {};
  for (let i = 0; i < pairs.length; i += 2) object[pairs[i]] = pairs[i + 1];
  return object;
}

/** A MULTI's per-command errors would otherwise hide inside the result array. */
function execOk(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('Transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
