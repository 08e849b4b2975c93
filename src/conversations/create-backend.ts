import type { Logger } from '../log/index.js';
import { toSwitchboardError } from '../errors/index.js';
import { createMemoryBackend, type Backend } from './backend.js';
import { createRedisBackend } from './redis/index.js';

export interface BackendOptions {
  /** `redis://…`, `rediss://…`, `redis+sentinel://…` or a cluster URL; absent ⇒ in-memory. */
  redisUrl?: string;
  logger: Logger;
  /**
   * How long start-up keeps trying to reach Redis (with backoff) before giving up; default 60 s. A
   * supervised restart during an outage then waits for Redis instead of exiting at once and looping.
   */
  startupTimeoutMs?: number;
}

/** The one place that picks the state backend. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  if (!options.redisUrl) return createMemoryBackend();
  const deadline = Date.now() + (options.startupTimeoutMs ?? 60_000);
  for (let attempt = 1; ; attempt++) {
    try {
      return await createRedisBackend(options.redisUrl, { logger: options.logger });
    } catch (error) {
      const wait = Math.min(5_000, 250 * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
      if (Date.now() + wait > deadline) throw error;
      options.logger.warn({ attempt, retryInMs: Math.round(wait), code: toSwitchboardError(error).code }, 'redis not reachable at start-up; retrying');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  }
}
