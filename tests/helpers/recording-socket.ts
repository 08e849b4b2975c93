import WebSocket from 'ws';

/**
 * A real `ws` client that records every frame it receives (parsed with the protocol's zod schema), with waits
 * for the frames a test expects: the common part of `WidgetClient` and `OperatorClient`.
 */
export class RecordingSocket<F extends { type: string }> {
  readonly frames: F[] = [];
  readonly #waiters = new Set<() => void>();
  closeCode?: number;

  protected constructor(
    readonly socket: WebSocket,
    parse: (raw: unknown) => F,
    /** What a timeout message calls the frames ("a frame", "an operator frame"). */
    private readonly what: string,
    private readonly defaultTimeoutMs: number,
  ) {
    socket.on('message', (data) => {
      this.frames.push(parse(JSON.parse(data.toString())));
      for (const wake of this.#waiters) wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.#waiters) wake();
    });
  }

  /** Wait until a frame after index `from` matches. */
  waitFor<T extends F>(match: (frame: F) => frame is T, options?: { from?: number; timeoutMs?: number }): Promise<T>;
  waitFor(match: (frame: F) => boolean, options?: { from?: number; timeoutMs?: number }): Promise<F>;
  waitFor(match: (frame: F) => boolean, { from = 0, timeoutMs = this.defaultTimeoutMs }: { from?: number; timeoutMs?: number } = {}): Promise<F> {
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
        reject(new Error(`timed out waiting for ${this.what}; got ${JSON.stringify(this.frames.slice(from).map((f) => f.type).slice(-20))}`));
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
  next<T extends F['type']>(type: T, predicate: (frame: Extract<F, { type: T }>) => boolean = () => true, timeoutMs = 10_000): Promise<Extract<F, { type: T }>> {
    return this.waitFor((f): f is Extract<F, { type: T }> => f.type === type && predicate(f as Extract<F, { type: T }>), { timeoutMs });
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
