import type { OperatorClientFrame, OperatorServerFrame } from '../../src/protocol/index.js';

/** The operator HTTP API with the session cookie (same origin), errors as `{code, message}`. */
export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(path, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return undefined as T;
  const json = (await response.json()) as T & { error?: { code: string; message: string } };
  if (!response.ok) throw Object.assign(new Error(json.error?.message ?? response.statusText), { code: json.error?.code ?? 'SWB_ERR_INTERNAL' });
  return json;
}

type Handler = (frame: OperatorServerFrame) => void;

/** The operator socket: reconnects with backoff while signed in; `ref`'d commands resolve with their result. */
export class OperatorSocket {
  #ws?: WebSocket;
  #pending = new Map<string, { resolve(value: unknown): void; reject(error: Error): void }>();
  #next = 0;
  #stopped = false;
  #attempt = 0;

  constructor(
    private readonly onFrame: Handler,
    private readonly onState: (state: 'open' | 'closed' | 'signed-out') => void,
  ) {}

  start(): void {
    this.#stopped = false;
    const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/operators/ws`;
    const ws = new WebSocket(url);
    this.#ws = ws;
    ws.onopen = () => {
      this.#attempt = 0;
      this.onState('open');
    };
    ws.onmessage = (message) => {
      const frame = JSON.parse(String(message.data)) as OperatorServerFrame;
      if ((frame.type === 'done' || frame.type === 'error') && frame.ref) {
        const waiter = this.#pending.get(frame.ref);
        this.#pending.delete(frame.ref);
        if (frame.type === 'done') waiter?.resolve(frame.result);
        else waiter?.reject(Object.assign(new Error(frame.message), { code: frame.code }));
        if (waiter) return;
      }
      this.onFrame(frame);
    };
    ws.onclose = (event) => {
      for (const waiter of this.#pending.values()) waiter.reject(Object.assign(new Error('connection lost'), { code: 'SWB_ERR_STORE_UNAVAILABLE' }));
      this.#pending.clear();
      if (event.code === 4401) {
        this.onState('signed-out');
        return;
      }
      this.onState('closed');
      if (this.#stopped) return;
      const delay = Math.min(10_000, 500 * 2 ** this.#attempt++);
      setTimeout(() => !this.#stopped && this.start(), delay);
    };
  }

  stop(): void {
    this.#stopped = true;
    this.#ws?.close();
  }

  send(frame: OperatorClientFrame): void {
    if (this.#ws?.readyState === WebSocket.OPEN) this.#ws.send(JSON.stringify(frame));
  }

  /** A command with a `ref`: resolves with `done.result`, rejects with the error frame. */
  command<T = unknown>(frame: OperatorClientFrame): Promise<T> {
    const ref = `c${++this.#next}`;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(ref, { resolve: resolve as (value: unknown) => void, reject });
      this.send({ ...frame, ref } as OperatorClientFrame);
    });
  }
}
