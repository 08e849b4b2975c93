import type { Socket } from 'node:net';
import { Cluster, Redis, type ClusterOptions, type RedisOptions } from 'ioredis';

/** A standalone client or a cluster client: the store and bus use only what both offer. */
export type RedisClient = Redis | Cluster;

/**
 * What a Redis URL names. Accepted forms (see docs/REDIS.md):
 * - `redis://[user:pass@]host:port[/db]` and `rediss://…` (TLS)
 * - `redis+sentinel://[user:pass@]host:port,host:port/<master-name>[/db]` (`rediss+sentinel://` for TLS)
 * - `redis+cluster://[user:pass@]host:port,host:port` (`rediss+cluster://` for TLS)
 */
export type RedisTarget =
  | { kind: 'standalone'; url: string; tls: boolean }
  | { kind: 'sentinel'; sentinels: HostPort[]; name: string; db: number; auth: Auth; tls: boolean }
  | { kind: 'cluster'; nodes: HostPort[]; auth: Auth; tls: boolean };

interface HostPort {
  host: string;
  port: number;
}
interface Auth {
  username?: string;
  password?: string;
}

const MULTI_HOST = /^(rediss?)\+(sentinel|cluster):\/\/(?:([^@/]*)@)?([^/?#]+)(\/[^?#]*)?$/;

export function parseRedisUrl(url: string): RedisTarget {
  if (/^rediss?:\/\//.test(url)) return { kind: 'standalone', url, tls: url.startsWith('rediss:') };
  const match = MULTI_HOST.exec(url);
  if (!match) throw new Error('Unsupported Redis URL: expected redis://, rediss://, redis+sentinel:// or redis+cluster://');
  const [, scheme, kind, userInfo, hostList, path = ''] = match;
  const auth = parseAuth(userInfo);
  const tls = scheme === 'rediss';
  if (kind === 'cluster') return { kind: 'cluster', nodes: parseHosts(hostList, 6379), auth, tls };
  const sentinels = parseHosts(hostList, 26379);
  const [name, db = '0'] = path.split('/').filter(Boolean);
  if (!name) throw new Error('redis+sentinel:// URL needs the master name as its path: …/mymaster');
  return { kind: 'sentinel', sentinels, name: decodeURIComponent(name), db: Number(db), auth, tls };
}

function parseAuth(userInfo: string | undefined): Auth {
  if (!userInfo) return {};
  const [user, pass] = userInfo.split(':');
  if (pass === undefined) return { password: decodeURIComponent(user) };
  return { username: user ? decodeURIComponent(user) : undefined, password: decodeURIComponent(pass) };
}

function parseHosts(list: string, defaultPort: number): HostPort[] {
  return list.split(',').map((part) => {
    const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(part);
    if (bracketed) return { host: bracketed[1], port: Number(bracketed[2] ?? defaultPort) };
    const [host, port] = part.split(':');
    if (!host) throw new Error('Redis URL has an empty host');
    return { host, port: Number(port ?? defaultPort) };
  });
}

/**
 * Deliberate settings (docs/REDIS.md explains each):
 * - `enableOfflineQueue: false` on the command connection: while Redis is away, calls fail at once
 *   (SWB_ERR_STORE_UNAVAILABLE, retryable) instead of piling up in memory and answering minutes late.
 * - `maxRetriesPerRequest: 1`: a command in flight when the socket drops is resent once after the
 *   reconnect, then fails. The append script dedups by clientId, so a resend never appends twice.
 * - `commandTimeout`: a Redis that accepts TCP but does not answer still fails the call in bounded time.
 * - `retryStrategy`: exponential backoff from 50 ms, capped at 2 s, with jitter, retrying forever.
 */
export function clientOptions(role: 'command' | 'subscriber'): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: role === 'subscriber',
    maxRetriesPerRequest: role === 'command' ? 1 : null,
    commandTimeout: role === 'command' ? 2_000 : undefined,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(50 * 2 ** Math.min(times, 6), 2_000) + Math.floor(Math.random() * 100),
    connectionName: `switchboard-${role}`,
    autoResubscribe: true,
  };
}

export function createRedisClient(target: RedisTarget, role: 'command' | 'subscriber'): RedisClient {
  const client = newClient(target, role);
  if (role === 'command') {
    if (client instanceof Cluster) client.on('+node', (node: Redis) => writeOncePerTick(node));
    else writeOncePerTick(client);
  }
  return client;
}

/**
 * Coalesce every command a connection writes in one tick into one socket write. Each ioredis command is
 * otherwise its own `write` syscall (about 12 % of an instance's CPU at saturation, measured with
 * `bench/load/profile.ts --redis`), and Redis then reads them one by one too. Unlike
 * `enableAutoPipelining`, which defers to `setImmediate` and holds new commands while a pipeline is in
 * flight (it lengthened the p99 at a fixed rate), corking adds no wait: the socket is uncorked on
 * `process.nextTick`, after the promise callbacks of the same tick have written their commands.
 */
function writeOncePerTick(client: Redis): void {
  client.on('connect', () => {
    const socket = (client as unknown as { stream?: Socket }).stream;
    if (!socket || CORKED.has(socket)) return;
    CORKED.add(socket);
    const write = socket.write;
    let corked = false;
    const uncork = () => {
      corked = false;
      socket.uncork();
    };
    socket.write = function (this: Socket, ...args: Parameters<Socket['write']>) {
      if (!corked) {
        corked = true;
        socket.cork();
        process.nextTick(uncork);
      }
      return write.apply(this, args);
    } as Socket['write'];
  });
}
const CORKED = new WeakSet<Socket>();

function newClient(target: RedisTarget, role: 'command' | 'subscriber'): RedisClient {
  const options = clientOptions(role);
  if (target.kind === 'standalone') return new Redis(target.url, options);
  const tls = target.tls ? { tls: {} } : {};
  if (target.kind === 'sentinel') {
    return new Redis({
      ...options,
      ...target.auth,
      ...tls,
      sentinels: target.sentinels,
      name: target.name,
      db: target.db,
    });
  }
  const clusterOptions: ClusterOptions = {
    lazyConnect: true,
    enableOfflineQueue: options.enableOfflineQueue,
    clusterRetryStrategy: options.retryStrategy ?? undefined,
    redisOptions: { ...options, ...target.auth, ...tls },
  };
  return new Cluster(target.nodes, clusterOptions);
}
