import { WebSocket } from 'ws';
import { ServerFrame } from '../../src/protocol/index.js';

type Frame = ServerFrame;

/**
 * A test widget: a real WebSocket that records every server frame (each checked against the protocol
 * schema) and lets a test wait for the frame it expects.
 */
export class WidgetClient {
  readonly frames: Frame[] = [];
  readonly #socket: WebSocket;
  #waiters: { predicate: (frame: Frame) => boolean; resolve: (frame: Frame) => void }[] = [];

  private constructor(socket: WebSocket) {
    this.#socket = socket;
    socket.on('message', (data) => {
      const frame = ServerFrame.parse(JSON.parse(String(data)));
      this.frames.push(frame);
      this.#waiters = this.#waiters.filter((waiter) => {
        if (!waiter.predicate(frame)) return true;
        waiter.resolve(frame);
        return false;
      });
    });
  }

  static async connect(baseUrl: string): Promise<WidgetClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/ws`);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return new WidgetClient(socket);
  }

  send(frame: Record<string, unknown>): void {
    this.#socket.send(JSON.stringify(frame));
  }

  /** The first frame (already received or still to come, after `from` frames) that matches. */
  waitFor<T extends Frame['type']>(
    type: T,
    predicate: (frame: Extract<Frame, { type: T }>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<Extract<Frame, { type: T }>> {
    const matches = (frame: Frame): boolean => frame.type === type && predicate(frame as Extract<Frame, { type: T }>);
    const seen = this.frames.find(matches);
    if (seen) return Promise.resolve(seen as Extract<Frame, { type: T }>);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiters = this.#waiters.filter((waiter) => waiter.resolve !== done);
        reject(new Error(`no ${type} frame within ${timeoutMs} ms; last frames: ${JSON.stringify(this.frames.slice(-5))}`));
      }, timeoutMs);
      const done = (frame: Frame) => {
        clearTimeout(timer);
        resolve(frame as Extract<Frame, { type: T }>);
      };
      this.#waiters.push({ predicate: matches, resolve: done });
    });
  }

  /** Logged events (message, status) in the order received. */
  events(): Extract<Frame, { type: 'message' | 'status' }>[] {
    return this.frames.filter((frame): frame is Extract<Frame, { type: 'message' | 'status' }> =>
      frame.type === 'message' || frame.type === 'status',
    );
  }

  async close(): Promise<void> {
    if (this.#socket.readyState === WebSocket.CLOSED) return;
    await new Promise<void>((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.close();
    });
  }
}
