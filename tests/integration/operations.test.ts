import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { startServer, type RunningServer } from '../../src/server.js';
import { startBalancer, type Balancer } from '../../scripts/cluster/tcp-balancer.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { auditCitizens, ResilientCitizen } from '../helpers/resilient-citizen.js';
import { startRedisServer, type OwnedRedis } from '../setup/redis-server.js';

/** Prometheus text exposition → `name{labels}` → value (comments skipped; labels kept as written). */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+(\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    samples.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return samples;
}

const families = (samples: Map<string, number>) => new Set([...samples.keys()].map((key) => key.replace(/\{.*$/, '').replace(/_(bucket|sum|count)$/, '')));

describe('/metrics', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startTestServer({ metricsToken: 'a-metrics-token-for-tests' });
  });
  afterAll(async () => {
    await server?.close();
  });

  const scrape = async () => {
    const response = await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer a-metrics-token-for-tests' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    return parseExposition(await response.text());
  };

  it('needs the bearer token when one is set', async () => {
    expect((await fetch(`${server.url}/metrics`)).status).toBe(401);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(401);
  });

  it('counts a scripted conversation: connections, frames, decisions, classify and bot latency; bounded labels', async () => {
    const before = await scrape();
    const client = await WidgetClient.connect(server.url);
    await client.hello({ language: 'en', agency: 'tax' });
    await ask(server, client, 'When is the income tax return deadline?');
    client.sendRaw('not json');
    await client.waitFor((frame) => frame.type === 'error');
    const during = await scrape();
    const delta = (key: string) => (during.get(key) ?? 0) - (before.get(key) ?? 0);
    expect(delta('swb_ws_connections')).toBe(1);
    expect(delta('swb_ws_frames_received_total{type="hello"}')).toBe(1);
    expect(delta('swb_ws_frames_received_total{type="message"}')).toBe(1);
    expect(delta('swb_ws_frames_received_total{type="invalid"}')).toBe(1);
    expect(delta('swb_ws_frames_sent_total{type="ack"}')).toBe(1);
    expect(delta('swb_routing_decisions_total{rule="route",agency="tax"}')).toBe(1);
    expect(delta('swb_classify_seconds_count')).toBe(1);
    expect(delta('swb_bot_seconds_count{agency="tax",outcome="ok"}')).toBe(1);
    await client.close();
    await expect.poll(async () => (await scrape()).get('swb_ws_connections')).toBe(before.get('swb_ws_connections') ?? 0);

    const names = families(during);
    for (const family of ['swb_ws_connections', 'swb_ws_frames_received_total', 'swb_ws_frames_sent_total', 'swb_routing_decisions_total', 'swb_classify_seconds', 'swb_bot_seconds', 'swb_turns_waiting', 'swb_redis_command_errors', 'swb_redis_reconnects', 'swb_nodejs_eventloop_lag_seconds', 'swb_nodejs_heap_size_used_bytes']) {
      expect(names, family).toContain(family);
    }
    // No label value is a conversation id or free text: every label value comes from a closed set.
    const labelValues = [...during.keys()].flatMap((key) => [...key.matchAll(/="([^"]*)"/g)].map((match) => match[1]));
    expect(labelValues.some((value) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(value))).toBe(false);
  });
});

describe('ids on log lines', () => {
  it('HTTP answers carry a request id (the caller\'s when it is a plain token); a widget\'s lines name its conversation', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(...chunk.toString().split('\n').filter(Boolean));
        done();
      },
    });
    const server = await startTestServer({ logger: createLogger({ level: 'debug', destination: stream }) });
    try {
      const fresh = await fetch(`${server.url}/api/agencies`);
      expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect((await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'lb-1234.abc' } })).headers.get('x-request-id')).toBe('lb-1234.abc');
      expect((await fetch(`${server.url}/healthz`, { headers: { 'x-request-id': 'bad id with spaces' } })).headers.get('x-request-id')).not.toContain(' ');
      const client = await WidgetClient.connect(server.url);
      const { conversationId } = await client.hello({ language: 'en' });
      client.sendRaw('{"type":"nope"}');
      await client.waitFor((frame) => frame.type === 'error');
      await client.close();
      const invalid = lines.map((line) => JSON.parse(line) as { msg: string; conversationId?: string; connId?: string }).find((line) => line.msg === 'invalid frame');
      expect(invalid).toMatchObject({ conversationId, connId: expect.any(String) });
    } finally {
      await server.close();
    }
  });
});

