import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencySigningSecret, HttpBot, RasaBot, signBotRequest, verifyBotRequest } from '../../src/agencies/index.js';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { botRequest } from '../helpers/bot-request.js';

/**
 * Requests to remote bots are signed: the shipped example bot (examples/signed-bot/server.mjs), run as a real
 * process on a free port, verifies them; a tampered body, a replay, a stale timestamp and no signature fail.
 */
const MASTER = 'test-master-secret-0123456789abcdef0123456789';
const secret = agencySigningSecret(MASTER, 'remote');
let bot: ChildProcess;
let base: string;

const request = botRequest({ text: 'kas ma saan passi uuendada?', intent: 'passport' });

beforeAll(async () => {
  bot = spawn(process.execPath, [join(PROJECT_ROOT, 'examples/signed-bot/server.mjs')], { env: { ...process.env, SWITCHBOARD_BOT_SECRET: secret, PORT: '0' }, stdio: ['ignore', 'pipe', 'inherit'] });
  base = await new Promise<string>((resolve, reject) => {
    bot.stdout?.on('data', (chunk: Buffer) => {
      const match = /listening on (http:\/\/\S+)/.exec(chunk.toString());
      if (match) resolve(match[1]);
    });
    bot.once('exit', (code) => reject(new Error(`example bot exited with ${code}`)));
  });
});
afterAll(() => {
  bot?.kill('SIGTERM');
});

async function post(path: string, body: string, headers: Record<string, string>) {
  const response = await fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });
  return { status: response.status, body: await response.json() };
}

describe('signed requests to remote bots', () => {
  it('an http bot and a Rasa bot with the agency key are verified by the example bot', async () => {
    expect((await new HttpBot('remote', `${base}/bot`, 2000, secret).handle(request)).replies).toEqual([{ text: 'Verified request for passport.' }]);
    expect((await new RasaBot('remote', `${base}/webhooks/rest/webhook`, 2000, secret).handle(request)).replies).toEqual([{ text: 'Verified request from remote.' }]);
  });

  it('refuses no signature, a tampered body, a replay, a stale timestamp and another agency’s key', async () => {
    const body = JSON.stringify(request);
    expect(await post('/bot', body, {})).toEqual({ status: 401, body: { error: 'missing' } });
    const headers = signBotRequest(secret, 'remote', body);
    expect(await post('/bot', body.replace('passi', 'raha'), headers)).toEqual({ status: 401, body: { error: 'bad_signature' } });
    expect((await post('/bot', body, headers)).status).toBe(200);
    expect(await post('/bot', body, headers)).toEqual({ status: 401, body: { error: 'replayed' } });
    expect(await post('/bot', body, signBotRequest(secret, 'remote', body, Date.now() - 10 * 60_000))).toEqual({ status: 401, body: { error: 'stale' } });
    expect(await post('/bot', body, signBotRequest(agencySigningSecret(MASTER, 'other'), 'remote', body))).toEqual({ status: 401, body: { error: 'bad_signature' } });
    await expect(new HttpBot('remote', `${base}/bot`, 2000).handle(request)).rejects.toThrow(/HTTP 401/);
  });

  it('verifyBotRequest (the TypeScript twin of the example) agrees', () => {
    const body = JSON.stringify(request);
    const headers = signBotRequest(secret, 'remote', body);
    const seen = new Map<string, number>();
    expect(verifyBotRequest({ secret, headers, rawBody: body, seen })).toEqual({ ok: true, agency: 'remote', requestId: headers['x-switchboard-request-id'] });
    expect(verifyBotRequest({ secret, headers, rawBody: body, seen })).toEqual({ ok: false, reason: 'replayed' });
    expect(verifyBotRequest({ secret, headers, rawBody: `${body} ` })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(agencySigningSecret(MASTER, 'remote')).not.toBe(agencySigningSecret(MASTER, 'tax'));
  });
});
