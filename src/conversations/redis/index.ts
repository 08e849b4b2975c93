/** @module conversations/redis  Conversations, delivery and rate limits on Redis; see docs/REDIS.md. */
export { createRedisBackend, type RedisBackend, type RedisBackendOptions } from './redis-backend.js';
export { RedisConversationStore } from './redis-store.js';
export { RedisConversationBus } from './redis-bus.js';
export { RedisPackStore, RedisApiKeyStore } from './redis-pack-store.js';
export { RedisKeys, DEFAULT_PREFIX } from './keys.js';
export { parseRedisUrl, createRedisClient, type RedisClient, type RedisTarget } from './connection.js';
