import type { ServiceStatus } from '../protocol/index.js';
import { MemoryConversationBus } from './memory-bus.js';
import { MemoryConversationStore } from './memory-store.js';
import { createMemoryRateLimiter, type RateLimiter, type RateLimitOptions } from './rate-limiter.js';
import type { ConversationBus, ConversationStore } from './store.js';
import { MemoryApiKeyStore, MemoryPackStore } from './memory-pack-store.js';
import type { ApiKeyStore, PackStore } from './pack-store.js';

/**
 * Everything stateful an instance shares with its peers, built once by the composition root.
 * Memory: one process. Redis (`createRedisBackend`): all instances on one Redis.
 */
export interface Backend {
  readonly kind: 'memory' | 'redis';
  store: ConversationStore;
  bus: ConversationBus;
  createRateLimiter(options: RateLimitOptions): RateLimiter;
  /** Agency drafts and published versions (the registration API). */
  packs: PackStore;
  apiKeys: ApiKeyStore;
  /** `degraded` while the backing service is unreachable. */
  health(): ServiceStatus;
  /** Failures counted since start, for metrics: Redis commands that failed, reconnection attempts. */
  stats(): { commandErrors: number; reconnects: number };
  /** Called on every change of `health()`; returns the unsubscribe function. */
  onHealthChange(listener: (status: ServiceStatus) => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBackend(): Backend {
  const store = new MemoryConversationStore();
  const bus = new MemoryConversationBus();
  return {
    kind: 'memory',
    store,
    bus,
    createRateLimiter: createMemoryRateLimiter,
    packs: new MemoryPackStore(),
    apiKeys: new MemoryApiKeyStore(),
    health: () => 'ok',
    stats: () => ({ commandErrors: 0, reconnects: 0 }),
    // Memory never goes away while the process lives.
    onHealthChange: () => () => {},
    async close() {
      await bus.close();
      await store.close();
    },
  };
}
