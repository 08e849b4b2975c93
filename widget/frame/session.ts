import type { ConversationState, PrivacyLevel, ServerFrame, WelcomeFrame } from '../../src/protocol/index.js';

/**
 * The widget's conversation as a pure value: what has been shown (by `seq`), what the citizen typed that the
 * server has not acknowledged yet (the outbox), and what to resend after a reconnect. No DOM, no sockets,
 * no timers: the frame app drives it and renders `items()`.
 *
 * Guarantees (tests/widget/session.test.ts):
 * - an event is shown once, whatever mix of live frames, replays and acks delivers it (keyed by `seq`, and by
 *   `clientId` for the citizen's own messages);
 * - events are shown in `seq` order, outbox items after them in the order typed;
 * - after each new connection every unacknowledged message is offered for sending exactly once, with its
 *   original `clientId`, so the server can recognise a resend (`ack.duplicate`).
 */

type LoggedFrame = Extract<ServerFrame, { type: 'message' | 'status' }>;
export type LoggedEvent = LoggedFrame;

export interface OutboxItem {
  clientId: string;
  text: string;
  language?: string;
  /** Connection number this item was last written to; resent once on each later connection. */
  sentOn?: number;
  failed?: boolean;
}

export interface SessionSnapshot {
  token?: string;
  conversationId?: string;
  events: LoggedEvent[];
  outbox: OutboxItem[];
  privacyLevel?: PrivacyLevel;
  /** Highest seq dropped locally to bound storage (see MAX_KEPT_EVENTS). */
  floor?: number;
}

export type LogItem =
  | { key: string; kind: 'event'; event: LoggedEvent }
  | { key: string; kind: 'pending'; item: OutboxItem };

/** How many events a tab keeps locally; older ones are still on the server. */
export const MAX_KEPT_EVENTS = 300;

export class ConversationSession {
  token?: string;
  conversationId?: string;
  privacyLevel?: PrivacyLevel;
  private readonly events = new Map<number, LoggedEvent>();
  private readonly citizenSeq = new Map<string, number>();
  private outbox: OutboxItem[] = [];
  private connection = 0;
  private floor = 0;

  constructor(snapshot?: SessionSnapshot) {
    if (!snapshot) return;
    this.token = snapshot.token;
    this.conversationId = snapshot.conversationId;
    this.privacyLevel = snapshot.privacyLevel;
    this.floor = snapshot.floor ?? 0;
    for (const event of snapshot.events) this.receive(event);
    // A restored outbox was written to a connection that no longer exists: all of it is resent.
    this.outbox = snapshot.outbox.map(({ sentOn: _sentOn, ...item }) => item);
  }

  /**
   * Highest seq up to which nothing is missing. Stores number events 1, 2, 3, … per conversation, so a gap
   * means a frame was lost; asking to resume from below the gap makes the server replay it (and the
   * duplicates around it are dropped by `receive`).
   */
  get lastSeq(): number {
    let seq = this.floor;
    while (this.events.has(seq + 1)) seq += 1;
    return seq;
  }

  get state(): ConversationState | undefined {
    let state: ConversationState | undefined;
    for (const event of this.sortedEvents()) if (event.type === 'status') state = event.state;
    return state;
  }

  /** The latest status event (queue position, closing reason). */
  get lastStatus(): Extract<LoggedEvent, { type: 'status' }> | undefined {
    const statuses = this.sortedEvents().filter((event) => event.type === 'status');
    return statuses[statuses.length - 1] as Extract<LoggedEvent, { type: 'status' }> | undefined;
  }

  get hasConversation(): boolean {
    return this.token !== undefined;
  }

  /** The fields of `hello` that resume this conversation. */
  resumeFields(): { token?: string; lastSeq?: number } {
    return this.token ? { token: this.token, lastSeq: this.lastSeq } : {};
  }

  /**
   * A `welcome` arrived on connection number `connection`: adopt the token, forget the shown log when the
   * server started a different conversation. `takeUnsent()` then gives the outbox items to write, in order.
   */
  welcome(frame: Pick<WelcomeFrame, 'token' | 'conversationId' | 'resumed'>, connection: number): { reset: boolean } {
    const reset = this.conversationId !== undefined && (frame.conversationId !== this.conversationId || !frame.resumed);
    if (reset) this.clearLog();
    this.token = frame.token;
    this.conversationId = frame.conversationId;
    this.connection = connection;
    return { reset };
  }

