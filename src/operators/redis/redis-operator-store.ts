import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { OperatorNote, RoutingDecision, StoredContactRequest, type Availability } from '../../protocol/index.js';
import { SwitchboardError } from '../../errors/index.js';
import { MAX_BOARD, MAX_DECISIONS, type HandoverRecord, type OperatorStore } from '../store.js';
import { OperatorKeys } from './keys.js';

type RedisClient = Redis | Cluster;
type WithScripts = RedisClient & { swbEnqueue(queue: string, id: string, front: '0' | '1'): Promise<number> };

/** Decisions of a conversation that never reaches a person are forgotten after this. */
const DECISIONS_TTL_SECONDS = 7 * 86_400;
const MAX_CONTACTS = 1_000;

/**
 * The operator side on Redis, shared by every instance (keys: `./keys.ts`). The client is borrowed from the
 * conversation backend; `close()` leaves it open.
 */
/** `saveHandover`, only while the handover key exists (an erasure in between wins). */
const UPDATE_IF_EXISTS = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('SET', KEYS[1], ARGV[1])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[3])
redis.call('ZREMRANGEBYRANK', KEYS[2], 0, -tonumber(ARGV[4]) - 1)
return 1`;

export class RedisOperatorStore implements OperatorStore {
  readonly #redis: WithScripts;
  readonly #keys: OperatorKeys;

  constructor(redis: RedisClient, prefix?: string) {
    redis.defineCommand('swbEnqueue', { numberOfKeys: 1, lua: readFileSync(new URL('./scripts/enqueue.lua', import.meta.url), 'utf8') });
    this.#redis = redis as WithScripts;
    this.#keys = new OperatorKeys(prefix);
  }

  async secret(): Promise<string> {
    const key = this.#keys.secret();
    await guarded(() => this.#redis.set(key, randomBytes(32).toString('base64url'), 'NX'));
    return (await guarded(() => this.#redis.get(key))) as string;
  }

  async saveHandover(record: HandoverRecord): Promise<void> {
    const board = this.#keys.board(record.agency);
    await guarded(() =>
      this.#redis.multi().set(this.#keys.handover(record.conversationId), JSON.stringify(record)).zadd(board, Date.now(), record.conversationId).zremrangebyrank(board, 0, -MAX_BOARD - 1).exec().then(execOk),
    );
  }

  async expireIn(conversationId: string, seconds: number): Promise<void> {
    const ttl = Math.max(1, Math.ceil(seconds));
    const keys = [this.#keys.handover(conversationId), this.#keys.notes(conversationId), this.#keys.decisions(conversationId)];
    await guarded(() => keys.reduce((multi, key) => multi.expire(key, ttl), this.#redis.multi()).exec().then(execOk));
  }

  async updateHandover(record: HandoverRecord): Promise<boolean> {
    const reply = await guarded(() =>
      this.#redis.eval(UPDATE_IF_EXISTS, 2, this.#keys.handover(record.conversationId), this.#keys.board(record.agency), JSON.stringify(record), Date.now(), record.conversationId, MAX_BOARD),
    );
    return reply === 1;
  }

  async handover(conversationId: string): Promise<HandoverRecord | undefined> {
    const json = await guarded(() => this.#redis.get(this.#keys.handover(conversationId)));
    return json ? (JSON.parse(json) as HandoverRecord) : undefined;
  }

  async board(agency: string, limit = MAX_BOARD): Promise<HandoverRecord[]> {
    const ids = await guarded(() => this.#redis.zrevrange(this.#keys.board(agency), 0, limit - 1));
    if (!ids.length) return [];
    // One GET each (per-conversation keys live in different slots on a cluster).
    const pipeline = this.#redis.pipeline();
    for (const id of ids) pipeline.get(this.#keys.handover(id));
    const values = (await guarded(() => pipeline.exec().then(execOk))) as Array<string | null>;
    // Members whose handover expired with its conversation (retention): drop them from the index too.
    const gone = ids.filter((_id, index) => values[index] === null);
    if (gone.length) await guarded(() => this.#redis.zrem(this.#keys.board(agency), ...gone));
    return values.flatMap((json) => (json ? [JSON.parse(json) as HandoverRecord] : []));
  }

  async enqueue(agency: string, conversationId: string, front = false): Promise<number> {
    return guarded(() => this.#redis.swbEnqueue(this.#keys.queue(agency), conversationId, front ? '1' : '0'));
  }

  async dequeue(agency: string, conversationId: string): Promise<void> {
    await guarded(() => this.#redis.zrem(this.#keys.queue(agency), conversationId));
  }

  async queue(agency: string): Promise<string[]> {
    return guarded(() => this.#redis.zrange(this.#keys.queue(agency), '0', '-1'));
  }

  async hold(operatorId: string, conversationId: string): Promise<void> {
    await guarded(() => this.#redis.sadd(this.#keys.held(operatorId), conversationId));
  }

  async release(operatorId: string, conversationId: string): Promise<void> {
    await guarded(() => this.#redis.srem(this.#keys.held(operatorId), conversationId));
  }

  async held(operatorId: string): Promise<string[]> {
    return guarded(() => this.#redis.smembers(this.#keys.held(operatorId)));
  }

  async addNote(conversationId: string, note: OperatorNote): Promise<void> {
    await guarded(() => this.#redis.rpush(this.#keys.notes(conversationId), JSON.stringify(note)));
  }

  async notes(conversationId: string): Promise<OperatorNote[]> {
    const values = await guarded(() => this.#redis.lrange(this.#keys.notes(conversationId), 0, -1));
    return values.map((json) => OperatorNote.parse(JSON.parse(json)));
  }

  async addDecision(conversationId: string, decision: RoutingDecision): Promise<void> {
    const key = this.#keys.decisions(conversationId);
    await guarded(() => this.#redis.multi().rpush(key, JSON.stringify(decision)).ltrim(key, -MAX_DECISIONS, -1).expire(key, DECISIONS_TTL_SECONDS).exec().then(execOk));
  }

  async decisions(conversationId: string): Promise<RoutingDecision[]> {
    const values = await guarded(() => this.#redis.lrange(this.#keys.decisions(conversationId), 0, -1));
    return values.map((json) => RoutingDecision.parse(JSON.parse(json)));
  }

  async setAvailability(operatorId: string, status: Availability): Promise<void> {
    await guarded(() => this.#redis.hset(this.#keys.availability(), operatorId, status));
  }

  async availability(operatorId: string): Promise<Availability> {
    const value = await guarded(() => this.#redis.hget(this.#keys.availability(), operatorId));
    return value === 'away' ? 'away' : 'online';
  }

  async connections(operatorId: string, delta: number): Promise<number> {
    return guarded(() => this.#redis.hincrby(this.#keys.connections(), operatorId, delta));
  }

  async sessionVersion(operatorId: string): Promise<number> {
    return Number((await guarded(() => this.#redis.hget(this.#keys.sessionVersions(), operatorId))) ?? 0);
  }

  async bumpSessionVersion(operatorId: string): Promise<number> {
    return guarded(() => this.#redis.hincrby(this.#keys.sessionVersions(), operatorId, 1));
  }

  async revoke(sessionId: string, ttlSeconds: number): Promise<void> {
    await guarded(() => this.#redis.set(this.#keys.revoked(sessionId), '1', 'EX', Math.max(1, Math.ceil(ttlSeconds))));
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    return (await guarded(() => this.#redis.exists(this.#keys.revoked(sessionId)))) === 1;
  }

  async forget(conversationId: string): Promise<void> {
    const record = await this.handover(conversationId);
    const multi = this.#redis.multi().unlink(this.#keys.handover(conversationId), this.#keys.notes(conversationId), this.#keys.decisions(conversationId));
    if (record) {
      multi.zrem(this.#keys.board(record.agency), conversationId).zrem(this.#keys.queue(record.agency), conversationId);
      if (record.holder) multi.srem(this.#keys.held(record.holder.id), conversationId);
    }
    await guarded(() => multi.exec().then(execOk));
  }

  async addContactRequest(request: StoredContactRequest): Promise<void> {
    const key = this.#keys.contacts(request.agency);
    await guarded(() => this.#redis.multi().rpush(key, JSON.stringify(request)).ltrim(key, -MAX_CONTACTS, -1).exec().then(execOk));
  }

  async contactRequests(agency: string): Promise<StoredContactRequest[]> {
    const values = await guarded(() => this.#redis.lrange(this.#keys.contacts(agency), 0, -1));
    return values.map((json) => StoredContactRequest.parse(JSON.parse(json)));
  }

  async close(): Promise<void> {
    // The connection belongs to the conversation backend.
  }
}

async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof SwitchboardError ? error : new SwitchboardError('SWB_ERR_STORE_UNAVAILABLE', undefined, { cause: error });
  }
}

function execOk(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('Transaction aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}
