import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotCircuit, HttpBot, RasaBot } from '../../src/agencies/index.js';
import { waitUntil } from '../conversations/contracts/helpers.js';
import { failure } from '../helpers/errors.js';
import { botRequest } from '../helpers/bot-request.js';

/**
 * A real HTTP server plays a remote bot that answers, is slow, fails; the breaker opens (calls fail fast without
 * reaching it) and closes again once it answers. Only requests that never left are retried.
 */
let server: Server;
let base: string;
let mode: 'ok' | 'fail' | 'slow' = 'ok';
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    if (mode === 'fail') {
      res.statusCode = 500;
      res.end('{}');
    } else if (mode === 'slow') setTimeout(() => res.end('{"replies":[]}'), 1_000);
    else if (req.url === '/webhooks/rest/webhook') res.end(JSON.stringify([{ recipient_id: 'c-1', text: 'Tere!', buttons: [{ title: 'Pass', payload: '/passport' }] }]));
    else res.end(JSON.stringify({ replies: [{ text: 'answered' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(resolve));
});

const request = botRequest();

describe('remote bot circuit breaker', () => {
  it('answers; a slow bot times out; failures open the circuit, which fails fast, then closes when the bot answers', async () => {
    mode = 'ok';
    const circuit = new BotCircuit('remote', { resetMs: 200, volumeThreshold: 3 });
    const bot = new HttpBot('remote', `${base}/bot`, 300, undefined, undefined, circuit);
    expect((await bot.handle(request)).replies).toEqual([{ text: 'answered' }]);

    mode = 'slow';
    expect((await failure(bot.handle(request))).code).toBe('SWB_ERR_AGENCY_TIMEOUT');
    mode = 'fail';
    for (let i = 0; i < 3 && circuit.state === 'closed'; i++) expect((await failure(bot.handle(request))).message).toMatch(/HTTP 500/);
    expect(circuit.state).toBe('open');
    const before = hits;
    const fast = await failure(bot.handle(request));
    expect(fast.code).toBe('SWB_ERR_AGENCY_FAILED');
    expect(fast.message).toMatch(/circuit is open/);
    expect(hits).toBe(before);

    mode = 'ok';
    await waitUntil(async () => circuit.state === 'half-open', 5_000);
    expect((await bot.handle(request)).replies).toEqual([{ text: 'answered' }]);
    expect(circuit.state).toBe('closed');
    expect(circuit.retries).toBe(0);
  });

  it('a fake Rasa REST endpoint answers in Rasa’s shape', async () => {
    mode = 'ok';
    const reply = await new RasaBot('remote', `${base}/webhooks/rest/webhook`, 1000).handle(request);
    expect(reply).toEqual({ replies: [{ text: 'Tere!' }], choices: [{ label: 'Pass', value: '/passport' }] });
  });

  it('retries only a request that never left (connection refused), with backoff', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const address = closed.address();
    await new Promise((resolve) => closed.close(resolve));
    const circuit = new BotCircuit('remote', { retries: 2, retryBaseMs: 5 });
    const bot = new HttpBot('remote', `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/bot`, 1000, undefined, undefined, circuit);
    expect((await failure(bot.handle(request))).message).toMatch(/could not be reached/);
    expect(circuit.retries).toBe(2);

    mode = 'fail';
    const sent = new BotCircuit('remote', { retries: 2, retryBaseMs: 5 });
    const before = hits;
    await failure(new HttpBot('remote', `${base}/bot`, 1000, undefined, undefined, sent).handle(request));
    expect(sent.retries).toBe(0);
    expect(hits).toBe(before + 1);
  });
});
