import type { WebSocket } from 'ws';
import { decodeClientFrame, type BusNotice, type ClientFrame, type CitizenMessageFrame, type HelloFrame, type ServerFrame, type ServiceStatus } from '../protocol/index.js';
import { SwitchboardError, toSwitchboardError } from '../errors/index.js';
import type { CitizenPort, Delivery } from '../router/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';

export interface WidgetSessionDeps {
  citizens: CitizenPort;
  delivery: Delivery;
  logger: Logger;
  metrics?: Metrics;
  /** Limits against abuse; defaults in `DEFAULT_SOCKET_LIMITS`. */
  limits?: Partial<SocketLimits>;
}

export interface SocketLimits {
  /** A connection that has not said `hello` by then is closed (1008). */
  helloTimeoutMs: number;
  /**
   * Bytes the server may have queued for one socket. A reader that does not read (a stalled tab, a
   * deliberately slow client) is cut off past this, so it cannot make the server hold an unbounded backlog.
   */
  maxBufferedBytes: number;
}

export const DEFAULT_SOCKET_LIMITS: SocketLimits = { helloTimeoutMs: 10_000, maxBufferedBytes: 1024 * 1024 };

/**
 * One widget connection: its hello, its messages, and delivery of the conversation's events to it.
 * Delivery is pull-based: a bus notice only says "there is something after seq N"; the session reads
 * `eventsAfter(lastSent)` itself, so events reach the widget once and in order whatever the bus does.
 */
export class WidgetSession {
  #conversationId?: string;
  #lastSent = 0;
  #unsubscribe?: () => void;
  #delivering?: Promise<void>;
  #deliverAgain = false;
  #closed = false;
  #corked = false;

