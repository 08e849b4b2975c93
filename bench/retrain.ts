/**
 * `npx tsx bench/retrain.ts [--json]`: what a publish costs a running instance.
 * 1. One instance (memory), demo agencies: evaluate a new agency's draft (time), then publish it with the
 *    model cache off, so the retrain really trains, while the event loop's delay is sampled
 *    (perf_hooks.monitorEventLoopDelay, 10 ms resolution) and a client asks /api/explain every 50 ms.
 *    For comparison, the same training run on the main thread.
 * 2. Two instances on a Redis of our own: publish on A, time until B routes with the new model (B has an empty
 *    model cache of its own, so it trains as an instance on another machine would).
 * Figures go to docs/AGENCIES.md by hand (the machine's load varies; say what it was).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createRedisBackend } from '../src/conversations/index.js';
import { createLogger } from '../src/log/index.js';
import { trainIntentModel } from '../src/nlu/index.js';
import { startServer, type RunningServer } from '../src/server.js';
import { startRedisServer } from '../tests/setup/redis-server.js';
import { ADMIN_TOKEN, api, issueKey, libraryDraft } from '../tests/registration/fixtures.js';

const logger = createLogger({ level: 'silent' });
const json = process.argv.includes('--json');
const ms = (ns: number) => Math.round(ns / 1e5) / 10;

async function single(): Promise<Record<string, number>> {
  const server = await startServer({ port: 0, logger, adminToken: ADMIN_TOKEN, modelCacheDir: false });
  try {
    const key = await issueKey(server, 'library');
    const draft = (await api(server, 'POST', '/api/registry/library/drafts', key, libraryDraft())).body.draft;
    let t0 = performance.now();
    await api(server, 'POST', `/api/registry/library/drafts/${draft.id}/evaluate`, key);
    const evaluateMs = performance.now() - t0;

    // The same traffic for the same time without a publish: the machine's own event-loop noise.
    const probe = async (during: () => Promise<unknown>) => {
      const histogram = monitorEventLoopDelay({ resolution: 10 });
      const latencies: number[] = [];
      let running = true;
      const prober = (async () => {
        while (running) {
          const s = performance.now();
          await api(server, 'POST', '/api/explain', undefined, { text: 'When is the income tax return deadline?' });
          latencies.push(performance.now() - s);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      })();
      histogram.enable();
      const started = performance.now();
      const result = await during();
      const took = performance.now() - started;
      histogram.disable();
      running = false;
      await prober;
      return { histogram, latencies: latencies.sort((a, b) => a - b), took, result };
    };
    t0 = performance.now();
    const { histogram, latencies, took: publishMs, result } = await probe(() => api(server, 'POST', `/api/registry/library/drafts/${draft.id}/publish`, key, { force: true }));
    const published = result as Awaited<ReturnType<typeof api>>;
    const idle = await probe(() => new Promise((resolve) => setTimeout(resolve, publishMs)));
    if (published.status !== 200) throw new Error(JSON.stringify(published.body));
    latencies.sort((a, b) => a - b);

    // The same training on the main thread: what the event loop would have waited without the worker.
    t0 = performance.now();
    trainIntentModel(server.network.examples(), { seed: 42 });
    const mainThreadTrainMs = performance.now() - t0;
    return {
      evaluateMs: Math.round(evaluateMs),
      publishMs: Math.round(publishMs),
      refreshMs: server.network.lastRefreshMs ?? NaN,
      ...Object.fromEntries(Object.entries(server.network.lastRefreshSteps ?? {}).map(([k, v]) => [`refresh_${k}`, v])),
      idleLoopDelayP50Ms: ms(idle.histogram.percentile(50)),
      idleLoopDelayP99Ms: ms(idle.histogram.percentile(99)),
      idleLoopDelayMaxMs: ms(idle.histogram.max),
      loopDelayP50Ms: ms(histogram.percentile(50)),
      loopDelayP99Ms: ms(histogram.percentile(99)),
      loopDelayMaxMs: ms(histogram.max),
      explainRequests: latencies.length,
      explainP50Ms: Math.round(latencies[Math.floor(latencies.length / 2)] ?? NaN),
      explainMaxMs: Math.round(latencies.at(-1) ?? NaN),
      mainThreadTrainMs: Math.round(mainThreadTrainMs),
    };
  } finally {
    await server.close();
  }
}

async function twoInstances(): Promise<Record<string, number>> {
  const redis = await startRedisServer();
  const servers: RunningServer[] = [];
  const backends = [await createRedisBackend(redis.url, { logger, prefix: 'swb:bench:' }), await createRedisBackend(redis.url, { logger, prefix: 'swb:bench:' })];
  try {
    for (const [i, backend] of backends.entries()) {
      servers.push(await startServer({ port: 0, logger, backend, instanceId: `bench-${i}`, adminToken: ADMIN_TOKEN, modelCacheDir: mkdtempSync(join(tmpdir(), `swb-bench-${i}-`)) }));
    }
    const [a, b] = servers;
    const key = await issueKey(a, 'library');
    const draft = (await api(a, 'POST', '/api/registry/library/drafts', key, libraryDraft())).body.draft;
    await api(a, 'POST', `/api/registry/library/drafts/${draft.id}/evaluate`, key);
    const t0 = performance.now();
    const published = await api(a, 'POST', `/api/registry/library/drafts/${draft.id}/publish`, key, { force: true });
    const liveOnA = performance.now() - t0;
    while (b.network.modelVersion !== published.body.model) await new Promise((resolve) => setTimeout(resolve, 10));
    const liveOnB = performance.now() - t0;
    return { publishToLiveOnAMs: Math.round(liveOnA), publishToLiveOnBMs: Math.round(liveOnB), refreshOnBMs: b.network.lastRefreshMs ?? NaN };
  } finally {
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(backends.map((backend) => backend.close()));
    await redis.dispose();
  }
}

const results = { single: await single(), twoInstances: await twoInstances() };
if (json) console.log(JSON.stringify(results));
else console.table({ ...results.single, ...results.twoInstances });
process.exit(0);
