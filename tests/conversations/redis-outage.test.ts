import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { startRedisServer, type OwnedRedis } from '../setup/redis-server.js';
import { startTcpProxy, type TcpProxy } from '../setup/tcp-proxy.js';
import { expectCode, waitUntil } from './contracts/helpers.js';

// This file stops and restarts Redis, so it uses a redis-server of its own, never the shared test one.
describe('Redis outage: fail fast, degrade, recover', () => {
  let redis: OwnedRedis;
  let backend: RedisBackend;
  beforeAll(async () => {
    redis = await startRedisServer({ persistent: true });
    backend = await createRedisBackend(redis.url, { prefix: `swb:test-${randomUUID()}:` });
  });
  afterAll(async () => {
    await backend?.close();
    await redis?.dispose();
  });

  it('fails calls fast with SWB_ERR_STORE_UNAVAILABLE while down and recovers on the same port', async () => {
    const { store, bus } = backend;
    const id = randomUUID();
    await store.create({ id, tokenHash: 'h', language: 'et' });
    await store.append(id, { type: 'message', from: 'citizen', text: 'enne', clientId: 'client-out-1' });
    const changes: string[] = [];
    backend.onHealthChange((status) => changes.push(status));
    expect(backend.health()).toBe('ok');

    await redis.stop();
    await waitUntil(async () => backend.health() === 'degraded', 3_000);

    const started = Date.now();
    await expectCode(store.append(id, { type: 'message', from: 'citizen', text: 'x', clientId: 'client-out-2' }), 'SWB_ERR_STORE_UNAVAILABLE');
    await expectCode(store.get(id), 'SWB_ERR_STORE_UNAVAILABLE');
    await expectCode(store.eventsAfter(id, 0), 'SWB_ERR_STORE_UNAVAILABLE');
    await expectCode(bus.publish({ type: 'events', conversationId: id, seq: 2 }), 'SWB_ERR_STORE_UNAVAILABLE');
    expect(Date.now() - started).toBeLessThan(500);
    const limiter = backend.createRateLimiter({ keyPrefix: 'msg', points: 5, durationSeconds: 10 });
    // The in-memory insurance limiter answers while Redis is away.
    await expect(limiter.consume('conn-1')).resolves.toEqual({ limited: false });

    await redis.start();
    await waitUntil(async () => backend.health() === 'ok', 10_000);
    expect(changes).toEqual(['degraded', 'ok']);
    const resent = await store.append(id, { type: 'message', from: 'citizen', text: 'x', clientId: 'client-out-2' });
    expect(resent).toMatchObject({ duplicate: false, event: { seq: 2 } });
    expect((await store.eventsAfter(id, 0)).map((event) => event.seq)).toEqual([1, 2]);

    // The subscriber came back too: notices flow again.
    const got: number[] = [];
    bus.subscribe(id, (notice) => notice.type === 'events' && got.push(notice.seq));
    await bus.settled();
    await bus.publish({ type: 'events', conversationId: id, seq: 2 });
    await waitUntil(async () => got.length === 1);
  });
});

describe('a command resent after a reconnect appends once', () => {
  let redis: OwnedRedis;
  let proxy: TcpProxy;
  let backend: RedisBackend;
  beforeAll(async () => {
    redis = await startRedisServer();
    proxy = await startTcpProxy(redis.port);
    backend = await createRedisBackend(`redis://127.0.0.1:${proxy.port}`, { prefix: `swb:test-${randomUUID()}:` });
  });
  afterAll(async () => {
    await backend?.close();
    await proxy?.close();
    await redis?.dispose();
  });

  it('the reply is lost, ioredis resends, the script finds the clientId', async () => {
    const { store } = backend;
    const id = randomUUID();
    await store.create({ id, tokenHash: 'h', language: 'en' });
    const clientId = `client-${randomUUID()}`;
    const cut = proxy.cutAfterRequest(clientId);
    const result = await store.append(id, { type: 'message', from: 'citizen', text: 'once', clientId });
    await cut;
    // `duplicate` proves the first attempt ran in Redis and the resend was recognised.
    expect(result).toMatchObject({ duplicate: true, event: { seq: 1, text: 'once', clientId } });
    const log = await store.eventsAfter(id, 0);
    expect(log).toHaveLength(1);
    expect((await store.get(id))?.lastSeq).toBe(1);
  });
});
