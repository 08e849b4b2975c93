/**
 * The load generator, in its own process (loopback only). It gets one job over IPC, runs it, answers
 * with a LoadResult and exits. Every run is bounded: a connection count, a duration, and a drain limit.
 */
import { randomUUID } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { WebSocket } from 'ws';

export interface LoadJob {
  url: string;
  /** `echo` servers answer every frame with `{type:"echo"}`; Switchboard answers with ack + bot message. */
  kind: 'echo' | 'switchboard';
  shape: 'saturation' | 'rate' | 'idle';
  conversations: number;
  durationMs: number;
  /** Messages per second, all conversations together (shape `rate`). */
  rate?: number;
  /** Shape `idle`: after the first hold, every conversation sends one message, then a second hold. */
  oneMessageEach?: boolean;
}

export interface LoadResult {
  completed: number;
  errors: number;
  timeouts: number;
  messagesPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  connected: number;
}

const TEXTS = ['how do I renew my passport', 'when is the tax return deadline', 'what benefits can a family get'];
const DRAIN_MS = 5_000;

interface Pending {
  clientId: string;
  startedAt: number;
  ackSeq?: number;
}

class Conversation {
  readonly pending: Pending[] = [];
  onTurn?: () => void;
  #welcome?: () => void;
  #openUntil?: number;

  constructor(
    readonly socket: WebSocket,
    readonly kind: LoadJob['kind'],
    readonly record: (latencyMs: number, startedAt: number) => void,
    readonly fail: () => void,
  ) {
    socket.on('message', (data) => this.#onFrame(JSON.parse(String(data))));
  }

  /**
   * Resolves once the conversation is open and quiet: the welcome has arrived and, for Switchboard, so
   * has every event up to the welcome's seq (the greeting). Measuring earlier would time the first turns
   * against the server's own start-up work for the conversations (subscribe, greeting delivery).
   */
  hello(): Promise<void> {
    return new Promise((resolve) => {
      this.#welcome = resolve;
      this.socket.send(JSON.stringify({ type: 'hello', language: 'en' }));
    });
  }

  send(startedAt = performance.now()): void {
    const clientId = randomUUID();
    this.pending.push({ clientId, startedAt });
    this.socket.send(JSON.stringify({ type: 'message', clientId, text: TEXTS[Math.floor(Math.random() * TEXTS.length)] }));
  }

  #onFrame(frame: { type: string; clientId?: string; seq?: number; from?: string }): void {
    if (this.#welcome) {
      const welcome = frame.type === 'welcome';
      if (welcome) this.#openUntil = frame.seq ?? 0;
      if (this.#openUntil !== undefined && (welcome ? this.#openUntil === 0 : (frame.seq ?? 0) >= this.#openUntil)) {
        const opened = this.#welcome;
        this.#welcome = undefined;
        opened();
      }
      return;
    }
    if (frame.type === 'error') {
      const index = this.pending.findIndex((p) => p.clientId === frame.clientId);
      if (index >= 0) this.pending.splice(index, 1);
      this.fail();
      this.onTurn?.();
      return;
    }
    if (frame.type === 'ack') {
      const item = this.pending.find((p) => p.clientId === frame.clientId);
      if (item) item.ackSeq = frame.seq;
      return;
    }
    const done =
      this.kind === 'echo'
        ? frame.type === 'echo' && this.pending[0]?.clientId === frame.clientId
        : frame.type === 'message' &&
          frame.from !== 'citizen' &&
          this.pending[0]?.ackSeq !== undefined &&
          (frame.seq ?? 0) > this.pending[0].ackSeq;
    if (!done) return;
    const item = this.pending.shift()!;
    this.record(performance.now() - item.startedAt, item.startedAt);
    this.onTurn?.();
  }
}

