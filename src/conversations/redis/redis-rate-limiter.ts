import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { FlexibleRateLimiter, type RateLimiter, type RateLimitOptions } from '../rate-limiter.js';
import type { RedisClient } from './connection.js';

/** A limiter shared by every instance on this Redis; `fullPrefix` comes from `RedisKeys.rateLimitPrefix`. */
export function createRedisRateLimiter(client: RedisClient, fullPrefix: string, { points, durationSeconds }: RateLimitOptions): RateLimiter {
  return new FlexibleRateLimiter(
    new RateLimiterRedis({
      storeClient: client,
      keyPrefix: fullPrefix,
      points,
      duration: durationSeconds,
      // While Redis is away each instance limits on its own rather than letting everything through.
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory({ points, duration: durationSeconds }),
    }),
  );
}
