import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { MemoryConversationBus } from './memory-bus.js';
import { MemoryConversationStore } from './memory-store.js';
import type { ConversationBus, ConversationStore } from './store.js';

export interface RateLimitOptions {
  /** Distinguishes limiters sharing one backend (`msg`, `hello`, …). */
  keyPrefix: string;
  points: number;
  durationSeconds: number;
}

/**
 * Everything stateful an instance shares with its peers, built once by the composition root.
 * Memory: one process. Redis (`createRedisBackend`): all instances on one Redis.
 */
export interface Backend {
  readonly kind: 'memory' | 'redis';
  store: ConversationStore;
  bus: ConversationBus;
  createRateLimiter(options: RateLimitOptions): RateLimiterAbstract;
  /** `degraded` while the backing service is unreachable. */
  health(): 'ok' | 'degraded';
  /** Called on every change of `health()`; returns the unsubscribe function. */
  onHealthChange(listener: (status: 'ok' | 'degraded') => void): () => void;
  close(): Promise<void>;
}

export function createMemoryBackend(): Backend {
  const store = new MemoryConversationStore();
  const bus = new MemoryConversationBus();
  return {
    kind: 'memory',
    store,
    bus,
    createRateLimiter: ({ keyPrefix, points, durationSeconds }) =>
      new RateLimiterMemory({ keyPrefix, points, duration: durationSeconds }),
    health: () => 'ok',
    // Memory never goes away while the process lives.
    onHealthChange: () => () => {},
    async close() {
      await bus.close();
      await store.close();
    },
  };
}
