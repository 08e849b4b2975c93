import type { Logger } from '../../log/index.js';
import { SwitchboardError } from '../../errors/index.js';
import type { ServiceStatus } from '../../protocol/index.js';
import type { Backend } from '../backend.js';
import { createRedisClient, parseRedisUrl, type RedisClient } from './connection.js';
import { failedRedisCommands } from './errors.js';
import { DEFAULT_PREFIX, RedisKeys } from './keys.js';
import { RedisConversationBus } from './redis-bus.js';
import { RedisConversationStore } from './redis-store.js';
import { createRedisRateLimiter } from './redis-rate-limiter.js';
import { RedisApiKeyStore, RedisPackStore } from './redis-pack-store.js';

export interface RedisBackendOptions {
  logger?: Logger;
  /** Key and channel prefix; default `swb:`. Tests use `swb:test-<uuid>:`. */
  prefix?: string;
  /** How long to wait for the first connection before giving up; default 5 s. */
  connectTimeoutMs?: number;
  /** How often to PING Redis to see a hung server (accepts TCP, answers nothing); default 1 s. */
  heartbeatMs?: number;
  /** How long a heartbeat PING may take before Redis counts as hung; default 1 s. */
  heartbeatTimeoutMs?: number;
}

export interface RedisBackend extends Backend {
  readonly kind: 'redis';
  store: RedisConversationStore;
  bus: RedisConversationBus;
  /** The command connection and key prefix, for other Redis-backed stores of this backend (operators). */
  readonly client: RedisClient;
  readonly prefix: string;
}

/**
 * All instances on one Redis: the store, the bus (its own subscriber connection), rate limiters and a
 * health signal that follows the connections. Resolves once both connections are ready; rejects with
 * SWB_ERR_STORE_UNAVAILABLE if Redis cannot be reached within `connectTimeoutMs`.
 *
 * @example
 * const backend = await createRedisBackend('redis://127.0.0.1:6380', { logger });
 */
export async function createRedisBackend(url: string, options: RedisBackendOptions = {}): Promise<RedisBackend> {
  const target = parseRedisUrl(url);
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  const log = options.logger?.child({ component: 'redis' });
  const command = createRedisClient(target, 'command');
  const subscriber = createRedisClient(target, 'subscriber');
  const clients = [command, subscriber];
  try {
    await withTimeout(Promise.all(clients.map((client) => client.connect())), options.connectTimeoutMs ?? 5_000);
  } catch (error) {
    for (const client of clients) client.disconnect();
    throw new SwitchboardError('SWB_ERR_STORE_UNAVAILABLE', 'Redis is not reachable', { cause: error });
  }

  const health = createHealth(clients, command, { everyMs: options.heartbeatMs ?? 1_000, timeoutMs: options.heartbeatTimeoutMs ?? 1_000 }, log);
  const store = new RedisConversationStore(command, { prefix, publishNotices: true });
  const bus = new RedisConversationBus(command, subscriber, { prefix, logger: log });
  const keys = new RedisKeys(prefix);
  return {
    kind: 'redis',
    store,
    bus,
    packs: new RedisPackStore(command, { prefix }),
    apiKeys: new RedisApiKeyStore(command, { prefix }),
    client: command,
    prefix,
    createRateLimiter: (limit) => createRedisRateLimiter(command, keys.rateLimitPrefix(limit.keyPrefix), limit),
    health: health.current,
    stats: () => ({ commandErrors: failedRedisCommands(), reconnects: health.reconnects() }),
    onHealthChange: health.onChange,
    async close() {
      health.stop();
      await bus.close();
      await store.close();
      await Promise.all(clients.map((client) => client.quit().catch(() => client.disconnect())));
    },
  };
}

/**
 * `ok` while every connection is ready and the last heartbeat PING was answered in time; `degraded` as soon
 * as either fails. A killed Redis closes the sockets (seen at once); a frozen one (SIGSTOP, a full disk, a
 * long fork, a partition) keeps them open and answers nothing, which only the heartbeat sees: within
 * `everyMs + timeoutMs` of the freeze. One log line per change.
 */
function createHealth(clients: RedisClient[], command: RedisClient, heartbeat: { everyMs: number; timeoutMs: number }, log?: Logger) {
  const listeners = new Set<(status: ServiceStatus) => void>();
  let answering = true;
  const compute = (): ServiceStatus => (answering && clients.every((client) => client.status === 'ready') ? 'ok' : 'degraded');
  let status: ServiceStatus = compute();
  const recheck = () => {
    const next = compute();
    if (next === status) return;
    status = next;
    if (next === 'degraded') log?.warn({ connected: clients.every((client) => client.status === 'ready') }, 'redis unreachable: service degraded');
    else log?.warn('redis reachable again: service ok');
    for (const listener of listeners) listener(next);
  };
  let beating = false;
  const beat = async () => {
    if (beating) return;
    beating = true;
    let timer: NodeJS.Timeout | undefined;
    try {
      const hung = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), heartbeat.timeoutMs)));
      answering = await Promise.race([command.ping().then(() => true, () => false), hung]);
    } finally {
      clearTimeout(timer);
      beating = false;
    }
    recheck();
  };
  const heartbeatTimer = setInterval(() => void beat(), heartbeat.everyMs);
  heartbeatTimer.unref();
  let reconnects = 0;
  const countReconnect = () => reconnects++;
  for (const client of clients) client.on('reconnecting', countReconnect);
  // Without an 'error' listener ioredis logs every failed reconnect to stderr.
  const onError = (err: Error) => log?.debug({ err: { message: err.message } }, 'redis connection error');
  const events = ['ready', 'close', 'end', 'reconnecting'] as const;
  for (const client of clients) {
    for (const event of events) client.on(event, recheck);
    client.on('error', onError);
  }
  return {
    current: () => status,
    reconnects: () => reconnects,
    onChange(listener: (status: ServiceStatus) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      clearInterval(heartbeatTimer);
      listeners.clear();
      for (const client of clients) client.off('reconnecting', countReconnect);
      for (const client of clients) {
        for (const event of events) client.off(event, recheck);
      }
    },
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no connection within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
