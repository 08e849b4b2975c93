import type { ClientFrame, ServerFrame } from '../../src/protocol/index.js';
import { reconnectDelay } from './backoff.js';
import { parseServerFrame } from './frames.js';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'offline';

export interface ConnectionOptions {
  url: string;
  /** Builds the `hello` for each new socket (token and lastSeq change between connections). */
  hello(): ClientFrame;
  onFrame(frame: ServerFrame, connection: number): void;
  onState(state: ConnectionState): void;
  /** Injected for tests. */
  createSocket?: (url: string) => WebSocket;
  random?: () => number;
  /** A sent message not acknowledged within this time means the socket is dead (half-open TCP). */
  ackTimeoutMs?: number;
}

/**
 * One WebSocket at a time, reopened with backoff and jitter until `stop()`. The socket counts as open only
 * after `welcome`; each socket gets a number so the session can resend its outbox once per connection.
 * Browsers answer server pings themselves; a silent dead socket is found by the ack watchdog instead.
 */
export class Connection {
  state: ConnectionState = 'idle';
  private socket?: WebSocket;
  private number = 0;
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private ackTimer?: ReturnType<typeof setTimeout>;
  private wanted = false;

  constructor(private readonly options: ConnectionOptions) {}

  /** Connect (or reconnect now, skipping any backoff wait). */
  start(): void {
    this.wanted = true;
    if (this.socket) return;
    clearTimeout(this.retryTimer);
    this.open();
  }

  /** Called on `online` and on the page becoming visible: a waiting reconnect happens now. */
  nudge(): void {
    if (!this.wanted || this.socket) return;
    this.attempt = 0;
    clearTimeout(this.retryTimer);
    this.open();
  }

  stop(): void {
    this.wanted = false;
    clearTimeout(this.retryTimer);
    clearTimeout(this.ackTimer);
    const socket = this.socket;
    this.socket = undefined;
    socket?.close(1000);
    this.setState('idle');
  }

  /** Sends on an open socket; false when there is none (the caller keeps the frame queued). */
  send(frame: ClientFrame): boolean {
    if (this.state !== 'open' || !this.socket) return false;
    this.socket.send(JSON.stringify(frame));
    if (frame.type === 'message') this.watchAck();
    return true;
  }

  /** The awaited acks all arrived. */
  acked(): void {
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
  }

  private open(): void {
    const create = this.options.createSocket ?? ((url: string) => new WebSocket(url));
    const number = ++this.number;
    this.setState('connecting');
    let socket: WebSocket;
    try {
      socket = create(this.options.url);
    } catch {
      this.scheduleRetry();
      return;
    }
    this.socket = socket;
    socket.onopen = () => socket.send(JSON.stringify(this.options.hello()));
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      const frame = parseServerFrame(event.data);
      if (!frame) return;
      if (frame.type === 'error' && frame.retryable && this.state === 'connecting') {
        // `hello` met a retryable failure (storage unavailable): say hello again on this socket, after a
        // jittered wait, instead of sitting "connecting" until a watchdog drops it.
        this.retryHello(socket);
        return;
      }
      this.options.onFrame(frame, number);
      // After the session has seen `welcome` (and learnt the connection number), so that what `onState`
      // flushes is counted against this connection.
      if (frame.type === 'welcome') {
        this.attempt = 0;
        this.setState('open');
      }
    };
    socket.onclose = () => this.drop(socket);
    socket.onerror = () => this.drop(socket);
  }

  /**
   * Forget a socket now and plan the next one. Waiting for `onclose` is not enough: on a dead TCP path the
   * closing handshake can take minutes.
   */
  private drop(socket: WebSocket): void {
    if (this.socket !== socket) return;
    this.socket = undefined;
    clearTimeout(this.ackTimer);
    this.ackTimer = undefined;
    try {
      socket.close();
    } catch {
      // already closed
    }
    if (this.wanted) this.scheduleRetry();
    else this.setState('idle');
  }

  private scheduleRetry(): void {
    this.setState('offline');
    const delay = reconnectDelay(this.attempt++, this.options.random);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.wanted && !this.socket) this.open();
    }, delay);
  }

  private retryHello(socket: WebSocket): void {
    const delay = reconnectDelay(this.attempt++, this.options.random);
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      if (this.socket === socket && this.state === 'connecting') socket.send(JSON.stringify(this.options.hello()));
    }, delay);
  }

  private watchAck(): void {
    if (this.ackTimer) return;
    const socket = this.socket;
    this.ackTimer = setTimeout(() => {
      this.ackTimer = undefined;
      if (socket) this.drop(socket);
    }, this.options.ackTimeoutMs ?? 10_000);
  }

  private setState(state: ConnectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.options.onState(state);
  }
}
