import WebSocket from 'ws';
import { OperatorServerFrame, type OperatorClientFrame, type SignInResponse } from '../../src/protocol/index.js';
import { DEMO_OPERATORS } from '../../src/operators/index.js';
import { RecordingSocket } from './recording-socket.js';

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
export class OperatorClient extends RecordingSocket<OperatorServerFrame> {
  #next = 0;

  private constructor(socket: WebSocket) {
    super(socket, (raw) => OperatorServerFrame.parse(raw), 'an operator frame', 10_000);
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

  /** The events of one watched conversation received so far, by seq. */
  events(conversationId: string) {
    return this.frames.flatMap((f) => (f.type === 'event' && f.conversationId === conversationId ? [f.event] : []));
  }
}
