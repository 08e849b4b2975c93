import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { createLogger, unhandledRejections } from '../../src/log/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startRedisServer, type OwnedRedis } from '../setup/redis-server.js';
import { auditCitizens, ResilientCitizen } from '../helpers/resilient-citizen.js';

const QUESTIONS = [
  'When is the income tax return deadline?',
  'I lost my passport',
  'How do I register a vehicle?',
  'what is the tax free income',
  'How do I apply for an ID card?',
  'When will I get my tax refund?',
];
const CONVERSATIONS = 50;
const FAST_TURNS = { leaseMs: 1_500, sweepEveryMs: 300, sweepAfterMs: 1_000, retryMinMs: 100, retryMaxMs: 1_000 };

/**
 * Storage faults under live traffic: two instances on one Redis (AOF, fsync always), 50 citizens over real
 * WebSockets asking one question after another like the widget does. Redis is SIGKILLed for 3 s, then
 * frozen (SIGSTOP) for 5 s, while they talk. Afterwards every accepted message must have exactly one
 * answer in the log, nothing stored twice, seqs without gaps, both instances up, and health must have gone
 * degraded and come back.
 */
describe('every accepted message gets exactly one answer through a Redis kill and a freeze', () => {
  let redis: OwnedRedis;
  const backends: RedisBackend[] = [];
  const servers: RunningServer[] = [];
  const health: string[][] = [[], []];
  const logger = createLogger({ level: 'silent' });

  beforeAll(async () => {
    redis = await startRedisServer({ persistent: true });
    const prefix = `swb:test-${randomUUID()}:`;
    for (let i = 0; i < 2; i++) {
      const backend = await createRedisBackend(redis.url, { prefix, logger, heartbeatMs: 300, heartbeatTimeoutMs: 500 });
      backend.onHealthChange((status) => health[i].push(status));
      backends.push(backend);
      servers.push(await startServer({ port: 0, backend, logger, instanceId: `fault-${i}`, turns: FAST_TURNS }));
    }
  }, 120_000);

  afterAll(async () => {
    redis?.thaw();
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(backends.map((backend) => backend.close()));
    await redis?.dispose();
  });

  it('kill 3 s, freeze 5 s: 0 lost, 0 stored twice, 0 unanswered, seqs gapless, both instances alive', async () => {
    const rejectionsBefore = unhandledRejections();
    const citizens = Array.from({ length: CONVERSATIONS }, (_, i) => new ResilientCitizen(servers[i % 2].url, { language: 'en', agency: 'tax', ackTimeoutMs: 2_000 }));
    await Promise.all(citizens.map((citizen) => citizen.start()));
    // Everyone keeps talking through both faults: a question, an answer, a pause, the next question.
    let talk = true;
    const talking = Promise.all(
      citizens.map(async (citizen, i) => {
        for (let q = 0; talk; q++) {
          await citizen.ask(QUESTIONS[(i + q) % QUESTIONS.length], 30_000);
          await sleep(200 + Math.random() * 300);
        }
      }),
    );

    await sleep(800);
    await redis.stop();
    await sleep(3_000);
    await redis.start();
    await until(() => backends.every((backend) => backend.health() === 'ok'), 15_000);
    await sleep(500);
    redis.freeze();
    await sleep(5_000);
    redis.thaw();
    await sleep(1_000);
    talk = false;
    await talking;
    for (const citizen of citizens) citizen.finish();

    // Whatever is still owed (a turn waiting for its retry) finishes on its own; then audit the store.
    const store = backends[0].store;
    await until(async () => (await store.owedTurns(0, 1_000)).length === 0 || (await allSettled()), 20_000);
    const { accepted, neverAccepted, ...totals } = await auditCitizens(citizens, (id) => store.eventsAfter(id, 0, 10_000));
    const errors = citizens.reduce((sum, citizen) => sum + citizen.stats.retryableErrors, 0);
    const reconnects = citizens.reduce((sum, citizen) => sum + citizen.stats.reconnects, 0);
    console.info(`fault run: ${accepted} accepted, ${errors} retryable errors, ${reconnects} reconnects, health A ${health[0].join('→')}, B ${health[1].join('→')}`);
    expect(accepted).toBeGreaterThanOrEqual(CONVERSATIONS * 2);
    expect(totals).toEqual({ lost: 0, storedTwice: 0, unanswered: 0, answeredTwice: 0, notGapless: 0, conflictingSeqs: 0 });
    for (const [i, server] of servers.entries()) {
      const response = await fetch(`${server.url}/healthz`);
      expect(response.status, `instance ${i} answers and is ok`).toBe(200);
      expect(health[i][0]).toBe('degraded');
      expect(health[i].at(-1)).toBe('ok');
    }
    expect(unhandledRejections() - rejectionsBefore).toBe(0);

    async function allSettled(): Promise<boolean> {
      for (const citizen of citizens) {
        const record = await store.get(citizen.conversationId!);
        if (record && record.lastCitizenSeq > record.turnSeq) return false;
      }
      return true;
    }
  }, 120_000);
});

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function until(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(100);
  }
}
