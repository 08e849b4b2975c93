import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { startServer } from '../../src/server.js';
import { startRedisServer, type OwnedRedis } from '../setup/redis-server.js';
import { WidgetClient } from '../helpers/widget-client.js';

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * Two Switchboard instances on one Redis (this file's own redis-server, with AOF, because the chaos test
 * kills it). A widget on A and a second widget resuming the same conversation on B must both see every
 * event, in order, once.
 */
describe('two instances on one Redis', () => {
  let redis: OwnedRedis;
  const backends: RedisBackend[] = [];
  let a: Server;
  let b: Server;
  const clients: WidgetClient[] = [];
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    redis = await startRedisServer({ persistent: true });
    const prefix = `swb:test-${randomUUID()}:`;
    for (let i = 0; i < 2; i++) backends.push(await createRedisBackend(redis.url, { prefix, logger }));
    [a, b] = await Promise.all(
      backends.map((backend, i) => startServer({ port: 0, backend, logger, instanceId: `inst-${i}` })),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(backends.map((backend) => backend.close()));
    await redis?.dispose();
  });

  async function connect(server: Server): Promise<WidgetClient> {
    const client = await WidgetClient.connect(server.url);
    clients.push(client);
    return client;
  }

  /** Send a citizen message and wait for its ack and the bot's answer after it. */
  async function say(client: WidgetClient, text: string, clientId = `c-${randomUUID()}`) {
    client.send({ type: 'message', clientId, text });
    const ack = await client.next('ack', (frame) => frame.clientId === clientId);
    const reply = await client.next('message', (frame) => frame.from !== 'citizen' && frame.seq > ack.seq);
    return { ack, reply };
  }

  /** Every logged event exactly once and in order: seqs 1..n, and the same events the store holds. */
  async function expectCompleteLog(client: WidgetClient, conversationId: string, store = backends[0].store) {
    const stored = await store.eventsAfter(conversationId, 0);
    const last = stored.at(-1)?.seq ?? 0;
    await client.next('message', (frame) => frame.seq === last).catch(() => client.next('status', (f) => f.seq === last));
    const received = client.events();
    expect(received.map((event) => event.seq)).toEqual(stored.map((event) => event.seq));
    expect(received.map((event) => event.seq)).toEqual(Array.from({ length: last }, (_, i) => i + 1));
    expect(received).toEqual(stored);
  }

  it('a widget on A and a resumed widget on B see every event once, in order', async () => {
    const onA = await connect(a);
    onA.send({ type: 'hello', language: 'en' });
    const welcome = await onA.next('welcome');
    await say(onA, 'hello');
    await say(onA, 'how do I renew my passport');

    const onB = await connect(b);
    onB.send({ type: 'hello', token: welcome.token, lastSeq: 0 });
    const resumed = await onB.next('welcome');
    expect(resumed).toMatchObject({ conversationId: welcome.conversationId, resumed: true });
    await onB.next('message', (frame) => frame.seq === resumed.seq);

    // Both write now: A's citizen and B's citizen (the same person on two devices), alternating.
    for (let i = 0; i < 3; i++) {
      await say(onA, 'when is the tax return deadline');
      await say(onB, 'thank you');
    }
    await expectCompleteLog(onA, welcome.conversationId);
    await expectCompleteLog(onB, welcome.conversationId);
    // The citizen lines from B reached A too.
    expect(onA.events().filter((event) => event.type === 'message' && event.text === 'thank you')).toHaveLength(3);
  });

  it('ownership race across instances: of 40 compare-and-sets exactly one wins', async () => {
    const id = randomUUID();
    await backends[0].store.create({ id, tokenHash: 'h', language: 'et' });
    const attempts = Array.from({ length: 40 }, (_, i) =>
      backends[i % 2].store.compareAndSetOwner(id, 'bot', `operator:${i % 2 === 0 ? 'a' : 'b'}-${i}`),
    );
    const won = (await Promise.all(attempts)).filter(Boolean);
    expect(won).toHaveLength(1);
    const owner = (await backends[1].store.get(id))?.owner;
    expect(owner).toMatch(/^operator:[ab]-\d+$/);
  });

  it('chaos: Redis goes away mid-conversation; widgets are told, resends lose and double nothing', async () => {
    const onA = await connect(a);
    onA.send({ type: 'hello', language: 'en' });
    const welcome = await onA.next('welcome');
    await say(onA, 'hello');
    const onB = await connect(b);
    onB.send({ type: 'hello', token: welcome.token, lastSeq: 0 });
    await onB.next('welcome');

    // One message leaves just as Redis dies: it may or may not have been stored.
    const inFlight = `c-${randomUUID()}`;
    onA.send({ type: 'message', clientId: inFlight, text: 'how do I renew my passport' });
    await redis.stop();
    const downAt = Date.now();
    await onA.next('service', (frame) => frame.status === 'degraded', 5_000);
    await onB.next('service', (frame) => frame.status === 'degraded', 5_000);

    const duringOutage = `c-${randomUUID()}`;
    onA.send({ type: 'message', clientId: duringOutage, text: 'what benefits can a family get' });
    const refused = await onA.next('error', (frame) => frame.clientId === duringOutage, 5_000);
    expect(refused).toMatchObject({ code: 'SWB_ERR_STORE_UNAVAILABLE', retryable: true });

    while (Date.now() - downAt < 3_000) await new Promise((resolve) => setTimeout(resolve, 100));
    await redis.start();
    await onA.next('service', (frame) => frame.status === 'ok', 15_000);
    await onB.next('service', (frame) => frame.status === 'ok', 15_000);

    // The widget resends both; the one that made it before the crash is acknowledged as a duplicate.
    for (const clientId of [inFlight, duringOutage]) {
      onA.send({ type: 'message', clientId, text: clientId === inFlight ? 'how do I renew my passport' : 'what benefits can a family get' });
      await onA.next('ack', (frame) => frame.clientId === clientId);
    }
    await say(onA, 'thank you');
    await say(onB, 'goodbye');

    const stored = await backends[0].store.eventsAfter(welcome.conversationId, 0);
    for (const clientId of [inFlight, duringOutage]) {
      expect(stored.filter((event) => event.type === 'message' && event.clientId === clientId)).toHaveLength(1);
    }
    await expectCompleteLog(onA, welcome.conversationId);
    await expectCompleteLog(onB, welcome.conversationId);
  });
});
