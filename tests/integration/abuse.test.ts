import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ConversationLog } from '../../src/conversations/index.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/**
 * Abuse resistance (issue 20 item 4): limits per client address on new sockets and on the HTTP API trip with
 * 429 and `Retry-After`, and recover; a socket that never says hello is closed; a reader that stops reading
 * is cut off instead of making the server hold its backlog (server RSS measured in the server process).
 */
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer({ limits: { handshakesPerMinute: 5, apiRequestsPerMinute: 8, windowSeconds: 2, helloTimeoutMs: 400, maxBufferedBytes: 256 * 1024 } });
});
afterAll(async () => {
  await server?.close();
});

function upgrade(): Promise<{ status: number; retryAfter?: string; socket?: WebSocket }> {
  return new Promise((resolve) => {
    const socket = new WebSocket(`${server.url.replace('http', 'ws')}/ws`);
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_request, response) => resolve({ status: response.statusCode ?? 0, retryAfter: response.headers['retry-after'] }));
    socket.once('error', () => undefined);
  });
}

describe('limits per client address', () => {
  it('new widget sockets: the sixth in the window gets 429 with Retry-After; the open ones keep working; recovers', async () => {
    const results: Array<Awaited<ReturnType<typeof upgrade>>> = [];
    for (let i = 0; i < 6; i++) results.push(await upgrade());
    expect(results.slice(0, 5).map((result) => result.status)).toEqual([101, 101, 101, 101, 101]);
    expect(results[5].status).toBe(429);
    expect(Number(results[5].retryAfter)).toBeGreaterThan(0);
    expect(Number(results[5].retryAfter)).toBeLessThanOrEqual(2);
    const open = results[0].socket!;
    open.send(JSON.stringify({ type: 'hello', language: 'en' }));
    const welcome = await new Promise<{ type: string }>((resolve) => open.once('message', (data) => resolve(JSON.parse(data.toString()))));
    expect(welcome.type).toBe('welcome');
    for (const result of results) result.socket?.terminate();
    // The window passes: the address may connect again.
    await new Promise((resolve) => setTimeout(resolve, Number(results[5].retryAfter) * 1000 + 100));
    const again = await upgrade();
    expect(again.status).toBe(101);
    again.socket?.terminate();
  });

  it('the HTTP API: past the limit 429 with Retry-After and a stable code; recovers after the window', async () => {
    const statuses: number[] = [];
    let last: Response | undefined;
    for (let i = 0; i < 10; i++) {
      last = await fetch(`${server.url}/api/agencies`);
      statuses.push(last.status);
    }
    expect(statuses.slice(0, 8).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(8)).toEqual([429, 429]);
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await last!.json()) as { error: { code: string } }).error.code).toBe('SWB_ERR_RATE_LIMITED');
    // Health and readiness stay reachable for the balancer whatever a client does.
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, Number(last!.headers.get('retry-after')) * 1000 + 100));
    expect((await fetch(`${server.url}/api/agencies`)).status).toBe(200);
  });
});

describe('sockets that hold resources for nothing', () => {
  it('a socket that never says hello is closed (1008)', async () => {
    const limited = await startTestServer({ limits: { helloTimeoutMs: 300 } });
    try {
      const client = await WidgetClient.connect(limited.url);
      expect(await client.closed()).toBe(1008);
    } finally {
      await limited.close();
    }
  });

  it('a reader that never reads is cut off; the server does not hold its backlog', async () => {
    const limited = await startTestServer({ limits: { maxBufferedBytes: 256 * 1024 } });
    try {
      const client = await WidgetClient.connect(limited.url);
      const { conversationId } = await client.hello({ language: 'en' });
      // Stop reading at the TCP level: the kernel buffers fill, then the server's queue for this socket grows.
      const raw = (client.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      raw.pause();
      const conversationLog = new ConversationLog(limited.backend.store, limited.backend.bus);
      const connections = async () => {
        const text = await (await fetch(`${limited.url}/metrics`)).text();
        return Number(/^swb_ws_connections (\d+)/m.exec(text)?.[1]);
      };
      expect(await connections()).toBe(1);
      const text = 'x'.repeat(3_900);
      let offeredBytes = 0;
      // Offer up to 60 MB; the server must cut the socket once its own queue for it passes 256 KB (after the
      // kernel's socket buffers on both sides have filled).
      for (let i = 0; i < 16_000 && (i % 100 !== 0 || (await connections()) === 1); i++) {
        await conversationLog.append(conversationId, { type: 'message', from: 'operator', operatorName: 'Mari', text });
        offeredBytes += text.length;
      }
      console.info(`slow reader: cut off after ${(offeredBytes / 2 ** 20).toFixed(1)} MB offered (kernel buffers + 256 KB queued)`);
      expect(await connections()).toBe(0);
      expect(offeredBytes).toBeLessThan(32 * 2 ** 20);
      // Nothing is lost: the log has everything, for the widget to resume from its last seq.
      expect((await limited.backend.store.eventsAfter(conversationId, 0, 20_000)).length).toBeGreaterThan(offeredBytes / text.length);
      raw.resume();
      await expect.poll(() => client.socket.readyState, { timeout: 5_000 }).toBe(WebSocket.CLOSED);
      expect((await fetch(`${limited.url}/healthz`)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