  /** Outbox items not yet written to the current connection; marks them written. */
  takeUnsent(): OutboxItem[] {
    const due = this.outbox.filter((item) => !item.failed && item.sentOn !== this.connection);
    for (const item of due) item.sentOn = this.connection;
    return due;
  }

  /** The citizen typed something: it is shown at once and sent when a connection is up. */
  queue(text: string, clientId: string, language?: string): OutboxItem {
    const item: OutboxItem = { clientId, text, language };
    this.outbox.push(item);
    return item;
  }

  /** A message or status event (live or replayed). Returns false when it had been shown already. */
  receive(event: LoggedEvent): boolean {
    if (event.seq <= this.floor || this.events.has(event.seq)) return false;
    if (event.type === 'message' && event.from === 'citizen' && event.clientId) {
      const known = this.citizenSeq.get(event.clientId);
      if (known !== undefined && known !== event.seq) return false;
      this.citizenSeq.set(event.clientId, event.seq);
      this.outbox = this.outbox.filter((item) => item.clientId !== event.clientId);
    }
    this.events.set(event.seq, event);
    this.trim();
    return true;
  }

  /**
   * The server stored (or had stored) the citizen's message under `seq`. The outbox item becomes a logged
   * event right away; the matching `from: 'citizen'` event, live or replayed, is then a duplicate.
   */
  ack(clientId: string, seq: number, at: string): boolean {
    const item = this.outbox.find((entry) => entry.clientId === clientId);
    if (!item) return false;
    return this.receive({ type: 'message', from: 'citizen', text: item.text, clientId, seq, at });
  }

  /** The server refused a message. Retryable ones stay queued for the next connection. */
  reject(clientId: string, retryable: boolean): void {
    const item = this.outbox.find((entry) => entry.clientId === clientId);
    if (!item) return;
    if (retryable) item.sentOn = undefined;
    else item.failed = true;
  }

  /** Drop a failed message (the citizen dismissed it or sends it again as a new one). */
  discard(clientId: string): void {
    this.outbox = this.outbox.filter((item) => item.clientId !== clientId);
  }

  /** Outbox items waiting for an ack, e.g. to time a dead connection out. */
  awaitingAck(): OutboxItem[] {
    return this.outbox.filter((item) => !item.failed && item.sentOn === this.connection);
  }

  /** Forget everything (the citizen deleted the conversation or started a new one). */
  forget(): void {
    this.token = undefined;
    this.conversationId = undefined;
    this.clearLog();
    this.outbox = [];
  }

  items(): LogItem[] {
    const logged: LogItem[] = this.sortedEvents().map((event) => ({ key: keyOf(event), kind: 'event', event }));
    const pending: LogItem[] = this.outbox.map((item) => ({ key: `c:${item.clientId}`, kind: 'pending', item }));
    return logged.concat(pending);
  }

  snapshot(): SessionSnapshot {
    return {
      token: this.token,
      conversationId: this.conversationId,
      privacyLevel: this.privacyLevel,
      floor: this.floor,
      events: this.sortedEvents(),
      outbox: this.outbox.map((item) => ({ ...item })),
    };
  }

  private sortedEvents(): LoggedEvent[] {
    return [...this.events.values()].sort((a, b) => a.seq - b.seq);
  }

  private clearLog(): void {
    this.events.clear();
    this.citizenSeq.clear();
    this.floor = 0;
  }

  private trim(): void {
    if (this.events.size <= MAX_KEPT_EVENTS) return;
    const oldest = [...this.events.keys()].sort((a, b) => a - b).slice(0, this.events.size - MAX_KEPT_EVENTS);
    for (const seq of oldest) this.events.delete(seq);
    this.floor = Math.max(this.floor, oldest[oldest.length - 1]);
  }
}

/** Citizen messages are keyed by clientId so the pending bubble turns into the stored one in place. */
export function keyOf(event: LoggedEvent): string {
  return event.type === 'message' && event.from === 'citizen' && event.clientId ? `c:${event.clientId}` : `s:${event.seq}`;
}
