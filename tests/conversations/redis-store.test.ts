import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisBackend, RedisConversationStore, RedisKeys } from '../../src/conversations/index.js';
import { BusNotice, decodeBusNotice, type ConversationEventBody } from '../../src/protocol/index.js';
import { describeConversationBus } from './contracts/bus.contract.js';
import { describeConversationLog } from './contracts/log.contract.js';
import { describeRateLimiter } from './contracts/rate-limiter.contract.js';
import { describeConversationStore } from './contracts/store.contract.js';

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

const limiterBackends: Array<{ close(): Promise<void> }> = [];
afterAll(async () => {
  await Promise.all(limiterBackends.map((backend) => backend.close()));
});
describeRateLimiter(
  'redis',
  async (options) => {
    // One backend per limiter, as one instance each; the prefix is shared so their budgets meet in Redis.
    const backend = await createRedisBackend(redisUrl, { prefix: 'swb:test-limits:' });
    limiterBackends.push(backend);
    return backend.createRateLimiter(options);
  },
  { sharedBetweenInstances: true },
);

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
    for (const key of keys.conversationList(id)) {
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

  it('publishes, from append.lua, an events notice that the BusNotice schema parses to the stored event', async () => {
    const publishing = new RedisConversationStore(redis, { prefix, publishNotices: true });
    const id = randomUUID();
    await publishing.create({ id, tokenHash: 'h', language: 'et' });
    const listener = new Redis(redisUrl);
    const raw: string[] = [];
    listener.on('message', (_channel: string, message: string) => raw.push(message));
    await listener.subscribe(keys.conversationChannel(id));
    try {
      // Text that the Lua string splicing could get wrong, and an empty array (cjson would make it an object).
      const bodies: ConversationEventBody[] = [
        { type: 'message', from: 'citizen', text: 'Tere! "Jõulud" \\ {x} ä 🙂', clientId: 'client-rt-1' },
        { type: 'message', from: 'bot', text: 'Vali:', agency: 'tax', choices: [] },
        { type: 'status', state: 'waiting_human', queuePosition: 2, reason: 'asked' },
      ];
      for (const body of bodies) await publishing.append(id, body);
      const deadline = Date.now() + 2_000;
      while (raw.length < bodies.length && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      const stored = await publishing.eventsAfter(id, 0);
      expect(raw.map((message) => BusNotice.parse(JSON.parse(message)))).toEqual(stored.map((event) => ({ type: 'events', conversationId: id, seq: event.seq, event })));
      expect(raw.map(decodeBusNotice)).not.toContain(undefined);
    } finally {
      listener.disconnect();
    }
  });

  it('decodeBusNotice refuses what is not a notice', () => {
    expect(decodeBusNotice('not json')).toBeUndefined();
    expect(decodeBusNotice('{"type":"events","conversationId":"x"}')).toBeUndefined();
    expect(decodeBusNotice('{"type":"service","status":"fine"}')).toBeUndefined();
  });
});
