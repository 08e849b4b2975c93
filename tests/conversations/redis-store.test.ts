import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisBackend, RedisConversationStore, RedisKeys } from '../../src/conversations/index.js';
import { describeConversationBus, describeConversationLog, describeConversationStore } from './store.contract.js';

const redisUrl = inject('redisUrl');

/** Every fixture gets its own prefix and removes exactly its own keys (never FLUSH*). */
async function dropPrefix(prefix: string): Promise<void> {
  const admin = new Redis(redisUrl);
  try {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      if (keys.length) await admin.unlink(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    admin.disconnect();
  }
}

describeConversationStore('redis', async () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const backend = await createRedisBackend(redisUrl, { prefix });
  return {
    store: backend.store,
    async dispose() {
      await backend.close();
      await dropPrefix(prefix);
    },
  };
});

describeConversationBus('redis', async () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const backend = await createRedisBackend(redisUrl, { prefix });
  return { bus: backend.bus, dispose: () => backend.close() };
});

describeConversationLog('redis (the append script publishes)', async () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const backend = await createRedisBackend(redisUrl, { prefix });
  expect(backend.store.publishesNotices).toBe(true);
  return {
    store: backend.store,
    bus: backend.bus,
    async dispose() {
      await backend.close();
      await dropPrefix(prefix);
    },
  };
});

describeConversationLog('redis (a store without publishNotices, the log publishes)', async () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const backend = await createRedisBackend(redisUrl, { prefix });
  const redis = new Redis(redisUrl);
  const store = new RedisConversationStore(redis, { prefix });
  expect(store.publishesNotices).toBe(false);
  return {
    store,
    bus: backend.bus,
    async dispose() {
      redis.disconnect();
      await backend.close();
      await dropPrefix(prefix);
    },
  };
});

describe('RedisConversationStore specifics', () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const keys = new RedisKeys(prefix);
  let redis: Redis;
  let store: RedisConversationStore;
  beforeAll(async () => {
    redis = new Redis(redisUrl);
    store = new RedisConversationStore(redis, { prefix });
  });
  afterAll(async () => {
    await dropPrefix(prefix);
    redis.disconnect();
  });

  it('keeps every key of a conversation under its prefix and one hash tag', async () => {
    const id = randomUUID();
    await store.create({ id, tokenHash: 'h', language: 'en' });
    await store.append(id, { type: 'message', from: 'citizen', text: 'hi', clientId: 'client-k-1' });
    const found = (await redis.keys(`${prefix}*`)).filter((key) => key.includes(id)).sort();
    expect(found).toEqual([keys.conversation(id).clientIds, keys.conversation(id).log, keys.conversation(id).record]);
    expect(found.every((key) => key.includes(`{${id}}`))).toBe(true);
  });

  it('gives all keys the deadline, including keys created after expireIn', async () => {
    const id = randomUUID();
    await store.create({ id, tokenHash: 'h', language: 'en' });
    await store.expireIn(id, 100);
    await store.append(id, { type: 'message', from: 'citizen', text: 'late', clientId: 'client-ttl-1' });
    for (const key of Object.values(keys.conversation(id))) {
      const ttl = await redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(90);
      expect(ttl, key).toBeLessThanOrEqual(100);
    }
  });

  it('leaves no key behind after delete', async () => {
    const id = randomUUID();
    await store.create({ id, tokenHash: 'h', language: 'en' });
    await store.append(id, { type: 'message', from: 'citizen', text: 'x', clientId: 'client-d-1' });
    await store.delete(id);
    expect(await redis.exists(...Object.values(keys.conversation(id)))).toBe(0);
  });

  it('rejects a log entry id that would go backwards (stream ids guard seq order)', async () => {
    const id = randomUUID();
    await store.create({ id, tokenHash: 'h', language: 'en' });
    await store.append(id, { type: 'message', from: 'bot', text: 'one' });
    await store.append(id, { type: 'message', from: 'bot', text: 'two' });
    await expect(redis.xadd(keys.conversation(id).log, '1-0', 'at', 'x', 'b', '{}')).rejects.toThrow(/equal or smaller/);
  });
});
