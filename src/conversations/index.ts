/** @module conversations  Conversation records, their ordered logs, and delivery between instances. */
export type { ConversationStore, ConversationBus, AppendResult } from './store.js';
export { ConversationRecord, newConversationRecord, type NewConversation, type ConversationPatch } from './types.js';
export { MemoryConversationStore } from './memory-store.js';
export { MemoryConversationBus } from './memory-bus.js';
export { issueToken, parseToken, tokenMatches } from './token.js';
export { createMemoryBackend, type Backend } from './backend.js';
export { createMemoryRateLimiter, type RateLimiter, type RateLimitOptions, type RateLimitResult } from './rate-limiter.js';
export { createBackend, type BackendOptions } from './create-backend.js';
export {
  createRedisBackend,
  RedisConversationStore,
  RedisConversationBus,
  RedisPackStore,
  RedisApiKeyStore,
  RedisKeys,
  parseRedisUrl,
  type RedisBackend,
  type RedisBackendOptions,
} from './redis/index.js';
export { ConversationLog } from './conversation-log.js';
export type { PackStore, ApiKeyStore, ApiKeyRecord, StoredDraft, StoredVersion, VersionSummary, LivePacks } from './pack-store.js';
export { MemoryPackStore, MemoryApiKeyStore } from './memory-pack-store.js';
