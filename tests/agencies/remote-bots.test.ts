import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBot, RasaBot } from '../../src/agencies/index.js';
import type { BotRequest } from '../../src/protocol/index.js';
import { failure } from '../helpers/errors.js';

/** A real HTTP server standing in for an agency's remote bot; each path behaves differently. */
let server: Server;
let base: string;
const received: unknown[] = [];

const routes: Record<string, (body: unknown, res: ServerResponse) => void> = {
  '/ok': (body, res) => {
    const request = body as BotRequest;
    json(res, { replies: [{ text: `echo ${request.intent}` }], context: { turns: 1 }, handoff: { to: 'agency', agency: 'tax', reason: 'customs question' } });
  },
  '/slow': (_body, res) => setTimeout(() => json(res, { replies: [] }), 2000),
  '/invalid': (_body, res) => json(res, { replies: 'not a list' }),
  '/crash': (_body, res) => {
    res.statusCode = 500;
    res.end('boom');
  },
  '/rasa': (body, res) => {
    const { sender } = body as { sender: string };
    json(res, [
      { recipient_id: sender, text: 'Tere! Mida soovite teada?' },
      { recipient_id: sender, text: 'Valige:', buttons: [{ title: 'Pass', payload: '/passport' }] },
    ]);
  },
};

function json(res: ServerResponse, value: unknown) {
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      const body = JSON.parse(data);
      received.push(body);
      routes[req.url ?? '']?.(body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request: BotRequest = {
  conversationId: 'c-1',
  agency: 'remote',
  text: 'kas ma saan passi uuendada?',
  language: 'et',
  intent: 'passport_renewal',
  decision: { rule: 'route', language: 'et', languageConfidence: 0.9, confidence: 0.8, top: [], evidence: [], reason: 'test' },
  context: {},
};

describe('remote agency bots over HTTP', () => {
  it('posts the BotRequest and returns a validated BotResponse with its handoff', async () => {
    const response = await new HttpBot('remote', `${base}/ok`, 1000).handle(request);
    expect(response).toEqual({ replies: [{ text: 'echo passport_renewal' }], context: { turns: 1 }, handoff: { to: 'agency', agency: 'tax', reason: 'customs question', context: {} } });
    expect(received.at(-1)).toMatchObject({ conversationId: 'c-1', language: 'et' });
  });

  it('times out with SWB_ERR_AGENCY_TIMEOUT', async () => {
    const error = await failure(new HttpBot('remote', `${base}/slow`, 200).handle(request));
    expect(error.code).toBe('SWB_ERR_AGENCY_TIMEOUT');
    expect(error.message).toMatch(/within 200 ms/);
  });

  it('rejects an invalid response, a 500 and a refused connection with SWB_ERR_AGENCY_FAILED', async () => {
    expect((await failure(new HttpBot('remote', `${base}/invalid`, 1000).handle(request))).message).toMatch(/invalid response \(replies\)/);
    expect((await failure(new HttpBot('remote', `${base}/crash`, 1000).handle(request))).message).toMatch(/HTTP 500/);
    expect((await failure(new HttpBot('remote', 'http://127.0.0.1:1/', 1000).handle(request))).code).toBe('SWB_ERR_AGENCY_FAILED');
  });

  it('speaks to an unchanged Rasa REST channel: sender, message, buttons as choices', async () => {
    const response = await new RasaBot('rasa', `${base}/rasa`, 1000).handle(request);
    expect(received.at(-1)).toMatchObject({ sender: 'c-1', message: 'kas ma saan passi uuendada?', metadata: { language: 'et' } });
    expect(response).toEqual({
      replies: [{ text: 'Tere! Mida soovite teada?' }, { text: 'Valige:' }],
      choices: [{ label: 'Pass', value: '/passport' }],
    });
  });
});
