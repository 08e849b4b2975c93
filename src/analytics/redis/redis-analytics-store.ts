import { randomBytes } from 'node:crypto';
import type { Cluster, Redis } from 'ioredis';
import { DAY_TTL_SECONDS, MAX_UNPLACED_PER_DAY, type AnalyticsStore, type DayFigures, type UnplacedQuestion } from '../store.js';
import { AnalyticsKeys } from './keys.js';

type RedisClient = Redis | Cluster;

/** Analytics on Redis, shared by every instance. The client is borrowed from the conversation backend. */
export class RedisAnalyticsStore implements AnalyticsStore {
  readonly #keys: AnalyticsKeys;

  constructor(
    private readonly redis: RedisClient,
    prefix?: string,
  ) {
    this.#keys = new AnalyticsKeys(prefix);
  }

  async increment(agency: string, day: string, counter: string, by = 1): Promise<void> {
    const key = this.#keys.counters(agency, day);
    await this.redis.multi().hincrby(key, counter, by).expire(key, DAY_TTL_SECONDS).exec();
  }

  async addWait(agency: string, day: string, seconds: number): Promise<void> {
    const key = this.#keys.waits(agency, day);
    await this.redis.multi().rpush(key, String(seconds)).expire(key, DAY_TTL_SECONDS).exec();
  }

  async firstSight(conversationId: string, agency: string, ttlSeconds: number): Promise<boolean> {
    const key = this.#keys.seen(conversationId);
    const [added] = (await this.redis.multi().sadd(key, agency).expire(key, Math.max(1, Math.ceil(ttlSeconds))).exec()) ?? [];
    return added?.[1] === 1;
  }

  async retain(conversationId: string, seconds: number): Promise<void> {
    await this.redis.expire(this.#keys.seen(conversationId), Math.max(1, Math.ceil(seconds)));
  }

  async forget(conversationId: string): Promise<void> {
    await this.redis.unlink(this.#keys.seen(conversationId));
  }

  async day(agency: string, day: string): Promise<DayFigures> {
    const [counters, waits] = await Promise.all([this.redis.hgetall(this.#keys.counters(agency, day)), this.redis.lrange(this.#keys.waits(agency, day), 0, -1)]);
    return { counters: Object.fromEntries(Object.entries(counters).map(([name, value]) => [name, Number(value)])), waits: waits.map(Number) };
  }

  async addUnplaced(agency: string, question: UnplacedQuestion, expiresAt: number): Promise<void> {
    const key = this.#keys.unplaced(agency, question.day);
    if ((await this.redis.zcard(key)) >= MAX_UNPLACED_PER_DAY) return;
    // A random member suffix: two equal questions are two entries.
    const member = JSON.stringify({ ...question, n: randomBytes(6).toString('hex') });
    const now = Date.now();
    const left = await this.redis.pttl(key);
    const multi = this.redis.multi().zremrangebyscore(key, '-inf', String(now)).zadd(key, expiresAt, member);
    // The key lives as long as its longest-kept entry.
    if (left < expiresAt - now) multi.pexpireat(key, expiresAt);
    await multi.exec();
  }

  async unplaced(agency: string, from: string, to: string, now = Date.now()): Promise<UnplacedQuestion[]> {
    const found: UnplacedQuestion[] = [];
    for (const day of daysBetween(from, to)) {
      const key = this.#keys.unplaced(agency, day);
      // Expired entries are never read; writes remove them.
      for (const member of await this.redis.zrangebyscore(key, `(${now}`, '+inf')) {
        const { n: _n, ...question } = JSON.parse(member) as UnplacedQuestion & { n: string };
        found.push(question);
      }
    }
    return found;
  }

  async close(): Promise<void> {}
}

/** `YYYY-MM-DD` days from `from` to `to` inclusive (at most 366). */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`) && days.length < 366; t += 86_400_000) days.push(new Date(t).toISOString().slice(0, 10));
  return days;
}