async function openAll(job: LoadJob, record: (ms: number, startedAt: number) => void, fail: () => void): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  const wsUrl = `${job.url.replace(/^http/, 'ws')}/ws`;
  const batch = 100;
  for (let i = 0; i < job.conversations; i += batch) {
    const opened = await Promise.all(
      Array.from({ length: Math.min(batch, job.conversations - i) }, async () => {
        const socket = new WebSocket(wsUrl, { perMessageDeflate: process.env.CLIENT_DEFLATE === '1' });
        socket.on('error', () => {});
        await new Promise<void>((resolve, reject) => {
          socket.once('open', () => resolve());
          socket.once('error', reject);
        });
        const conversation = new Conversation(socket, job.kind, record, fail);
        await conversation.hello();
        return conversation;
      }),
    );
    conversations.push(...opened);
  }
  return conversations;
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function runJob(job: LoadJob): Promise<LoadResult> {
  const latencies: number[] = [];
  // LOAD_TRACE=<file>: also write every measured turn as `[start ms into the window, latency ms]` (JSON).
  const trace: [number, number][] = [];
  let errors = 0;
  let measuring = false;
  let started = 0;
  const record = (ms: number, startedAt: number) => {
    if (!measuring) return;
    latencies.push(ms);
    if (process.env.LOAD_TRACE) trace.push([round(startedAt - started), round(ms)]);
  };
  const conversations = await openAll(job, record, () => errors++);

  if (job.shape === 'idle') {
    // Hold the connections until the orchestrator has measured, then let go.
    const hold = async () => {
      const released = new Promise<void>((resolve) => process.once('message', () => resolve()));
      process.send?.({ type: 'connected', count: conversations.length });
      await released;
    };
    await hold();
    if (job.oneMessageEach) {
      // In batches, as citizens would: the figure is what a conversation keeps, not the peak of a
      // thousand turns at once (V8 does not hand a burst's pages back to the OS at once).
      for (let i = 0; i < conversations.length; i += 100) {
        await Promise.all(
          conversations.slice(i, i + 100).map(
            (conversation) =>
              new Promise<void>((resolve) => {
                conversation.onTurn = resolve;
                conversation.send();
              }),
          ),
        );
      }
      await hold();
    }
    for (const c of conversations) c.socket.terminate();
    return { completed: 0, errors, timeouts: 0, messagesPerSecond: 0, p50Ms: NaN, p95Ms: NaN, p99Ms: NaN, connected: conversations.length };
  }

  measuring = true;
  started = performance.now();
  const endAt = started + job.durationMs;
  if (job.shape === 'saturation') {
    // Closed loop: each conversation sends its next message as soon as the previous turn completes.
    for (const conversation of conversations) {
      conversation.onTurn = () => {
        if (performance.now() < endAt && conversation.pending.length === 0) conversation.send();
      };
      conversation.send();
    }
    await sleep(job.durationMs);
  } else {
    // Open loop: message k is due at start + k/rate, whatever the answers do; latency counts from the
    // due time, so a slow server cannot hide its queue (no coordinated omission).
    const rate = job.rate ?? 1000;
    let k = 0;
    while (performance.now() < endAt) {
      const now = performance.now();
      while (started + (k * 1000) / rate <= now) {
        conversations[k % conversations.length].send(started + (k * 1000) / rate);
        k++;
      }
      await sleep(1);
    }
  }
  const elapsed = performance.now() - started;
  const completedInWindow = latencies.length;
  const drainUntil = performance.now() + DRAIN_MS;
  while (conversations.some((c) => c.pending.length > 0) && performance.now() < drainUntil) await sleep(20);
  const timeouts = conversations.reduce((sum, c) => sum + c.pending.length, 0);
  for (const c of conversations) c.socket.terminate();

  if (process.env.LOAD_TRACE) writeFileSync(process.env.LOAD_TRACE, JSON.stringify(trace));
  const sorted = Float64Array.from(latencies).sort();
  return {
    completed: latencies.length,
    errors,
    timeouts,
    messagesPerSecond: Math.round((completedInWindow / elapsed) * 1000),
    p50Ms: round(percentile(sorted, 50)),
    p95Ms: round(percentile(sorted, 95)),
    p99Ms: round(percentile(sorted, 99)),
    connected: conversations.length,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const round = (n: number) => Math.round(n * 100) / 100;

const send = (message: unknown) => process.send?.(message);
if (process.send) {
  process.once('message', (job: LoadJob) => {
    runJob(job).then(
      (result) => {
        send({ type: 'result', result });
        process.disconnect?.();
      },
      (error: unknown) => {
        send({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
        process.disconnect?.();
      },
    );
  });
}
