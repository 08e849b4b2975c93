import type { Logger } from '../log/index.js';
import { createMemoryBackend, type Backend } from './backend.js';
import { createRedisBackend } from './redis/index.js';

export interface BackendOptions {
  /** `redis://…`, `rediss://…`, `redis+sentinel://…` or a cluster URL; absent ⇒ in-memory. */
  redisUrl?: string;
  logger: Logger;
}

/** The one place that picks the state backend. */
export async function createBackend(options: BackendOptions): Promise<Backend> {
  if (!options.redisUrl) return createMemoryBackend();
  return createRedisBackend(options.redisUrl, { logger: options.logger });
}
