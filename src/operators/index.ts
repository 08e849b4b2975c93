/** @module operators  Accounts and sessions, per-agency queues, claims, live takeover and return to the bot. */
export { AccountDirectory, readAccountsFile, writeAccountsFile, firstName } from './accounts.js';
export { hashPassword, verifyPassword } from './passwords.js';
export { OperatorSessions, type OperatorSessionsDeps } from './sessions.js';
export { HandoverQueues, boardChannel, type HandoverQueuesDeps } from './queues.js';
export { OperatorService, type OperatorServiceDeps, type ConversationControl } from './service.js';
export type { OperatorStore, HandoverRecord } from './store.js';
export { MemoryOperatorStore } from './memory-store.js';
export { RedisOperatorStore } from './redis/redis-operator-store.js';
export { OperatorKeys } from './redis/keys.js';
export { isOpenAt } from './hours.js';
export { demoAccounts, DEMO_OPERATORS } from './demo.js';
