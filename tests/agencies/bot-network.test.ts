import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpBot, MAX_BOT_RESPONSE_BYTES, RasaBot, refusedAddress } from '../../src/agencies/index.js';
import { failure } from '../helpers/errors.js';
import { botRequest } from '../helpers/bot-request.js';

/**
 * Bot URLs from the registration API are untrusted: one case per address class, each refused before any
 * connection (the refused addresses have no server; a refusal that tried to connect would time out or be
 * refused by the OS with another message). An admin's allow-list lets a range through; the answer is size-limited.
 */
let server: Server;
let port: number;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    res.setHeader('content-type', 'application/json');
    if (req.url === '/huge') res.end(JSON.stringify({ replies: [{ text: 'x'.repeat(MAX_BOT_RESPONSE_BYTES) }] }));
    else res.end(JSON.stringify({ replies: [{ text: 'hello from the bot' }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  port = typeof address === 'object' && address ? address.port : 0;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const request = botRequest();

describe('where a published agency’s bot may be', () => {
  const cases: Array<[string, string, string]> = [
    ['loopback', `http://127.0.0.1:${0}/bot`, 'loopback'],
    ['loopback by name (resolved, then checked)', 'http://localhost:PORT/bot', 'loopback'],
    ['IPv6 loopback', 'http://[::1]:PORT/bot', 'loopback'],
    ['private 10/8', 'http://10.0.0.7/bot', 'private'],
    ['private 172.16/12', 'http://172.20.1.1/bot', 'private'],
    ['private 192.168/16', 'http://192.168.1.10/bot', 'private'],
    ['link-local / cloud metadata', 'http://169.254.169.254/latest/meta-data/', 'link-local / cloud metadata'],
    ['IPv6 unique-local (AWS metadata fd00:ec2::254)', 'http://[fd00:ec2::254]/', 'unique-local / cloud metadata'],
    ['IPv4-mapped IPv6', 'http://[::ffff:127.0.0.1]:PORT/bot', 'loopback'],
    ['this network', 'http://0.0.0.0:PORT/bot', 'this network'],
    ['carrier-grade NAT', 'http://100.100.100.200/', 'carrier-grade NAT'],
  ];
  for (const [name, template, reason] of cases) {
    it(`refuses ${name}`, async () => {
      const before = hits;
      const url = template.replace('PORT', String(port)).replace(':0/', `:${port}/`);
      for (const bot of [new HttpBot('remote', url, 2000, undefined, {}), new RasaBot('remote', url, 2000, undefined, {})]) {
        const error = await failure(bot.handle(request));
        expect(error.code).toBe('SWB_ERR_AGENCY_FAILED');
        expect(error.message).toContain(`address refused (${reason})`);
      }
      expect(hits).toBe(before);
    });
  }

  it('lets an admin-allowed range through, and leaves public addresses alone', async () => {
    const bot = new HttpBot('remote', `http://localhost:${port}/bot`, 2000, undefined, { allow: ['127.0.0.0/8'] });
    expect((await bot.handle(request)).replies).toEqual([{ text: 'hello from the bot' }]);
    expect(refusedAddress('93.184.215.14')).toBeUndefined();
    expect(refusedAddress('2a00:1450:4010:c05::8a')).toBeUndefined();
    expect(refusedAddress('10.1.2.3', { allow: ['10.1.0.0/16'] })).toBeUndefined();
    expect(refusedAddress('10.2.2.3', { allow: ['10.1.0.0/16'] })).toBe('private');
  });

  it('refuses an answer larger than the limit', async () => {
    const bot = new HttpBot('remote', `http://127.0.0.1:${port}/huge`, 2000, undefined, { allow: ['127.0.0.1/32'] });
    expect((await failure(bot.handle(request))).message).toMatch(/more than 262144 bytes/);
  });
});
