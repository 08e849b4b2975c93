/**
 * `npm run bench [-- --quick] [-- --json] [-- --no-doc]`: load on echo (a bare ws server, the baseline),
 * memory, redis-1 and redis-3 (three instances behind a TCP balancer), interleaved per shape so machine
 * noise hits every scenario alike; then memory per idle connection. Everything runs on loopback, in child
 * processes this script starts and stops by PID; every run is bounded in count and time.
 * Writes the table to docs/PERFORMANCE.md (unless --no-doc) and, with --json, one object to stdout.
 * Then (unless --no-durability) the cost of durability: redis-1 at saturation with Redis keeping nothing,
 * AOF fsynced every second, and AOF fsynced on every write, in the same run; table to docs/REDIS.md.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { startRedis, stopAll, type Owned } from '../scripts/cluster/processes.js';
import { memoryOf, runGenerator, startListening } from './load/children.js';
import type { LoadResult } from './load/generator.js';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'no-doc': { type: 'boolean', default: false },
    'no-durability': { type: 'boolean', default: false },
    'durability-only': { type: 'boolean', default: false },
  },
});
const size = values.quick
  ? { conversations: 200, durationMs: 4_000, rate: 400, idle: 1_000 }
  : { conversations: 1_000, durationMs: 10_000, rate: 2_000, idle: 10_000 };
const say = (line: string) => (values.json ? process.stderr : process.stdout).write(`${line}\n`);

type Scenario = 'echo' | 'memory' | 'redis-1' | 'redis-3';
const SCENARIOS: Scenario[] = ['echo', 'memory', 'redis-1', 'redis-3'];
const owned: Owned[] = [];
process.on('SIGINT', () => void stopAll(owned).then(() => process.exit(130)));

async function startScenarios(): Promise<Record<Scenario, number>> {
  const server = 'bench/load/switchboard-server.ts';
  const [redisOne, redisThree] = await Promise.all([startRedis(), startRedis()]);
  owned.push(redisOne, redisThree);
  const started = await Promise.all([
    startListening('echo', 'bench/load/echo-server.ts', {}),
    startListening('memory', server, {}),
    startListening('redis-1', server, { REDIS_URL: redisOne.url }),
    ...[1, 2, 3].map((i) => startListening(`redis-3/${i}`, server, { REDIS_URL: redisThree.url, INSTANCE_ID: `r3-${i}` })),
  ]);
  owned.push(...started);
  const balancer = await startListening('balancer', 'scripts/cluster/balancer-main.ts', {
    BACKENDS: started.slice(3).map((s) => s.port).join(','),
  });
  owned.push(balancer);
  return { echo: started[0].port, memory: started[1].port, 'redis-1': started[2].port, 'redis-3': balancer.port };
}

/** Server memory before and while `count` connections (each after hello) sit idle; KB per connection. */
async function idleMemory(name: string, entry: string, env: Record<string, string>, clientEnv: Record<string, string> = {}) {
  const server = await startListening(name, entry, env, ['--expose-gc']);
  try {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const before = await memoryOf(server.child);
    let during = before;
    const kind = entry.includes('echo') ? 'echo' : 'switchboard';
    await runGenerator(
      { url: `http://127.0.0.1:${server.port}`, kind, shape: 'idle', conversations: size.idle, durationMs: 0 },
      async () => {
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        during = await memoryOf(server.child);
      },
      clientEnv,
    );
    return {
      rssKbPerConnection: round((during.rssKb - before.rssKb) / size.idle),
      heapKbPerConnection: round((during.heapUsedKb - before.heapUsedKb) / size.idle),
    };
  } finally {
    await server.stop();
  }
}

const round = (n: number) => Math.round(n * 100) / 100;

type Durability = 'none' | 'aof-everysec' | 'aof-always';

