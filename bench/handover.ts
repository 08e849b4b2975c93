/**
 * `npm run bench:handover [-- --count 200] [-- --no-doc]`: time from "talk to a person" to the operator
 * seeing the conversation, on two instances sharing one Redis. The citizen's widget is on instance A, the
 * operator's console socket on instance B; each handover is measured from the moment the citizen's
 * `action: request_human` frame is sent to the moment B's `board` frame listing the conversation as queued
 * reaches the operator. After each one the operator claims, replies and closes (not measured in the first
 * figure; claim → citizen sees the operator is the second, reply → citizen the third).
 *
 * Everything runs on loopback in processes this script starts and stops by PID (a redis-server on a free
 * port, never 6379; two `bench/load/switchboard-server.ts` instances). Writes docs/OPERATORS.md's figures.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';
import { startRedis, stopAll, type Owned } from '../scripts/cluster/processes.js';
import { startListening } from './load/children.js';
import { DEMO_OPERATORS } from '../src/operators/index.js';

const { values } = parseArgs({ options: { count: { type: 'string', default: '150' }, 'no-doc': { type: 'boolean', default: false } } });
const COUNT = Math.max(100, Number(values.count));
const owned: Owned[] = [];
process.on('SIGINT', () => void stopAll(owned).then(() => process.exit(130)));

type Frame = Record<string, any>;

/** A socket with a frame log and "wait for the first frame matching" (no sleeps). */
function open(url: string, headers: Record<string, string> = {}) {
  const socket = new WebSocket(url, { headers });
  const frames: Frame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of waiters) wake();
  });
  const ready = new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const waitFor = (match: (frame: Frame) => boolean, from = 0, timeoutMs = 15_000) =>
    new Promise<Frame>((resolve, reject) => {
      const check = () => {
        const found = frames.slice(from).find(match);
        if (found) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error('timed out'));
      }, timeoutMs);
      waiters.add(check);
      check();
    });
  return { socket, frames, ready, waitFor, send: (frame: Frame) => socket.send(JSON.stringify(frame)) };
}

function stats(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  return { n: sorted.length, median: at(0.5), p95: at(0.95), max: sorted.at(-1) as number };
}

async function main() {
  const redis = await startRedis();
  owned.push(redis);
  const [a, b] = await Promise.all(
    ['A', 'B'].map((id) => startListening(`switchboard-${id}`, 'bench/load/switchboard-server.ts', { REDIS_URL: redis.url, INSTANCE_ID: id, LOG_LEVEL: 'warn' })),
  );
  owned.push(a, b);
  const base = (port: number) => `127.0.0.1:${port}`;
  const mari = DEMO_OPERATORS.find((account) => account.id === 'mari')!;
  const signIn = await fetch(`http://${base(b.port)}/api/operators/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: mari.email, password: mari.password }) });
  const { token } = (await signIn.json()) as { token: string };
  const console_ = open(`ws://${base(b.port)}/operators/ws`, { Authorization: `Bearer ${token}` });
  await console_.ready;
  await console_.waitFor((frame) => frame.type === 'board');

  const seen: number[] = [];
  const joined: number[] = [];
  const replied: number[] = [];
  let ref = 0;
  const command = async (frame: Frame) => {
    const id = `b${++ref}`;
    const from = console_.frames.length;
    console_.send({ ...frame, ref: id });
    const result = await console_.waitFor((f) => (f.type === 'done' || f.type === 'error') && f.ref === id, from);
    if (result.type === 'error') throw new Error(`${frame.type}: ${result.code} ${result.message}`);
  };
  for (let i = 0; i < COUNT + 5; i++) {
    const widget = open(`ws://${base(a.port)}/ws?agency=tax`);
    await widget.ready;
    widget.send({ type: 'hello', language: 'en', agency: 'tax' });
    const welcome = await widget.waitFor((frame) => frame.type === 'welcome');
    const id = welcome.conversationId as string;
    await widget.waitFor((frame) => frame.type === 'message' && frame.seq === 1);
    const from = console_.frames.length;
    const t0 = performance.now();
    widget.send({ type: 'action', action: 'request_human' });
    await console_.waitFor((frame) => frame.type === 'board' && frame.items.some((item: Frame) => item.conversationId === id && item.state === 'queued'), from);
    const t1 = performance.now();
    const claimAt = performance.now();
    const claimed = command({ type: 'claim', conversationId: id });
    await widget.waitFor((frame) => frame.type === 'status' && frame.state === 'with_operator');
    const t2 = performance.now();
    await claimed;
    const replyAt = performance.now();
    await command({ type: 'reply', conversationId: id, text: 'Hello, this is Mari.' });
    await widget.waitFor((frame) => frame.type === 'message' && frame.from === 'operator');
    const t3 = performance.now();
    await command({ type: 'close', conversationId: id, outcome: 'resolved' });
    widget.socket.close();
    // The first five warm up the JIT and connections.
    if (i >= 5) {
      seen.push(t1 - t0);
      joined.push(t2 - claimAt);
      replied.push(t3 - replyAt);
    }
  }
  console_.socket.close();
  return { seen: stats(seen), joined: stats(joined), replied: stats(replied) };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
try {
  const result = await main();
  const table = [
    `Run: ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? 'unknown CPU'}), Node ${process.version}, two instances on one local redis-server, ${result.seen.n} handovers one after another (\`npm run bench:handover\`).`,
    '',
    '| from → to | n | median | p95 | max |',
    '|---|---|---|---|---|',
    `| "talk to a person" (citizen on A) → the operator on B sees it queued | ${result.seen.n} | ${fmt(result.seen.median)} | ${fmt(result.seen.p95)} | ${fmt(result.seen.max)} |`,
    `| claim (operator on B) → the citizen on A sees who joined | ${result.joined.n} | ${fmt(result.joined.median)} | ${fmt(result.joined.p95)} | ${fmt(result.joined.max)} |`,
    `| operator's reply (B) → the citizen's widget (A) | ${result.replied.n} | ${fmt(result.replied.median)} | ${fmt(result.replied.p95)} | ${fmt(result.replied.max)} |`,
  ].join('\n');
  console.log(table);
  if (!values['no-doc']) {
    const path = 'docs/OPERATORS.md';
    const doc = readFileSync(path, 'utf8');
    const start = '<!-- bench:handover -->';
    const end = '<!-- /bench:handover -->';
    if (!doc.includes(start)) throw new Error(`${path} has no ${start} marker`);
    writeFileSync(path, `${doc.slice(0, doc.indexOf(start) + start.length)}\n${table}\n${doc.slice(doc.indexOf(end))}`);
    console.log(`written to ${path}`);
  }
} finally {
  await stopAll(owned);
}
