import type { ServerFrame } from '../../src/protocol/index.js';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server.js';
import { createLogger } from '../../src/log/index.js';
import type { WidgetClient } from './widget-client.js';

/**
 * A real server on a free loopback port with the demo agencies, silent logs. Every test client comes from
 * 127.0.0.1, so the per-address abuse limits are lifted unless a test sets them (tests/integration/abuse.test.ts).
 */
export function startTestServer(options: ServerOptions = {}): Promise<RunningServer> {
  return startServer({ port: 0, host: '127.0.0.1', logger: createLogger({ level: 'silent' }), ...options, limits: { handshakesPerMinute: 1_000_000, apiRequestsPerMinute: 1_000_000, ...options.limits } });
}

type MessageFrame = Extract<ServerFrame, { type: 'message' }>;

/**
 * Say something and return what came back in that turn: waits for the ack, lets the router finish the
 * turn, then for the last event it appended to reach the client. No sleeps, no guessing.
 */
export async function ask(server: RunningServer, client: WidgetClient, text: string, extra: Record<string, unknown> = {}): Promise<MessageFrame[]> {
  const clientId = client.say(text, extra);
  const ack = await client.waitFor((f): f is Extract<ServerFrame, { type: 'ack' }> => f.type === 'ack' && f.clientId === clientId);
  await server.router.drain();
  const conversationId = client.frames.find((f) => f.type === 'welcome')?.conversationId ?? '';
  const record = await server.backend.store.get(conversationId);
  if (record) await client.waitForSeq(record.lastSeq);
  return client.messages().filter((m) => m.seq > ack.seq && m.from !== 'citizen' && m.seq <= (record?.lastSeq ?? Infinity));
}
