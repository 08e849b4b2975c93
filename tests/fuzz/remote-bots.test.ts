import { createServer, type Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBot, RasaBot } from '../../src/agencies/index.js';
import { SwitchboardError } from '../../src/errors/index.js';
import { BotResponse, type BotRequest } from '../../src/protocol/index.js';
import { fuzzOptions, json, PLANTED, RUNS } from './arbitraries.js';

/**
 * Remote bots are outside input too: a real HTTP server answers each generated case with a generated status
 * and body. The bot clients resolve with a valid BotResponse or reject with SWB_ERR_AGENCY_FAILED, whose
 * message never quotes what the bot sent.
 */
let server: Server;
let base: string;
let next: { status: number; body: string } = { status: 200, body: '{}' };

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.statusCode = next.status;
      res.setHeader('content-type', 'application/json');
      res.end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const request: BotRequest = {
  conversationId: 'c-1',
  agency: 'library',
  text: 'hello',
  language: 'en',
  decision: { rule: 'route', language: 'en', languageConfidence: 1, confidence: 1, top: [], evidence: [], reason: 'test' },
  context: {},
};

const reply = fc.record({ text: fc.oneof(json, fc.string({ minLength: 1, maxLength: 50 })) }, { requiredKeys: [] });
const botBody = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  json.map((value) => JSON.stringify(value) ?? ''),
  fc.record({ replies: fc.oneof(json, fc.array(reply, { maxLength: 12 })), choices: fc.option(json), context: fc.option(json), handoff: fc.option(fc.oneof(json, fc.record({ to: fc.constantFrom('agency', 'human', 'x'), agency: json, reason: json }))) }, { requiredKeys: [] }).map((value) => JSON.stringify(value)),
);
const rasaBody = fc.oneof(
  json.map((value) => JSON.stringify(value) ?? ''),
  fc.array(fc.record({ recipient_id: json, text: fc.oneof(json, fc.string({ maxLength: 5000 })), image: json, buttons: fc.oneof(json, fc.array(fc.record({ title: json, payload: json }), { maxLength: 15 })) }, { requiredKeys: [] }), { maxLength: 15 }).map((value) => JSON.stringify(value)),
);

describe.each([
  ['HTTP bot (BotResponse)', () => new HttpBot('library', `${base}/bot`, 5000), botBody],
  ['Rasa bot (REST channel)', () => new RasaBot('library', `${base}/webhooks/rest/webhook`, 5000), rasaBody],
] as const)('%s under generated responses', (_name, makeBot, body) => {
  it(`resolves with a valid BotResponse or rejects with SWB_ERR_AGENCY_FAILED (${RUNS} cases)`, async () => {
    const bot = makeBot();
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom(200, 200, 200, 404, 500, 503), async (payload, status) => {
        next = { status, body: payload };
        try {
          const response = await bot.handle(request);
          expect(BotResponse.safeParse(response).success).toBe(true);
          expect(status).toBe(200);
        } catch (error) {
          expect(error).toBeInstanceOf(SwitchboardError);
          expect((error as SwitchboardError).code).toBe('SWB_ERR_AGENCY_FAILED');
          expect((error as SwitchboardError).message).not.toContain(PLANTED);
        }
      }),
      fuzzOptions(),
    );
  }, 600_000);
});