/** redis-1 at saturation against three Redis persistence settings, each on a fresh Redis, twice, interleaved. */
async function durability(): Promise<Record<Durability, LoadResult[]>> {
  const modes: Durability[] = ['none', 'aof-everysec', 'aof-always'];
  const results: Record<Durability, LoadResult[]> = { none: [], 'aof-everysec': [], 'aof-always': [] };
  for (let round = 0; round < 2; round++) {
    for (const mode of modes) {
      const redis = await startRedis(mode === 'none' ? {} : { aof: true, fsync: mode === 'aof-always' ? 'always' : 'everysec' });
      const server = await startListening(`durability-${mode}`, 'bench/load/switchboard-server.ts', { REDIS_URL: redis.url });
      try {
        const result = await runGenerator({ url: `http://127.0.0.1:${server.port}`, kind: 'switchboard', shape: 'saturation', conversations: size.conversations, durationMs: size.durationMs, rate: size.rate });
        results[mode].push(result);
        say(`durability ${mode.padEnd(13)} ${JSON.stringify(result)}`);
      } finally {
        await server.stop();
        await redis.stop();
      }
    }
  }
  return results;
}

function writeDurabilityDoc(results: Record<Durability, LoadResult[]>): string {
  const best = (mode: Durability) => Math.max(...results[mode].map((r) => r.messagesPerSecond));
  const base = best('none');
  const rows = (Object.keys(results) as Durability[]).map((mode) => {
    const runs = results[mode];
    return `| ${mode} | ${runs.map((r) => r.messagesPerSecond).join(' / ')} | ${round(best(mode) / base)} | ${runs.map((r) => r.p99Ms).join(' / ')} | ${runs.reduce((sum, r) => sum + r.errors + r.timeouts, 0)} |`;
  });
  const table = [
    `Last run: ${new Date().toISOString().slice(0, 16)}Z, ${values.quick ? '`--quick`' : 'full'}, ${cpus().length} cores (shared), ${size.conversations} conversations, ${size.durationMs / 1000} s per run, two interleaved rounds.`,
    '',
    '| Redis persistence | saturation msg/s (round 1 / 2) | best vs none | p99 ms at saturation | errors + timeouts |',
    '|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  if (!values['no-doc']) {
    const path = 'docs/REDIS.md';
    const [begin, end] = ['<!-- durability:begin -->', '<!-- durability:end -->'];
    let doc = readFileSync(path, 'utf8');
    const block = `${begin}\n${table}\n${end}`;
    doc = doc.includes(begin) ? doc.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), block) : `${doc}\n${block}\n`;
    writeFileSync(path, doc);
  }
  return table;
}

async function main() {
  say(`bench: ${values.quick ? 'quick' : 'full'} run, ${cpus().length} cores, Node ${process.version}`);
  if (values['durability-only']) {
    say(writeDurabilityDoc(await durability()));
    return;
  }
  const saturation: Partial<Record<Scenario, LoadResult>> = {};
  const rate: Partial<Record<Scenario, LoadResult>> = {};
  try {
    say('starting echo, memory, redis-1 and redis-3 (model training takes a while)…');
    const ports = await startScenarios();
    for (const [shape, results] of [['saturation', saturation], ['rate', rate]] as const) {
      for (const name of SCENARIOS) {
        const result = await runGenerator({
          url: `http://127.0.0.1:${ports[name]}`,
          kind: name === 'echo' ? 'echo' : 'switchboard',
          shape,
          conversations: size.conversations,
          durationMs: size.durationMs,
          rate: size.rate,
        });
        results[name] = result;
        say(`${shape.padEnd(10)} ${name.padEnd(8)} ${JSON.stringify(result)}`);
      }
    }
  } finally {
    await stopAll(owned.splice(0));
  }

  say(`idle: ${size.idle} connections each…`);
  const idle = {
    echo: await idleMemory('echo', 'bench/load/echo-server.ts', {}),
    echoDeflate: await idleMemory('echo+deflate', 'bench/load/echo-server.ts', { DEFLATE: '1' }, { CLIENT_DEFLATE: '1' }),
    memory: await idleMemory('memory', 'bench/load/switchboard-server.ts', {}),
  };
  say(`idle ${JSON.stringify(idle)}`);

  const entries = SCENARIOS.map((name) => ({
    name,
    messagesPerSecond: saturation[name]!.messagesPerSecond,
    p50Ms: rate[name]!.p50Ms,
    p95Ms: rate[name]!.p95Ms,
    p99Ms: rate[name]!.p99Ms,
    rssKbPerConnection: name === 'echo' ? idle.echo.rssKbPerConnection : name === 'memory' ? idle.memory.rssKbPerConnection : null,
    saturation: saturation[name],
    rate: rate[name],
  }));
  const report = {
    quick: values.quick,
    cores: cpus().length,
    node: process.version,
    size,
    scenarios: entries,
    idle,
    targets: checkTargets(entries, idle),
  };
  if (!values['no-doc']) writeDoc(report);
  if (values.json) process.stdout.write(`${JSON.stringify(report)}\n`);
  else say(table(report));
  if (!values['no-durability']) say(writeDurabilityDoc(await durability()));
}

