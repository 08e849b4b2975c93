/**
 * `tsx bench/load/profile.ts [--redis]`: where a Switchboard instance spends its CPU under closed-loop load.
 * Runs one instance with `--cpu-prof`, drives it for 8 s with 200 conversations, and prints self time in
 * the last 9.5 s of the profile (the load plus shutdown, not start-up) grouped by package / source folder,
 * and the top functions. Loopback only, bounded.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRedis, type Owned } from '../../scripts/cluster/processes.js';
import { runGenerator, startListening } from './children.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const useRedis = process.argv.includes('--redis');
const LOAD_MS = 8_000;
const dir = mkdtempSync(join(tmpdir(), 'swb-prof-'));
const owned: Owned[] = [];
try {
  const env: Record<string, string> = {};
  if (useRedis) {
    const redis = await startRedis();
    owned.push(redis);
    env.REDIS_URL = redis.url;
  }
  const server = await startListening('profiled', 'bench/load/switchboard-server.ts', env, ['--cpu-prof', `--cpu-prof-dir=${dir}`]);
  const result = await runGenerator({ url: `http://127.0.0.1:${server.port}`, kind: 'switchboard', shape: 'saturation', conversations: 200, durationMs: LOAD_MS });
  console.log(`load: ${result.messagesPerSecond} turns/s, p50 ${result.p50Ms} ms, p99 ${result.p99Ms} ms`);
  await server.stop();
  const file = readdirSync(dir).find((name) => name.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  summarise(JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile);
} finally {
  for (const item of owned.reverse()) await item.stop();
  rmSync(dir, { recursive: true, force: true });
}

function summarise(profile: Profile): void {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Only the load window: the profile also covers start-up (model training), which is not what we ask.
  const at: number[] = [];
  profile.timeDeltas.reduce((t, delta, i) => (at[i] = t + delta), 0);
  const windowStart = (at.at(-1) ?? 0) - (LOAD_MS + 1_500) * 1_000;
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (at[i] >= windowStart) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
    const group = groupOf(url, functionName);
    groups.set(group, (groups.get(group) ?? 0) + micros);
    const key = `${functionName || '(anonymous)'} ${shortUrl(url)}:${lineNumber + 1}`;
    functions.set(key, (functions.get(key) ?? 0) + micros);
  }
  const pct = (micros: number) => `${((micros / total) * 100).toFixed(1)}%`.padStart(6);
  console.log('\nself time by area');
  for (const [group, micros] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${pct(micros)}  ${group}`);
  console.log('\ntop functions (self time)');
  for (const [key, micros] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${pct(micros)}  ${key}`);

  // Native functions (writev, writeUtf8String, …) say little on their own: show who calls them, up to
  // the first frame in our code or a package.
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const callers = new Map<string, number>();
  for (const [id, micros] of self) {
    const { functionName, url } = byId.get(id)!.callFrame;
    if (url || !/^[a-z]/i.test(functionName)) continue;
    let up = parent.get(id);
    const chain: string[] = [];
    while (up !== undefined && chain.length < 3) {
      const frame = byId.get(up)!.callFrame;
      if (frame.url && !frame.url.startsWith('node:')) chain.push(`${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`);
      up = parent.get(up);
    }
    const key = `${functionName} ← ${chain.join(' ← ') || '?'}`;
    callers.set(key, (callers.get(key) ?? 0) + micros);
  }
  console.log('\nnative functions by caller (self time)');
  for (const [key, micros] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${pct(micros)}  ${key}`);
}

function groupOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native / V8)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return `npm:${pkg[1]}`;
  const src = /\/src\/([^/]+)/.exec(url);
  if (src) return `src/${src[1]}`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  return shortUrl(url);
}

function shortUrl(url: string): string {
  return url.replace(/^file:\/\/.*?\/(node_modules|src|bench)\//, '$1/');
}
