import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startRedisServer, type OwnedRedis } from '../setup/redis-server.js';
import { startTcpProxy, type TcpProxy } from '../setup/tcp-proxy.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { auditLog } from '../helpers/resilient-citizen.js';

/**
 * One test per way a turn can be left undone (issue 23), each on a test-owned Redis with the sweeper off
 * unless the path needs it, so that the path under test is the one that finishes the turn:
 * the turn fails after the append; the append is stored but its reply lost; a duplicate arrives while the
 * turn is owed or running; the instance running the turn dies and another finishes it.
 *
 * The agency's bot is a real HTTP bot this file runs; it holds requests until the test lets them go, so a
 * fault can be placed exactly in the middle of a turn.
 */
const logger = createLogger({ level: 'silent' });
const NO_SWEEP = { sweepEveryMs: 3_600_000, retryMinMs: 100, retryMaxMs: 500 };
let redis: OwnedRedis;
let agencies: string;
let bot: GatedBot;

beforeAll(async () => {
  redis = await startRedisServer({ persistent: true });
  bot = await GatedBot.start();
  agencies = await mkdtemp(join(tmpdir(), 'swb-turns-'));
  await mkdir(join(agencies, 'library', 'intents'), { recursive: true });
  await writeFile(
    join(agencies, 'library', 'manifest.yaml'),
    `id: library\nname: { en: National Library }\ndescription: { en: Books }\nlanguages: [en]\nbot: { type: http, url: "${bot.url}", timeoutMs: 20000 }\n`,
  );
  const examples = ['when does the library open', 'library opening hours', 'is the library open on sunday', 'what time does the reading room open', 'opening times of the national library'];
  const borrow = ['how do I borrow a book', 'can I take books home', 'borrowing rules', 'loan period for books', 'how long can I keep a book'];
  await writeFile(
    join(agencies, 'library', 'intents', 'en.yaml'),
    `language: en\nintents:\n  - name: opening_hours\n    examples:\n${examples.map((e) => `      - ${e}\n`).join('')}    answers:\n      - 9 to 20.\n  - name: borrow\n    examples:\n${borrow.map((e) => `      - ${e}\n`).join('')}    answers:\n      - Show your ID card.\n`,
  );
}, 60_000);

afterAll(async () => {
  redis?.thaw();
  await bot?.close();
  await redis?.dispose();
  await rm(agencies, { recursive: true, force: true });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  bot.releaseAll();
  bot.requests = 0;
  bot.turns.length = 0;
  while (cleanups.length) await cleanups.pop()!();
});

async function instance(options: { prefix: string; redisUrl?: string; instanceId?: string; turns?: NonNullable<Parameters<typeof startServer>[0]>['turns'] }): Promise<{ server: RunningServer; backend: RedisBackend }> {
  const backend = await createRedisBackend(options.redisUrl ?? redis.url, { prefix: options.prefix, logger, heartbeatMs: 200, heartbeatTimeoutMs: 300 });
  const server = await startServer({ port: 0, backend, logger, agenciesDir: agencies, modelCacheDir: false, instanceId: options.instanceId, turns: options.turns ?? NO_SWEEP });
  cleanups.push(async () => {
    await server.close().catch(() => undefined);
    await backend.close().catch(() => undefined);
  });
  return { server, backend };
}

async function citizen(server: RunningServer): Promise<{ client: WidgetClient; conversationId: string }> {
  const client = await WidgetClient.connect(server.url, '?agency=library');
  cleanups.push(() => client.close());
  const welcome = await client.hello({ language: 'en' });
  return { client, conversationId: welcome.conversationId };
}

/** Wait until the stored log answers every citizen message once (or fail with what it holds). */
async function expectAnsweredOnce(backend: RedisBackend, conversationId: string, citizenMessages: number): Promise<void> {
  const deadline = Date.now() + 15_000;
  let audit = auditLog(await backend.store.eventsAfter(conversationId, 0));
  while ((audit.unanswered > 0 || audit.citizen < citizenMessages) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    audit = auditLog(await backend.store.eventsAfter(conversationId, 0));
  }
  expect(audit).toEqual({ citizen: citizenMessages, storedTwice: 0, unanswered: 0, answeredTwice: 0, gapless: true });
  const record = await backend.store.get(conversationId);
  expect(record?.turnSeq).toBe(record?.lastCitizenSeq);
}

