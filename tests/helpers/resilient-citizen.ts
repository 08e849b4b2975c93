import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { ServerFrame } from '../../src/protocol/index.js';

type Frame = ServerFrame & Record<string, unknown>;

export interface CitizenStats {
  /** Messages the server acknowledged (by clientId), with the seq they were stored at. */
  acked: Map<string, number>;
  /** Messages given up on: never acknowledged before `finish`. */
  neverAccepted: number;
  /** Frames of the conversation's log received twice with different content (should stay 0). */
  conflictingSeqs: number;
  reconnects: number;
  retryableErrors: number;
  /** Each question: when it was first sent, and when its answer arrived (ms since epoch). */
  asks: Array<{ sentAt: number; answeredAt?: number }>;
}

/**
 * A citizen that behaves like the widget (widget/frame/connection.ts and session.ts) under faults: it
 * resumes with `token` + `lastSeq` after a disconnect, resends an unacknowledged message with the same
 * `clientId` (after a retryable error, after an ack timeout, after a reconnect), retries `hello` after a
 * retryable error, and spreads its reconnects with jittered backoff. Used by the fault tests and by
 * `npm run chaos`; it asks one question at a time, the next once the previous one is answered.
 */
export class ResilientCitizen {
  readonly stats: CitizenStats = { acked: new Map(), neverAccepted: 0, conflictingSeqs: 0, reconnects: 0, retryableErrors: 0, asks: [] };
  /** The conversation's log as received, by seq. */
  readonly events = new Map<number, Frame>();
  conversationId?: string;
  #token?: string;
  #socket?: WebSocket;
  #welcomed = false;
  #closed = false;
  #attempt = 0;
  readonly #outbox = new Map<string, string>();
  /** One pending resend per message: the ack watchdog and error retries replace each other, never add up. */
  readonly #resends = new Map<string, NodeJS.Timeout>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #wakers = new Set<() => void>();

  constructor(
    private readonly url: string,
    private readonly options: { language?: string; agency?: string; ackTimeoutMs?: number } = {},
  ) {}

  /** Open the socket and say hello; resolves once welcomed (retrying as long as it takes). */
  async start(): Promise<void> {
    this.#connect();
    await this.#until(() => this.#welcomed);
  }

  /** Ask `text` and wait until a non-citizen message follows it in the log, or `timeoutMs` passes. */
  async ask(text: string, timeoutMs = 20_000): Promise<boolean> {
    const clientId = randomUUID();
    const asked: { sentAt: number; answeredAt?: number } = { sentAt: Date.now() };
    this.stats.asks.push(asked);
    this.#outbox.set(clientId, text);
    this.#send(clientId);
    const answered = await this.#until(() => {
      const seq = this.stats.acked.get(clientId);
      return seq !== undefined && [...this.events.values()].some((event) => event.seq > seq && event.type === 'message' && event.from !== 'citizen');
    }, timeoutMs);
    if (answered) asked.answeredAt = Date.now();
    return answered;
  }

  /** Stop; whatever is still unacknowledged counts as never accepted. */
  finish(): void {
    this.#closed = true;
    this.stats.neverAccepted += this.#outbox.size;
    for (const timer of [...this.#timers, ...this.#resends.values()]) clearTimeout(timer);
    this.#socket?.terminate();
  }

  get lastSeq(): number {
    return Math.max(0, ...this.events.keys());
  }

  #connect(): void {
    if (this.#closed) return;
    this.#welcomed = false;
    const socket = new WebSocket(`${this.url.replace(/^http/, 'ws')}/ws${this.options.agency ? `?agency=${this.options.agency}` : ''}`);
    this.#socket = socket;
    socket.on('open', () => this.#hello());
    socket.on('message', (data) => this.#receive(JSON.parse(data.toString()) as Frame));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (this.#socket !== socket || this.#closed) return;
      this.stats.reconnects++;
      this.#later(() => this.#connect(), this.#backoff());
    });
  }

  #hello(): void {
    this.#write({ type: 'hello', language: this.options.language ?? 'en', ...(this.options.agency ? { agency: this.options.agency } : {}), ...(this.#token ? { token: this.#token, lastSeq: this.lastSeq } : {}) });
  }

  #receive(frame: Frame): void {
    switch (frame.type) {
      case 'welcome':
        this.#welcomed = true;
        this.#attempt = 0;
        this.#token = frame.token as string;
        this.conversationId = frame.conversationId as string;
        for (const clientId of this.#outbox.keys()) this.#send(clientId);
        break;
      case 'ack':
        this.stats.acked.set(frame.clientId as string, frame.seq);
        this.#outbox.delete(frame.clientId as string);
        clearTimeout(this.#resends.get(frame.clientId as string));
        this.#resends.delete(frame.clientId as string);
        break;
      case 'error':
        if (!frame.retryable) break;
        this.stats.retryableErrors++;
        if (frame.clientId) {
          this.#resendLater(frame.clientId as string, this.#backoff());
        } else if (!this.#welcomed) {
          this.#later(() => this.#hello(), this.#backoff());
        }
        break;
      case 'service':
        // Storage is back: resend what is still waiting, as the widget does.
        if (frame.status === 'ok') for (const clientId of this.#outbox.keys()) this.#send(clientId);
        break;
      case 'message':
      case 'status': {
        const known = this.events.get(frame.seq);
        if (known && JSON.stringify(known) !== JSON.stringify(frame)) this.stats.conflictingSeqs++;
        this.events.set(frame.seq, frame);
        break;
      }
    }
    for (const wake of this.#wakers) wake();
  }

  #send(clientId: string): void {
    const text = this.#outbox.get(clientId);
    if (text === undefined || !this.#welcomed) return;
    this.#write({ type: 'message', clientId, text });
    // No ack in time (a frozen backend, a lost reply): resend the same clientId; the server dedups it.
    this.#resendLater(clientId, (this.options.ackTimeoutMs ?? 4_000) + Math.random() * 1_000);
  }

  #resendLater(clientId: string, ms: number): void {
    clearTimeout(this.#resends.get(clientId));
    const timer = setTimeout(() => {
      this.#resends.delete(clientId);
      if (!this.#closed && this.#outbox.has(clientId)) this.#send(clientId);
    }, ms);
    this.#resends.set(clientId, timer);
  }

  #write(frame: Record<string, unknown>): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #backoff(): number {
    const ceiling = Math.min(4_000, 200 * 2 ** this.#attempt++);
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  #later(task: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      if (!this.#closed) task();
    }, ms);
    this.#timers.add(timer);
  }

  #until(check: () => boolean, timeoutMs = 60_000): Promise<boolean> {
    if (check()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.#wakers.delete(wake);
        resolve(result);
      };
      const wake = () => check() && done(true);
      const timer = setTimeout(() => done(false), timeoutMs);
      this.#wakers.add(wake);
    });
  }
}

