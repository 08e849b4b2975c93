import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ServerFrame } from '../../src/protocol/index.js';

/**
 * A real `ws` client that speaks the widget protocol and records every frame (validated with the same
 * zod schema the widget relies on), with helpers to wait for the frames a test expects.
 */
export class WidgetClient {
  readonly frames: ServerFrame[] = [];
  readonly #waiters = new Set<() => void>();
  closeCode?: number;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(ServerFrame.parse(JSON.parse(data.toString())));
      for (const wake of this.#waiters) wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.#waiters) wake();
    });
  }

  static async connect(baseUrl: string, query = ''): Promise<WidgetClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws${query}`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WidgetClient(socket);
  }

  sendRaw(data: string): void {
    this.socket.send(data);
  }

  send(frame: Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Send a citizen message; returns its clientId. */
  say(text: string, extra: Record<string, unknown> = {}): string {
    const clientId = (extra.clientId as string | undefined) ?? randomUUID();
    this.send({ type: 'message', clientId, text, ...extra });
    return clientId;
  }

  async hello(frame: Record<string, unknown> = {}): Promise<Extract<ServerFrame, { type: 'welcome' }>> {
    this.send({ type: 'hello', ...frame });
    return this.waitFor((f): f is Extract<ServerFrame, { type: 'welcome' }> => f.type === 'welcome');
  }

  /** Wait until a frame after index `from` matches. */
  waitFor<T extends ServerFrame>(match: (frame: ServerFrame) => frame is T, options?: { from?: number; timeoutMs?: number }): Promise<T>;
  waitFor(match: (frame: ServerFrame) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<ServerFrame>;
  waitFor(match: (frame: ServerFrame) => boolean, { from = 0, timeoutMs = 8000 } = {}): Promise<ServerFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.slice(from).find(match);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for a frame; got ${JSON.stringify(this.frames.slice(from).map((f) => f.type))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** The first frame of `type` (already received or still to come) that matches `predicate`. */
  next<T extends ServerFrame['type']>(
    type: T,
    predicate: (frame: Extract<ServerFrame, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<ServerFrame, { type: T }>> {
    return this.waitFor((f): f is Extract<ServerFrame, { type: T }> => f.type === type && predicate(f as Extract<ServerFrame, { type: T }>), { timeoutMs });
  }

  /** Resolves once the event with this seq has arrived. */
  waitForSeq(seq: number): Promise<ServerFrame> {
    return this.waitFor((f) => (f.type === 'message' || f.type === 'status') && f.seq >= seq);
  }

  messages(): Array<Extract<ServerFrame, { type: 'message' }>> {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: 'message' }> => f.type === 'message');
  }

  /** Every logged event (message, status) seen, by seq. */
  events(): Array<Extract<ServerFrame, { type: 'message' | 'status' }>> {
    return this.frames.filter((f): f is Extract<ServerFrame, { type: 'message' | 'status' }> => f.type === 'message' || f.type === 'status');
  }

  /** Resolves with the close code once the server has closed the socket. */
  closed(): Promise<number> {
    if (this.closeCode !== undefined) return Promise.resolve(this.closeCode);
    return new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