describe('a turn is owed until it is done', () => {
  it('the turn fails after the append (Redis dies mid-turn): it runs again when Redis is back, once', async () => {
    const { server, backend } = await instance({ prefix: `swb:test-${randomUUID()}:` });
    const { client, conversationId } = await citizen(server);
    client.say('when does the library open');
    await bot.waitForRequests(1);
    await redis.stop();
    bot.releaseAll(); // the bot answers; appending its reply fails: Redis is gone
    bot.autoRelease = true; // the retried turn asks the bot again, and gets its answer at once
    cleanups.push(async () => {
      bot.autoRelease = false;
    });
    await new Promise((resolve) => setTimeout(resolve, 500));
    await redis.start();
    while (backend.health() !== 'ok') await new Promise((resolve) => setTimeout(resolve, 50));
    await expectAnsweredOnce(backend, conversationId, 1);
    expect(bot.requests).toBe(2);
    // The re-run names the same turn, so a bot with side effects can do them once.
    expect(bot.turns).toEqual([`${conversationId}:2`, `${conversationId}:2`]);
  });

  it('the append is stored but its reply is lost: the resend is a duplicate and the turn still happens, once', async () => {
    const proxy: TcpProxy = await startTcpProxy(redis.port);
    cleanups.push(() => proxy.close());
    const { server, backend } = await instance({ prefix: `swb:test-${randomUUID()}:`, redisUrl: `redis://127.0.0.1:${proxy.port}` });
    bot.autoRelease = true;
    cleanups.push(async () => {
      bot.autoRelease = false;
    });
    const { client, conversationId } = await citizen(server);
    const clientId = randomUUID();
    const cut = proxy.cutAfterRequest(clientId);
    client.say('when does the library open', { clientId });
    await cut;
    // However the first attempt ended (an error, or an ack after ioredis resent it), the widget resends.
    await client.waitFor((frame) => (frame.type === 'error' || frame.type === 'ack') && 'clientId' in frame && frame.clientId === clientId, { timeoutMs: 10_000 });
    const from = client.frames.length;
    client.say('when does the library open', { clientId });
    const ack = await client.waitFor((frame) => frame.type === 'ack' && frame.clientId === clientId, { from, timeoutMs: 10_000 });
    expect(ack).toMatchObject({ duplicate: true });
    await expectAnsweredOnce(backend, conversationId, 1);
  });

  it('a duplicate while the turn runs, and another after it is done, add nothing', async () => {
    const { server, backend } = await instance({ prefix: `swb:test-${randomUUID()}:` });
    const { client, conversationId } = await citizen(server);
    const clientId = randomUUID();
    client.say('when does the library open', { clientId });
    await bot.waitForRequests(1);
    client.say('when does the library open', { clientId });
    await client.waitFor((frame) => frame.type === 'ack' && frame.duplicate === true);
    bot.releaseAll();
    await expectAnsweredOnce(backend, conversationId, 1);
    const from = client.frames.length;
    client.say('when does the library open', { clientId });
    await client.waitFor((frame) => frame.type === 'ack' && frame.duplicate === true, { from });
    await server.router.drain();
    expect(bot.requests).toBe(1);
    await expectAnsweredOnce(backend, conversationId, 1);
  });

  it('the instance running the turn dies: another instance takes the lease over and finishes it, once', async () => {
    const prefix = `swb:test-${randomUUID()}:`;
    const sweeping = { leaseMs: 1_000, sweepEveryMs: 200, sweepAfterMs: 500, retryMinMs: 100, retryMaxMs: 500 };
    const a = await instance({ prefix, instanceId: 'dying', turns: { ...NO_SWEEP, leaseMs: 1_000 } });
    const b = await instance({ prefix, instanceId: 'survivor', turns: sweeping });
    const { client, conversationId } = await citizen(a.server);
    client.say('how do I borrow a book');
    await bot.waitForRequests(1);
    // A "dies": its connections to Redis are gone (no more lease renewals, no writes), its bot call hangs.
    await a.backend.close();
    bot.autoRelease = true;
    cleanups.push(async () => {
      bot.autoRelease = false;
    });
    await expectAnsweredOnce(b.backend, conversationId, 1);
    bot.releaseAll(); // A's late bot answer finds A dead: it writes nothing
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expectAnsweredOnce(b.backend, conversationId, 1);
    expect(bot.requests).toBe(2);
  });
});

/** A Switchboard-protocol HTTP bot whose answers wait for the test (`releaseAll`) unless `autoRelease`. */
class GatedBot {
  requests = 0;
  /** `BotRequest.turn` of every request, in order. */
  readonly turns: string[] = [];
  autoRelease = false;
  readonly #held: Array<() => void> = [];
  readonly #waiters = new Set<() => void>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<GatedBot> {
    let gated: GatedBot | undefined;
    const server = createServer((req, res) => gated!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    gated = new GatedBot(server, `http://127.0.0.1:${(server.address() as { port: number }).port}/bot`);
    return gated;
  }

  handle(req: IncomingMessage, res: ServerResponse): void {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      this.requests++;
      const request = JSON.parse(body) as { intent?: string; turn?: string };
      const intent = request.intent ?? 'unknown';
      this.turns.push(request.turn ?? '');
      const answer = () => {
        if (res.destroyed) return;
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ replies: [{ text: `answer to ${intent}` }] }));
      };
      if (this.autoRelease) answer();
      else this.#held.push(answer);
      for (const wake of this.#waiters) wake();
    });
  }

  releaseAll(): void {
    for (const answer of this.#held.splice(0)) answer();
  }

  async waitForRequests(count: number): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (this.requests < count) {
      if (Date.now() > deadline) throw new Error(`bot got ${this.requests} of ${count} requests`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