/**
 * What the stored log says about one conversation: citizen messages stored twice (same clientId), citizen
 * messages without exactly one turn (`turn:<seq>:0`), and whether seqs run 1..n without a gap.
 */
export function auditLog(events: Array<{ seq: number; type: string; from?: string; clientId?: string }>): { citizen: number; storedTwice: number; unanswered: number; answeredTwice: number; gapless: boolean } {
  const clientIds = new Map<string, number>();
  for (const event of events) if (event.clientId) clientIds.set(event.clientId, (clientIds.get(event.clientId) ?? 0) + 1);
  const citizen = events.filter((event) => event.type === 'message' && event.from === 'citizen');
  const firstReplies = (seq: number) => events.filter((event) => event.clientId === `turn:${seq}:0`).length;
  return {
    citizen: citizen.length,
    storedTwice: [...clientIds.values()].filter((count) => count > 1).length,
    unanswered: citizen.filter((event) => firstReplies(event.seq) === 0).length,
    answeredTwice: citizen.filter((event) => firstReplies(event.seq) > 1).length,
    gapless: events.every((event, index) => event.seq === index + 1),
  };
}

export interface FaultTotals {
  /** Messages the server acknowledged. */
  accepted: number;
  /** Acknowledged, but not in the log at the seq the ack named. */
  lost: number;
  storedTwice: number;
  unanswered: number;
  answeredTwice: number;
  /** Conversations whose seqs do not run 1..n. */
  notGapless: number;
  neverAccepted: number;
  /** Frames a citizen received twice for one seq with different content. */
  conflictingSeqs: number;
}

/** Audit every citizen's conversation as stored (`read`) against what the citizen was told. */
export async function auditCitizens(citizens: ResilientCitizen[], read: (conversationId: string) => Promise<Array<{ seq: number; type: string; from?: string; clientId?: string }>>): Promise<FaultTotals> {
  const totals: FaultTotals = { accepted: 0, lost: 0, storedTwice: 0, unanswered: 0, answeredTwice: 0, notGapless: 0, neverAccepted: 0, conflictingSeqs: 0 };
  for (const citizen of citizens) {
    totals.neverAccepted += citizen.stats.neverAccepted;
    totals.conflictingSeqs += citizen.stats.conflictingSeqs;
    if (!citizen.conversationId) continue;
    const log = await read(citizen.conversationId);
    const audit = auditLog(log);
    totals.accepted += citizen.stats.acked.size;
    totals.storedTwice += audit.storedTwice;
    totals.unanswered += audit.unanswered;
    totals.answeredTwice += audit.answeredTwice;
    if (!audit.gapless) totals.notGapless++;
    for (const [clientId, seq] of citizen.stats.acked) {
      if (log.find((event) => event.seq === seq)?.clientId !== clientId) totals.lost++;
    }
  }
  return totals;
}
