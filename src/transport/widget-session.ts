import type { WebSocket } from 'ws';
import { decodeClientFrame, type ClientFrame, type CitizenMessageFrame, type HelloFrame, type ServerFrame } from '../protocol/index.js';
import { parseToken, tokenMatches, type Backend, type BusNotice, type ConversationLog, type ConversationRecord } from '../conversations/index.js';
import { SwitchboardError, toSwitchboardError } from '../errors/index.js';
import type { Router } from '../router/index.js';
import type { Logger } from '../log/index.js';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';

export interface WidgetSessionDeps {
  router: Router;
  log: ConversationLog;
  backend: Backend;
  messageLimiter: RateLimiterAbstract;
  logger: Logger;
}

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

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: WidgetSessionDeps,
    private readonly logger: Logger,
    private readonly homeAgency?: string,
  ) {}

  get conversationId(): string | undefined {
    return this.#conversationId;
  }

  async onMessage(raw: string): Promise<void> {
    const decoded = decodeClientFrame(raw);
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
      const level = failure.httpStatus >= 500 ? 'error' : 'info';
      this.logger[level]({ code: failure.code, err: level === 'error' ? failure : undefined, frame: frame.type }, 'frame failed');
      this.send(failure.toFrame(this.#lastSent, frame.type === 'message' ? frame.clientId : undefined));
    }
  }

  /** The protocol is JSON text frames only. */
  rejectBinary(): void {
    const issues = [{ path: '(root)', code: 'binary_frame', message: 'send JSON as a text frame' }];
    this.send(new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'binary frames are not part of the protocol', { issues }).toFrame(this.#lastSent));
  }

  onClose(): void {
    this.#closed = true;
    this.#unsubscribe?.();
  }

  /** Storage went away or came back: tell the widget, and catch up on anything missed meanwhile. */
  onServiceChange(status: 'ok' | 'degraded'): void {
    if (!this.#conversationId) return;
    this.send({ type: 'service', seq: this.#lastSent, status });
    if (status === 'ok') void this.#deliver();
  }

  send(frame: ServerFrame): void {
    if (this.socket.readyState !== this.socket.OPEN) return;
    this.#cork();
    this.socket.send(JSON.stringify(frame));
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
        return this.deps.log.bus.publish({ type: 'typing', conversationId, from: 'citizen', active: frame.active });
      case 'action':
        if (frame.action === 'request_human') return this.deps.router.requestHuman(conversationId, 'the citizen pressed "talk to a person"');
        if (frame.action === 'end') return this.deps.router.end(conversationId);
        return this.deps.router.remove(conversationId);
      case 'rating':
        return this.deps.router.rate(conversationId, { score: frame.score, ...(frame.comment ? { comment: frame.comment } : {}) });
      case 'privacy':
        await this.deps.log.store.update(conversationId, { privacyLevel: frame.level });
        return;
    }
  }

  async #hello(frame: HelloFrame): Promise<void> {
    if (this.#conversationId) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'hello was already sent on this connection');
    const resumed = frame.token ? await this.#resume(frame.token) : undefined;
    let record: ConversationRecord;
    let token: string;
    if (resumed) {
      ({ record, token } = resumed);
    } else {
      const homeAgency = frame.agency ?? this.homeAgency;
      ({ record, token } = await this.deps.router.start({ homeAgency, language: frame.language ?? 'et', privacyLevel: frame.privacyLevel }));
    }
    this.#conversationId = record.id;
    this.#lastSent = resumed ? Math.min(frame.lastSeq ?? 0, record.lastSeq) : 0;
    this.#unsubscribe = this.deps.log.bus.subscribe(record.id, (notice) => this.#onNotice(notice));
    this.send({
      type: 'welcome',
      seq: record.lastSeq,
      conversationId: record.id,
      token,
      state: record.state,
      language: record.language,
      ...(record.agency ?? record.homeAgency ? { agency: record.agency ?? record.homeAgency } : {}),
      resumed: !!resumed,
    });
    // Events appended before the subscription (the greeting, or everything missed while away), read
    // once the subscription is live so nothing can fall between the read and the first notice.
    // If the bus is unreachable, the service-ok notice that follows its return triggers the read instead.
    await this.deps.log.bus.settled().catch(() => undefined);
    void this.#deliver();
    if (this.deps.backend.health() === 'degraded') this.send({ type: 'service', seq: record.lastSeq, status: 'degraded' });
  }

  async #resume(token: string): Promise<{ record: ConversationRecord; token: string }> {
    const parsed = parseToken(token);
    const record = parsed ? await this.deps.log.store.get(parsed.conversationId) : undefined;
    if (!parsed || !record || !tokenMatches(parsed.secret, record.tokenHash)) {
      throw new SwitchboardError('SWB_ERR_TOKEN_INVALID', 'the conversation token is not valid or the conversation no longer exists; start a new one');
    }
    return { record, token };
  }

  async #citizenMessage(conversationId: string, frame: CitizenMessageFrame): Promise<void> {
    try {
      await this.deps.messageLimiter.consume(conversationId);
    } catch (rejection) {
      // rate-limiter-flexible rejects with its result when over the limit, with an Error when its store fails.
      if (rejection instanceof Error) throw toSwitchboardError(rejection, 'SWB_ERR_STORE_UNAVAILABLE');
      throw new SwitchboardError('SWB_ERR_RATE_LIMITED');
    }
    // No read first: the append itself refuses an unknown (NOT_FOUND) or closed (CLOSED) conversation.
    const { event, duplicate } = await this.deps.log.append(conversationId, {
      type: 'message',
      from: 'citizen',
      text: frame.text,
      clientId: frame.clientId,
    });
    this.send({ type: 'ack', seq: event.seq, clientId: frame.clientId, duplicate });
    if (duplicate) return;
    this.deps.router.handleMessage(conversationId, { text: frame.text, languageHint: frame.language }).catch((error: unknown) => {
      const failure = toSwitchboardError(error);
      this.logger.error({ code: failure.code, err: failure }, 'turn failed');
      this.send(failure.toFrame(this.#lastSent));
    });
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
          const events = await this.deps.log.store.eventsAfter(conversationId, this.#lastSent);
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
