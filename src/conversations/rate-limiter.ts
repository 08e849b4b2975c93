import { RateLimiterMemory, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { toSwitchboardError } from '../errors/index.js';

export interface RateLimitOptions {
  /** Distinguishes limiters sharing one backend (`msg`, `signin`, …). */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

export type RateLimitResult = { limited: false } | { limited: true; retryAfterMs: number };

/**
 * "May this key act once more now?" Each `consume` spends one point of the key's budget for the window.
 * Failures of the backing store surface as `SWB_ERR_STORE_UNAVAILABLE`, never as a library type, so callers
 * (the transport, sign-in) know only this interface. Both implementations pass
 * `tests/conversations/rate-limiter.contract.ts`.
 *
 * Left out on purpose: refunds and peeking; nothing needs them yet.
 */
export interface RateLimiter {
  consume(key: string): Promise<RateLimitResult>;
  /** Drop the key's budget: an erased conversation leaves no counter named after it. */
  forget(key: string): Promise<void>;
}

/** Wraps rate-limiter-flexible: it rejects with its result when over the limit and with an Error when its store fails. */
export class FlexibleRateLimiter implements RateLimiter {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  async consume(key: string): Promise<RateLimitResult> {
    try {
      await this.limiter.consume(key);
      return { limited: false };
    } catch (rejection) {
      if (rejection instanceof Error) throw toSwitchboardError(rejection, 'SWB_ERR_STORE_UNAVAILABLE');
      const msBeforeNext = (rejection as { msBeforeNext?: number } | null)?.msBeforeNext ?? 1_000;
      return { limited: true, retryAfterMs: Math.max(0, msBeforeNext) };
    }
  }

  async forget(key: string): Promise<void> {
    try {
      await this.limiter.delete(key);
    } catch (error) {
      throw toSwitchboardError(error, 'SWB_ERR_STORE_UNAVAILABLE');
    }
  }
}

export function createMemoryRateLimiter({ keyPrefix, points, durationSeconds }: RateLimitOptions): RateLimiter {
  return new FlexibleRateLimiter(new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }));
}
