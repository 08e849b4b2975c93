import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { RateLimiter, RateLimitOptions } from '../../../src/conversations/index.js';

/**
 * One suite, every RateLimiter: `create` returns a limiter for the options, isolated from other runs
 * (a fresh key prefix per call).
 */
export function describeRateLimiter(name: string, create: (options: RateLimitOptions) => Promise<RateLimiter>, traits: { sharedBetweenInstances: boolean }): void {
  describe(`RateLimiter contract: ${name}`, () => {
    it('lets `points` calls through per key and window, then says limited with a wait inside the window', async () => {
      const limiter = await create({ keyPrefix: `t-${randomUUID()}`, points: 3, durationSeconds: 10 });
      const results = [];
      for (let i = 0; i < 4; i++) results.push(await limiter.consume('conversation-a'));
      expect(results.slice(0, 3)).toEqual([{ limited: false }, { limited: false }, { limited: false }]);
      expect(results[3]).toMatchObject({ limited: true });
      const wait = (results[3] as { retryAfterMs: number }).retryAfterMs;
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(10_000);
    });

    it('forget drops a key\'s budget (erasure leaves no counter behind) and leaves other keys alone', async () => {
      const limiter = await create({ keyPrefix: `t-${randomUUID()}`, points: 1, durationSeconds: 10 });
      await limiter.consume('gone');
      await limiter.consume('kept');
      await limiter.forget('gone');
      await limiter.forget('never-seen');
      expect(await limiter.consume('gone')).toEqual({ limited: false });
      expect((await limiter.consume('kept')).limited).toBe(true);
    });

    it('counts each key on its own', async () => {
      const limiter = await create({ keyPrefix: `t-${randomUUID()}`, points: 1, durationSeconds: 10 });
      expect(await limiter.consume('a')).toEqual({ limited: false });
      expect(await limiter.consume('b')).toEqual({ limited: false });
      expect(await limiter.consume('a')).toMatchObject({ limited: true });
    });

    it('keeps concurrent callers to the budget: of 20 at once, exactly `points` pass', async () => {
      const limiter = await create({ keyPrefix: `t-${randomUUID()}`, points: 5, durationSeconds: 10 });
      const results = await Promise.all(Array.from({ length: 20 }, () => limiter.consume('busy')));
      expect(results.filter((result) => !result.limited)).toHaveLength(5);
    });

    it(traits.sharedBetweenInstances ? 'two limiters with one prefix share one budget, as instances on one Redis do' : 'two limiters with one prefix keep their own budgets, as separate processes do', async () => {
      const options = { keyPrefix: `t-${randomUUID()}`, points: 2, durationSeconds: 10 };
      const [first, second] = [await create(options), await create(options)];
      expect(await first.consume('k')).toEqual({ limited: false });
      expect(await second.consume('k')).toEqual({ limited: false });
      expect((await first.consume('k')).limited).toBe(traits.sharedBetweenInstances);
    });
  });
}