  readonly #helloTimer: NodeJS.Timeout;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: WidgetSessionDeps,
    private logger: Logger,
    private readonly homeAgency?: string,
  ) {
    // A socket that never says hello holds a connection for nothing: close it (a retryable hello error
    // keeps the timer running: the widget says hello again long before it fires).
    this.#helloTimer = setTimeout(() => {
      if (!this.#conversationId) this.socket.close(1008, 'no hello');
    }, deps.limits?.helloTimeoutMs ?? DEFAULT_SOCKET_LIMITS.helloTimeoutMs);
    this.#helloTimer.unref();
  }

  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  async onMessage(raw: string): Promise<void> {
    const decoded = decodeClientFrame(raw);
    this.deps.metrics?.frameReceived(decoded.ok ? decoded.value.type : 'invalid');
    if (!decoded.ok) {
      this.logger.debug({ reason: decoded.reason, issues: decoded.issues }, 'invalid frame');
      this.send(new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'the frame is not valid', { issues: decoded.issues }).toFrame(this.#lastSent));
      return;
    }
    const frame = decoded.value;
    try {
      await this.#dispatch(frame);
    } catch (error) {
      const failure = toSwitchboardError(error);
      // A storage outage fails every frame for a while: the backend logs each change of health once, so a
      // frame that meets it is only a debug line (the widget gets a retryable error and resends).
      const level = failure.code === 'SWB_ERR_STORE_UNAVAILABLE' ? 'debug' : failure.httpStatus >= 500 ? 'error' : 'info';
      this.logger[level]({ code: failure.code, err: level === 'error' ? failure : undefined, frame: frame.type }, 'frame failed');
      this.send(failure.toFrame(this.#lastSent, frame.type === 'message' ? frame.clientId : undefined));
      if (failure.wsCloseCode) this.socket.close(failure.wsCloseCode, failure.code);
    }
  }

  /** The protocol is JSON text frames only. */
  rejectBinary(): void {
    this.deps.metrics?.frameReceived('binary');
    const issues = [{ path: '(root)', code: 'binary_frame', message: 'send JSON as a text frame' }];
    this.send(new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'binary frames are not part of the protocol', { issues }).toFrame(this.#lastSent));
  }

  onClose(): void {
    clearTimeout(this.#helloTimer);
    this.#closed = true;
    this.#unsubscribe?.();
  }

  /** Storage went away or came back: tell the widget, and catch up on anything missed meanwhile. */
  onServiceChange(status: ServiceStatus): void {
    if (!this.#conversationId) return;
    this.send({ type: 'service', seq: this.#lastSent, status });
    if (status === 'ok') void this.#deliver();
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > (this.deps.limits?.maxBufferedBytes ?? DEFAULT_SOCKET_LIMITS.maxBufferedBytes)) {
      // Nothing is lost: the log keeps every event, and the widget resumes from its last seq when it reconnects.
      this.logger.warn({ bufferedBytes: this.socket.bufferedAmount }, 'socket not reading; cut off');
      this.socket.terminate();
      return;
    }
    this.#cork();
    this.socket.send(JSON.stringify(frame));
    this.deps.metrics?.frameSent(frame.type);
  }

  /**
   * A turn sends several frames in one tick (the citizen's message, the ack, the reply). Corking the TCP
   * socket until the next tick sends them in one write instead of one syscall each: under load, socket
   * writes were the largest single cost (docs/PERFORMANCE.md).
   */
  #cork(): void {
    if (this.#corked) return;
    const raw = (this.socket as unknown as { _socket?: { cork(): void; uncork(): void } })._socket;
    if (!raw) return;
    this.#corked = true;
    raw.cork();
    process.nextTick(() => {
      this.#corked = false;
      raw.uncork();
    });
  }

  async #dispatch(frame: ClientFrame): Promise<void> {
    if (frame.type === 'hello') return this.#hello(frame);
    const conversationId = this.#conversationId;
    if (!conversationId) throw new SwitchboardError('SWB_ERR_NOT_STARTED');
    switch (frame.type) {
      case 'message':
        return this.#citizenMessage(conversationId, frame);
      case 'typing':
        return this.deps.citizens.typing(conversationId, frame.active);
      case 'action':
        return this.deps.citizens.act(conversationId, frame.action);
      case 'rating':
        return this.deps.citizens.rate(conversationId, frame);
      case 'privacy':
        return this.deps.citizens.setPrivacy(conversationId, frame.level);
      case 'contact':
        return this.deps.citizens.contact(conversationId, frame.request);
    }
  }

  async #hello(frame: HelloFrame): Promise<void> {
    if (this.#conversationId) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'hello was already sent on this connection');
    const { type: _hello, ...request } = frame;
    const opened = await this.deps.citizens.open({ ...request, agency: frame.agency ?? this.homeAgency });
    this.#conversationId = opened.conversationId;
    clearTimeout(this.#helloTimer);
    // From here on every line of this connection names its conversation (pino child, STYLE.md §6).
    this.logger = this.logger.child({ conversationId: opened.conversationId });
    this.#lastSent = opened.resumed ? Math.min(frame.lastSeq ?? 0, opened.lastSeq) : 0;
    this.#unsubscribe = this.deps.delivery.subscribe(opened.conversationId, (notice) => this.#onNotice(notice));
    this.send({
      type: 'welcome',
      seq: opened.lastSeq,
      conversationId: opened.conversationId,
      token: opened.token,
      state: opened.state,
      language: opened.language,
      ...(opened.agency ? { agency: opened.agency } : {}),
      resumed: opened.resumed,
    });
    // Events appended before the subscription (the greeting, or everything missed while away), read
    // once the subscription is live so nothing can fall between the read and the first notice.
    // If the bus is unreachable, the service-ok notice that follows its return triggers the read instead.
    await this.deps.delivery.settled().catch(() => undefined);
    void this.#deliver();
    if (this.deps.delivery.health() === 'degraded') this.send({ type: 'service', seq: opened.lastSeq, status: 'degraded' });
  }

  async #citizenMessage(conversationId: string, frame: CitizenMessageFrame): Promise<void> {
    const { type: _message, ...message } = frame;
    const { seq, duplicate } = await this.deps.citizens.post(conversationId, message);
    this.send({ type: 'ack', seq, clientId: frame.clientId, duplicate });
  }

  #onNotice(notice: BusNotice): void {
    if (this.#closed) return;
    if (notice.type === 'typing' && notice.from !== 'citizen') {
      // Behind any delivery in flight: "stopped typing" must not overtake the reply it belongs to.
      const from = notice.from;
      const sendTyping = () => this.send({ type: 'typing', seq: this.#lastSent, from, active: notice.active });
      if (this.#delivering) void this.#delivering.then(sendTyping);
      else sendTyping();
    } else if (notice.type === 'deleted') {
      this.send({ type: 'status', seq: this.#lastSent + 1, at: new Date().toISOString(), state: 'closed', reason: 'deleted' });
      this.socket.close(1000, 'deleted');
    } else if (notice.type === 'events' && notice.seq > this.#lastSent) {
      // The common case, the very next event with nothing in flight: send it without reading the store.
      if (notice.event?.seq === this.#lastSent + 1 && !this.#delivering) {
        this.send(notice.event as ServerFrame);
        this.#lastSent = notice.event.seq;
      } else void this.#deliver();
    }
  }

  /** Send every event after #lastSent, once, in order. Concurrent notices coalesce into one more pass. */
  #deliver(): Promise<void> {
    if (this.#delivering) {
      this.#deliverAgain = true;
      return this.#delivering;
    }
    this.#delivering = (async () => {
      do {
        this.#deliverAgain = false;
        const conversationId = this.#conversationId;
        if (!conversationId || this.#closed) break;
        try {
          const events = await this.deps.delivery.eventsAfter(conversationId, this.#lastSent);
          for (const event of events) {
            if (event.seq !== this.#lastSent + 1) break;
            this.send(event as ServerFrame);
            this.#lastSent = event.seq;
          }
          if (events.length === 500) this.#deliverAgain = true;
        } catch (error) {
          // The widget resumes from its lastSeq after a reconnect; a failed read loses nothing.
          this.logger.warn({ code: toSwitchboardError(error).code }, 'delivery read failed');
        }
      } while (this.#deliverAgain);
    })().finally(() => {
      this.#delivering = undefined;
    });
    return this.#delivering;
  }
}