type Entry = { name: string; messagesPerSecond: number; p50Ms: number; p95Ms: number; p99Ms: number; rssKbPerConnection: number | null; saturation?: LoadResult; rate?: LoadResult };

function checkTargets(entries: Entry[], idle: { memory: { rssKbPerConnection: number } }) {
  const by = Object.fromEntries(entries.map((e) => [e.name, e]));
  return [
    { target: 'memory ≥ 0.5× echo at saturation', value: round(by.memory.messagesPerSecond / by.echo.messagesPerSecond), met: by.memory.messagesPerSecond >= 0.5 * by.echo.messagesPerSecond },
    { target: `p99 ≤ 10 ms at ${size.rate} msg/s, memory`, value: by.memory.p99Ms, met: by.memory.p99Ms <= 10 },
    { target: `p99 ≤ 20 ms at ${size.rate} msg/s, redis-1`, value: by['redis-1'].p99Ms, met: by['redis-1'].p99Ms <= 20 },
    { target: '≤ 10 KB RSS per idle connection (memory)', value: idle.memory.rssKbPerConnection, met: idle.memory.rssKbPerConnection <= 10 },
    { target: 'redis-3 ≥ 0.85× redis-1 at saturation', value: round(by['redis-3'].messagesPerSecond / by['redis-1'].messagesPerSecond), met: by['redis-3'].messagesPerSecond >= 0.85 * by['redis-1'].messagesPerSecond },
  ];
}

function table(report: { scenarios: Entry[]; idle: Record<string, { rssKbPerConnection: number; heapKbPerConnection: number }>; targets: { target: string; value: number; met: boolean }[] }): string {
  const rows = report.scenarios.map(
    (e) =>
      `| ${e.name} | ${e.messagesPerSecond} | ${e.saturation?.p99Ms ?? ''} | ${e.p50Ms} | ${e.p95Ms} | ${e.p99Ms} | ${(e.rate?.errors ?? 0) + (e.saturation?.errors ?? 0)} / ${(e.rate?.timeouts ?? 0) + (e.saturation?.timeouts ?? 0)} | ${e.rssKbPerConnection ?? 'n/m'} |`,
  );
  const idleRows = Object.entries(report.idle).map(([name, m]) => `| ${name} | ${m.rssKbPerConnection} | ${m.heapKbPerConnection} |`);
  const targetRows = report.targets.map((t) => `| ${t.target} | ${t.value} | ${t.met ? 'met' : '**missed**'} |`);
  return [
    `| scenario | saturation msg/s | saturation p99 ms | p50 ms @ ${size.rate}/s | p95 ms | p99 ms | errors / timeouts | RSS KB / idle conn |`,
    '|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `| idle (${size.idle} connections after hello) | RSS KB / conn | heap KB / conn |`,
    '|---|---|---|',
    ...idleRows,
    '',
    '| target | measured | |',
    '|---|---|---|',
    ...targetRows,
  ].join('\n');
}

const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';
function writeDoc(report: Parameters<typeof table>[0] & { quick: boolean; cores: number; node: string }): void {
  const path = 'docs/PERFORMANCE.md';
  const block = `${BEGIN}\nLast run: ${new Date().toISOString().slice(0, 16)}Z, ${report.quick ? '`--quick`' : 'full'} run, ${report.cores} cores (shared), Node ${report.node}. ${size.conversations} conversations, ${size.durationMs / 1000} s per shape.\n\n${table(report)}\n${END}`;
  let doc: string;
  try {
    doc = readFileSync(path, 'utf8');
  } catch {
    doc = `# Performance\n\n${BEGIN}\n${END}\n`;
  }
  doc = doc.includes(BEGIN) ? doc.replace(new RegExp(`${BEGIN}[\\s\\S]*?${END}`), block) : `${doc}\n${block}\n`;
  writeFileSync(path, doc);
}

await main();
