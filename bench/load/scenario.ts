/**
 * `tsx bench/load/scenario.ts --scenario redis-1 --shape saturation,rate [--rate 400] [--conversations 200]
 * [--duration 4000] [--repeat 3] [--trace]`: one scenario of `bench/load.ts`, its shapes in the order given, as often as asked,
 * for working on a figure without the whole benchmark. Prints each run's LoadResult, every server's
 * event-loop delay and GC pauses during the run, and (with --trace) when the slowest turns started, to
 * tell a periodic stall (GC, a timer) from scattered scheduling noise. Loopback only, bounded, and every
 * child is stopped by PID.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startRedis, stopAll, type Owned } from '../../scripts/cluster/processes.js';
import { runGenerator, runtimeOf, startListening } from './children.js';

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'redis-1' },
    shape: { type: 'string', default: 'rate' },
    rate: { type: 'string', default: '400' },
    conversations: { type: 'string', default: '200' },
    duration: { type: 'string', default: '4000' },
    repeat: { type: 'string', default: '1' },
    trace: { type: 'boolean', default: false },
  },
});
const scenario = values.scenario as 'memory' | 'redis-1' | 'redis-3';
const shapes = values.shape.split(',') as ('rate' | 'saturation')[];
const owned: Owned[] = [];
const dir = mkdtempSync(join(tmpdir(), 'swb-scenario-'));
process.on('SIGINT', () => void stopAll(owned).then(() => process.exit(130)));

try {
  const server = 'bench/load/switchboard-server.ts';
  const env: Record<string, string> = {};
  if (scenario !== 'memory') {
    const redis = await startRedis();
    owned.push(redis);
    env.REDIS_URL = redis.url;
  }
  const count = scenario === 'redis-3' ? 3 : 1;
  const servers = await Promise.all(
    Array.from({ length: count }, (_, i) => startListening(`${scenario}/${i + 1}`, server, { ...env, INSTANCE_ID: `s-${i + 1}` })),
  );
  owned.push(...servers);
  let port = servers[0].port;
  if (count > 1) {
    const balancer = await startListening('balancer', 'scripts/cluster/balancer-main.ts', { BACKENDS: servers.map((s) => s.port).join(',') });
    owned.push(balancer);
    port = balancer.port;
  }
  for (let run = 1; run <= Number(values.repeat); run++) for (const shape of shapes) {
    await Promise.all(servers.map((s) => runtimeOf(s.child)));
    const cpuBefore = owned.map((o) => cpuSeconds(o.child.pid));
    const wallBefore = performance.now();
    const tracePath = join(dir, `trace-${run}-${shape}.json`);
    const result = await runGenerator(
      {
        url: `http://127.0.0.1:${port}`,
        kind: 'switchboard',
        shape,
        conversations: Number(values.conversations),
        durationMs: Number(values.duration),
        rate: Number(values.rate),
      },
      undefined,
      values.trace ? { LOAD_TRACE: tracePath } : {},
    );
    const runtimes = await Promise.all(servers.map((s) => runtimeOf(s.child)));
    const wall = (performance.now() - wallBefore) / 1000;
    const cpu = owned.map((o, i) => `${o.name} ${Math.round(((cpuSeconds(o.child.pid) - cpuBefore[i]) / wall) * 100)}%`);
    console.log(`${scenario} ${shape} run ${run}: ${JSON.stringify(result)}`);
    for (const [i, r] of runtimes.entries()) {
      const { type: _, ...rest } = r;
      console.log(`  server ${i + 1}: ${JSON.stringify(rest)}`);
    }
    console.log(`  CPU (share of one core over the run, generator excluded): ${cpu.join(', ')}`);
    if (values.trace) printTrace(JSON.parse(readFileSync(tracePath, 'utf8')) as [number, number][]);
  }
} finally {
  await stopAll(owned.splice(0));
  rmSync(dir, { recursive: true, force: true });
}

/** User + system CPU seconds of a process so far (Linux /proc; 0 elsewhere). */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}

/** The slowest 2 % of turns: when they started (100 ms buckets), to see whether they cluster. */
function printTrace(trace: [number, number][]): void {
  const sorted = [...trace].sort((a, b) => b[1] - a[1]);
  const slow = sorted.slice(0, Math.max(1, Math.floor(trace.length / 50)));
  const buckets = new Map<number, number>();
  for (const [at] of slow) buckets.set(Math.floor(at / 100), (buckets.get(Math.floor(at / 100)) ?? 0) + 1);
  const line = [...buckets].sort((a, b) => a[0] - b[0]).map(([b, n]) => `${b * 100}ms×${n}`).join(' ');
  console.log(`  slowest ${slow.length} turns (≥ ${slow.at(-1)?.[1]} ms) started at: ${line}`);
}
