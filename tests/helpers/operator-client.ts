import WebSocket from 'ws';
import { OperatorServerFrame, type OperatorClientFrame, type SignInResponse } from '../../src/protocol/index.js';
import { DEMO_OPERATORS } from '../../src/operators/index.js';

export type DemoOperator = (typeof DEMO_OPERATORS)[number]['id'];

/** Sign in over HTTP; returns the bearer token. */
export async function signIn(baseUrl: string, email: string, password: string): Promise<SignInResponse> {
  const response = await fetch(`${baseUrl}/api/operators/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password }) });
  const body = (await response.json()) as SignInResponse & { error?: { code: string } };
  if (!response.ok) throw Object.assign(new Error(body.error?.code ?? String(response.status)), { code: body.error?.code, status: response.status });
  return body;
}

export function signInDemo(baseUrl: string, id: DemoOperator): Promise<SignInResponse> {
  const account = DEMO_OPERATORS.find((operator) => operator.id === id)!;
  return signIn(baseUrl, account.email, account.password);
}

/** The operator HTTP API with a bearer token: `{status, body}`, never throwing on an error status. */
export async function api(baseUrl: string, token: string | undefined, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  const isJson = response.headers.get('content-type')?.includes('json');
  return { status: response.status, body: text && isJson ? JSON.parse(text) : text || undefined };
}

/** A real ws client on the operator socket, recording every frame (validated with the protocol schema). */
export class OperatorClient {
  readonly frames: OperatorServerFrame[] = [];
  readonly #waiters = new Set<() => void>();
  #next = 0;
  closeCode?: number;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(OperatorServerFrame.parse(JSON.parse(data.toString())));
      for (const wake of this.#waiters) wake();
    });
    socket.on('close', (code) => {
      this.closeCode = code;
      for (const wake of this.#waiters) wake();
    });
  }

  static async connect(baseUrl: string, token: string): Promise<OperatorClient> {
    const socket = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/operators/ws`, { headers: { Authorization: `Bearer ${token}` } });
    // Listening before `open`: the server's first frame may arrive in the same read as the handshake.
    const client = new OperatorClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    await client.next('ready');
    return client;
  }

  send(frame: OperatorClientFrame | Record<string, unknown>): void {
    this.socket.send(JSON.stringify(frame));
  }

  /** Send a command and wait for its `done` (resolves with the frame) or `error` (resolves with it too). */
  async command(frame: Record<string, unknown>): Promise<Extract<OperatorServerFrame, { type: 'done' | 'error' }>> {
    const ref = `r${++this.#next}-${Math.random().toString(36).slice(2, 8)}`;
    this.send({ ...frame, ref });
    return this.waitFor((f): f is Extract<OperatorServerFrame, { type: 'done' | 'error' }> => (f.type === 'done' || f.type === 'error') && f.ref === ref);
  }

  waitFor<T extends OperatorServerFrame>(match: (frame: OperatorServerFrame) => frame is T, timeoutMs?: number): Promise<T>;
  waitFor(match: (frame: OperatorServerFrame) => boolean, timeoutMs?: number): Promise<OperatorServerFrame>;
  waitFor(match: (frame: OperatorServerFrame) => boolean, timeoutMs = 10_000): Promise<OperatorServerFrame> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = this.frames.find(match);
        if (found) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out waiting for an operator frame; got ${JSON.stringify(this.frames.map((f) => f.type).slice(-20))}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.#waiters.delete(check);
      };
      this.#waiters.add(check);
      check();
    });
  }

  next<T extends OperatorServerFrame['type']>(type: T, predicate: (frame: Extract<OperatorServerFrame, { type: T }>) => boolean = () => true, timeoutMs = 10_000) {
    return this.waitFor((f): f is Extract<OperatorServerFrame, { type: T }> => f.type === type && predicate(f as Extract<OperatorServerFrame, { type: T }>), timeoutMs);
  }

  /** The events of one watched conversation received so far, by seq. */
  events(conversationId: string) {
    return this.frames.flatMap((f) => (f.type === 'event' && f.conversationId === conversationId ? [f.event] : []));
  }

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
