import { Writable } from 'node:stream';
import fc from 'fast-check';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.js';
import { ServerFrame } from '../../src/protocol/index.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/switchboard.js';
import { fuzzOptions, json, PLANTED, rawFrame, RUNS } from './arbitraries.js';

/**
 * The same generated input against a live server: widget frames over real sockets, and HTTP bodies and
 * headers on every API route. Every input gets a well-formed answer (or a documented close), nothing
 * crashes, no promise goes unhandled, the server is healthy afterwards, and the debug-level log of the
 * whole run never carries the personal data planted in the input.
 */
let server: RunningServer;
const logLines: string[] = [];

beforeAll(async () => {
  const destination = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(chunk.toString());
      done();
    },
  });
  server = await startTestServer({ logger: createLogger({ level: 'debug', destination }) });
}, 60_000);

afterAll(async () => {
  await server?.close();
});

const wsUrl = () => `${server.url.replace(/^http/, 'ws')}/ws`;

/** Connect, maybe say hello, send the generated frame and a probe; resolves with what came back. */
async function exchange(raw: string, hello: boolean): Promise<{ frames: unknown[]; invalid: string[]; closeCode?: number }> {
  const socket = new WebSocket(wsUrl());
  const frames: unknown[] = [];
  const invalid: string[] = [];
  let closeCode: number | undefined;
  let wake = () => {};
  socket.on('message', (data) => {
    const text = data.toString();
    const parsed = ServerFrame.safeParse(JSON.parse(text));
    if (parsed.success) frames.push(parsed.data);
    else invalid.push(text);
    wake();
  });
  socket.on('close', (code) => {
    closeCode = code;
    wake();
  });
  const until = (done: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer to ${JSON.stringify(raw.slice(0, 200))}`)), 10_000);
      wake = () => {
        if (done()) {
          clearTimeout(timer);
          resolve();
        }
      };
      wake();
    });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  if (hello) {
    socket.send(JSON.stringify({ type: 'hello', language: 'en', agency: 'tax' }));
    await until(() => frames.some((f) => (f as { type: string }).type === 'welcome'));
  }
  socket.send(raw);
  socket.send('{probe');
  // The probe is answered (an invalid-JSON error after any the generated frame earned), or the server closed.
  const probes = () => frames.filter((f) => (f as { type: string; issues?: Array<{ code: string }> }).type === 'error' && (f as { issues?: Array<{ code: string }> }).issues?.[0]?.code === 'invalid_json').length;
  let invalidJson = false;
  try {
    JSON.parse(raw);
  } catch {
    invalidJson = true;
  }
  await until(() => closeCode !== undefined || probes() >= (invalidJson ? 2 : 1));
  socket.terminate();
  return { frames, invalid, closeCode };
}

describe('live server under generated input', () => {
  it(`answers every widget frame with well-formed frames or a documented close (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(rawFrame, fc.boolean(), async (raw, hello) => {
        const { frames, invalid, closeCode } = await exchange(raw, hello);
        expect(invalid).toEqual([]);
        if (closeCode !== undefined) expect([1000, 1005, 1006, 1009]).toContain(closeCode);
        for (const frame of frames) {
          if ((frame as { type: string }).type === 'error') expect(JSON.stringify(frame)).not.toContain(PLANTED);
        }
      }),
      fuzzOptions(),
    );
  }, 600_000);

  const CONTENT_TYPES = ['application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', 'multipart/form-data; boundary=x', '', 'application/json; charset=bogus'];
  const body = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 300 }),
    json.map((value) => JSON.stringify(value) ?? ''),
    fc.record({ text: json, language: json }).map((value) => JSON.stringify(value)),
    fc.record({ text: fc.string({ minLength: 1, maxLength: 50 }), token: fc.oneof(json, fc.uuid().map((id) => `${id}.${PLANTED}xxxxxxxx`)) }).map((value) => JSON.stringify(value)),
    fc.integer({ min: 10_000, max: 40_000 }).map((n) => JSON.stringify({ text: `${PLANTED} ${'y'.repeat(n)}` })),
  );

  it(`answers every POST /api/explain body with 200 or a well-formed 4xx (${RUNS} cases)`, async () => {
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(...CONTENT_TYPES), async (payload, contentType) => {
        const response = await fetch(`${server.url}/api/explain`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body: payload });
        // 401/429: a body naming a conversation token that does not match (or too many of them from one address).
        expect([200, 400, 401, 413, 429]).toContain(response.status);
        const answer = (await response.json()) as { decision?: unknown; error?: { code: string; message: string } };
        if (response.status !== 200) {
          expect(JSON.stringify(answer)).toMatch(/"code":"SWB_ERR_[A-Z_]+"/);
          expect(JSON.stringify(answer)).not.toContain(PLANTED);
        }
      }),
      fuzzOptions(),
    );
  }, 600_000);

  it(`refuses every generated credential on the citizen data routes with 401 or 429 (${RUNS} cases)`, async () => {
    const header = fc.oneof(fc.string({ maxLength: 120 }), fc.string({ maxLength: 80 }).map((s) => `Bearer ${s}`), fc.uuid().map((id) => `Bearer ${id}.${PLANTED}xxxxxxxx`));
    await fc.assert(
      fc.asyncProperty(header, fc.constantFrom('GET /api/conversation/transcript', 'DELETE /api/conversation'), async (authorization, route) => {
        const [method, path] = route.split(' ');
        let headers: Record<string, string> = {};
        try {
          headers = new Headers({ authorization }).has('authorization') ? { authorization } : {};
        } catch {
          // Not a valid header value at all: the client cannot send it; send none.
        }
        const response = await fetch(`${server.url}${path}`, { method, headers });
        // Refused as unauthorised, or (after 30 a minute from one address) as too many, with Retry-After.
        expect([401, 429]).toContain(response.status);
        if (response.status === 429) expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
        expect(JSON.stringify(await response.json())).not.toContain(PLANTED);
      }),
      fuzzOptions(),
    );
  }, 600_000);

  it('leaves the server healthy, with no unhandled rejection and no planted data in the debug log', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(((await health.json()) as { unhandledRejections: number }).unhandledRejections).toBe(0);
    const log = logLines.join('');
    expect(log.length).toBeGreaterThan(0);
    expect(log).not.toContain(PLANTED);
  });
});