describe('docs/grafana-dashboard.json', () => {
  it('plots only series that /metrics exposes', async () => {
    const server = await startTestServer();
    try {
      // Declared families (`# TYPE` lines): a counter nobody has touched yet has no sample but is exposed.
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const exposed = new Set([...text.matchAll(/^# TYPE (\S+) /gm)].map((match) => match[1]));
      const dashboard = JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs', 'grafana-dashboard.json'), 'utf8')) as { panels: Array<{ targets: Array<{ expr: string }> }> };
      const used = dashboard.panels.flatMap((panel) => panel.targets.flatMap((target) => [...target.expr.matchAll(/\bswb_[a-z0-9_]+/g)].map((match) => match[0].replace(/_(bucket|sum|count)$/, ''))));
      expect(used.length).toBeGreaterThan(10);
      expect(used.filter((name) => !exposed.has(name))).toEqual([]);
    } finally {
      await server.close();
    }
  });
});

describe('/readyz and drain', () => {
  let redis: OwnedRedis;
  const logger = createLogger({ level: 'silent' });
  beforeAll(async () => {
    redis = await startRedisServer({ persistent: true });
  }, 30_000);
  afterAll(async () => {
    await redis?.dispose();
  });

  it('is ready only while Redis answers, and stops being ready as soon as a drain begins', async () => {
    const backend = await createRedisBackend(redis.url, { prefix: `swb:test-${randomUUID()}:`, logger, heartbeatMs: 200, heartbeatTimeoutMs: 300 });
    const server = await startServer({ port: 0, backend, logger, drainDelayMs: 500 });
    try {
      const readyz = async () => (await fetch(`${server.url}/readyz`)).status;
      expect(await readyz()).toBe(200);
      await redis.stop();
      await expect.poll(readyz, { timeout: 5_000 }).toBe(503);
      expect((await (await fetch(`${server.url}/readyz`)).json()).reason).toBe('backend unreachable');
      await redis.start();
      await expect.poll(readyz, { timeout: 10_000 }).toBe(200);
      const closing = server.close();
      expect(await readyz()).toBe(503);
      expect((await (await fetch(`${server.url}/readyz`)).json()).reason).toBe('draining');
      await closing;
    } finally {
      await server.close();
      await backend.close();
    }
  }, 40_000);

  it('drains an instance under a live conversation: the widget moves to the other instance, nothing lost or doubled', async () => {
    const prefix = `swb:test-${randomUUID()}:`;
    const backends: RedisBackend[] = [];
    const servers: RunningServer[] = [];
    for (let i = 0; i < 2; i++) {
      const backend = await createRedisBackend(redis.url, { prefix, logger });
      backends.push(backend);
      servers.push(await startServer({ port: 0, backend, logger, instanceId: `drain-${i}`, drainDelayMs: 200 }));
    }
    const balancer: Balancer = await startBalancer({ port: 0, backends: servers.map((server) => server.port) });
    const citizens = Array.from({ length: 6 }, () => new ResilientCitizen(`http://127.0.0.1:${balancer.port}`, { language: 'en', agency: 'tax', ackTimeoutMs: 2_000 }));
    try {
      await Promise.all(citizens.map((citizen) => citizen.start()));
      let talk = true;
      const questions = ['When is the income tax return deadline?', 'I lost my passport', 'When will I get my tax refund?'];
      const talking = Promise.all(
        citizens.map(async (citizen, i) => {
          for (let q = 0; talk; q++) {
            await citizen.ask(questions[(i + q) % questions.length], 20_000);
            await new Promise((resolve) => setTimeout(resolve, 100));
          }
        }),
      );
      await new Promise((resolve) => setTimeout(resolve, 700));
      await servers[0].close(); // SIGTERM's path: not ready, stop accepting, close 1012, finish turns
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      talk = false;
      await talking;
      for (const citizen of citizens) citizen.finish();
      const { accepted, neverAccepted, ...totals } = await auditCitizens(citizens, (id) => backends[1].store.eventsAfter(id, 0, 1_000));
      const sent = citizens.reduce((sum, citizen) => sum + citizen.stats.asks.length, 0);
      const received = citizens.reduce((sum, citizen) => sum + citizen.stats.asks.filter((ask) => ask.answeredAt !== undefined).length, 0);
      const moved = citizens.reduce((sum, citizen) => sum + citizen.stats.reconnects, 0);
      console.info(`drain: ${sent} questions sent, ${received} answered, ${accepted} accepted, ${moved} widgets moved`);
      expect(moved).toBeGreaterThan(0);
      expect(totals).toEqual({ lost: 0, storedTwice: 0, unanswered: 0, answeredTwice: 0, notGapless: 0, conflictingSeqs: 0 });
      expect(received).toBe(sent);
      expect(neverAccepted).toBe(0);
    } finally {
      await balancer.close();
      for (const server of servers) await server.close();
      for (const backend of backends) await backend.close();
    }
  }, 60_000);
});
