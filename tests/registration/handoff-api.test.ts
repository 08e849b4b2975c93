import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencySigningSecret, verifyBotRequest } from '../../src/agencies/index.js';
import type { BotRequest } from '../../src/protocol/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { ADMIN_TOKEN, api, issueKey } from './fixtures.js';

/**
 * A handoff with context through the API path: two agencies registered over the API, both remote bots on a real
 * HTTP server that verifies the signatures. The population register records a change of address and hands the
 * conversation to vehicle registration with the new address; the vehicle bot gets it as `handoffFrom.context`,
 * the citizen is told who has taken over.
 */
const MASTER = 'handoff-test-master-secret-0123456789abcdef';
let bots: Server;
let botUrl: string;
const received: Array<{ path: string; request: BotRequest }> = [];

function pack(intent: string, examples: string[]) {
  return { en: { language: 'en', intents: [{ name: intent, examples }] } };
}
/** The vehicle bot needs the address it is handed: its manifest allows personal data (docs/PRIVACY.md). */
function manifest(id: string, name: string, path: string) {
  return { id, name: { en: name }, description: { en: name }, languages: ['en'], bot: { type: 'http', url: `${botUrl}${path}`, personalData: id === 'vehicles' } };
}

describe('handoff with context between two API-registered agencies', () => {
  let server: RunningServer;

  beforeAll(async () => {
    bots = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (chunk) => (raw += chunk));
      req.on('end', () => {
        const agency = String(req.headers['x-switchboard-agency']);
        const check = verifyBotRequest({ secret: agencySigningSecret(MASTER, agency), headers: req.headers, rawBody: raw });
        res.setHeader('content-type', 'application/json');
        if (!check.ok) {
          res.statusCode = 401;
          res.end('{}');
          return;
        }
        const request = JSON.parse(raw) as BotRequest;
        received.push({ path: req.url ?? '', request });
        if (req.url === '/population') {
          res.end(JSON.stringify({
            replies: [{ text: 'Your new address Tartu mnt 1, Tallinn is registered.' }],
            handoff: { to: 'agency', agency: 'vehicles', reason: 'the vehicle registration must follow the new address', context: { address: 'Tartu mnt 1, Tallinn' } },
          }));
        } else {
          const address = (request.handoffFrom?.context as { address?: string } | undefined)?.address;
          res.end(JSON.stringify({ replies: [{ text: `Vehicle registration: your car's address will be changed to ${address}.` }] }));
        }
      });
    });
    await new Promise<void>((resolve) => bots.listen(0, '127.0.0.1', resolve));
    const address = bots.address();
    botUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    server = await startTestServer({ adminToken: ADMIN_TOKEN, botSigningSecret: MASTER, botAllowedNetworks: ['127.0.0.1/32'], registration: { folds: 2 } });
  }, 60_000);
  afterAll(async () => {
    await server?.close();
    bots.closeAllConnections();
    await new Promise((resolve) => bots.close(resolve));
  });

  it('the receiving bot gets the context; the citizen is told who took over', { timeout: 300_000 }, async () => {
    for (const [id, name, path, intent, examples] of [
      ['population', 'Population Register', '/population', 'change_of_address', ['I moved and need to change my address', 'register my new address', 'change of residence registration', 'how do I update my home address in the population register', 'notify a change of address after moving']],
      ['vehicles', 'Vehicle Registration', '/vehicles', 'vehicle_registration', ['register my car', 'vehicle registration certificate', 'change the owner of my car', 'how do I register a used car', 'car registration documents']],
    ] as const) {
      const key = await issueKey(server, id);
      const draft = await api(server, 'POST', `/api/registry/${id}/drafts`, key, { manifest: manifest(id, name, path), packs: pack(intent, [...examples]) });
      expect(draft.status).toBe(201);
      const published = await api(server, 'POST', `/api/registry/${id}/drafts/${draft.body.draft.id}/publish`, key, { force: true });
      expect(published.status).toBe(200);
    }
    const client = await WidgetClient.connect(server.url);
    try {
      await client.hello({ language: 'en' });
      const replies = await ask(server, client, 'I moved and need to change my address');
      expect(replies.map((reply) => [reply.from, reply.agency, reply.text])).toEqual([
        ['bot', 'population', 'Your new address Tartu mnt 1, Tallinn is registered.'],
        ['system', 'vehicles', expect.stringContaining('Vehicle Registration')],
        ['bot', 'vehicles', "Vehicle registration: your car's address will be changed to Tartu mnt 1, Tallinn."],
      ]);
      const toVehicles = received.find((entry) => entry.path === '/vehicles')?.request;
      expect(toVehicles?.handoffFrom).toEqual({ agency: 'population', reason: 'the vehicle registration must follow the new address', context: { address: 'Tartu mnt 1, Tallinn' } });
    } finally {
      await client.close();
    }
  });
});
