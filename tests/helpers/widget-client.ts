import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { ServerFrame } from '../../src/protocol/index.js';
import { RecordingSocket } from './recording-socket.js';

/**
 * A real `ws` client that speaks the widget protocol and records every frame (validated with the same
 * zod schema the widget relies on), with helpers to wait for the frames a test expects.
 */
export class WidgetClient extends RecordingSocket<ServerFrame> {
  private constructor(socket: WebSocket) {
    super(socket, (raw) => ServerFrame.parse(raw), 'a frame', 8000);
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
}
