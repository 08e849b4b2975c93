import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/switchboard.js';
import { api, signIn } from '../helpers/operator-client.js';
import { runOperatorsCli } from '../../scripts/operators.js';

/**
 * Accounts in a real operators.yaml written by the CLI; sessions end on sign-out, on a password change
 * (CLI or admin API) and on removal; sign-in is rate limited per account and per IP.
 */
const dir = mkdtempSync(join(tmpdir(), 'swb-operators-'));
const file = join(dir, 'operators.yaml');
let server: RunningServer;
let password = 'first password 1';
const cli = (...args: string[]) => runOperatorsCli([...args, '--file', file], { password: async () => password, print: () => undefined });

beforeAll(async () => {
  await cli('add', '--id', 'mari', '--name', 'Mari Tamm', '--email', 'Mari@Tax.test', '--agencies', 'tax');
  await cli('add', '--id', 'kadri', '--name', 'Kadri Saar', '--email', 'kadri@tax.test', '--agencies', 'tax,police', '--role', 'supervisor');
  await cli('add', '--id', 'toomas', '--name', 'Toomas Kuusk', '--email', 'toomas@tax.test', '--agencies', 'tax');
  server = await startTestServer({ operators: { file, signInLimits: { account: 8, ip: 24 } } });
}, 60_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

const me = (token: string) => api(server.url, token, 'GET', '/api/operators/me');

describe('operator sessions', () => {
  it('sign-in sets an HttpOnly, SameSite=Strict cookie; the cookie works for the API', async () => {
    const response = await fetch(`${server.url}/api/operators/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email: 'mari@tax.test', password }) });
    expect(response.status).toBe(200);
    const cookie = response.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^swb_op=[^;]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=\d+$/);
    const viaCookie = await fetch(`${server.url}/api/operators/me`, { headers: { Cookie: cookie.split(';')[0] } });
    expect(((await viaCookie.json()) as { operator: { id: string } }).operator.id).toBe('mari');
    // Behind TLS (a proxy saying so) the cookie is Secure too.
    const behindTls = await fetch(`${server.url}/api/operators/session`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Forwarded-Proto': 'https' }, body: JSON.stringify({ email: 'mari@tax.test', password }) });
    expect(behindTls.headers.get('set-cookie')).toContain('; Secure');
    // A cookie-authenticated write from another site is refused.
    const crossSite = await fetch(`${server.url}/api/operators/me/availability`, { method: 'PUT', headers: { Cookie: cookie.split(';')[0], Origin: 'https://evil.example', 'Content-Type': 'application/json' }, body: '{"status":"away"}' });
    expect(crossSite.status).toBe(403);
  });

  it('sign-out ends that session only', async () => {
    const one = (await signIn(server.url, 'mari@tax.test', password)).token;
    const two = (await signIn(server.url, 'mari@tax.test', password)).token;
    expect((await api(server.url, one, 'DELETE', '/api/operators/session')).status).toBe(204);
    expect((await me(one)).status).toBe(401);
    expect((await me(two)).status).toBe(200);
  });

  it('a password changed with the CLI ends the running sessions (the server re-reads the file)', async () => {
    const token = (await signIn(server.url, 'mari@tax.test', password)).token;
    password = 'second password 2';
    await cli('passwd', 'mari');
    await expect.poll(async () => (await me(token)).status, { timeout: 5_000, interval: 200 }).toBe(401);
    expect((await signIn(server.url, 'mari@tax.test', password)).operator.id).toBe('mari');
  });

  it('a supervisor changing a password or removing an account ends its sessions at once', async () => {
    const kadri = (await signIn(server.url, 'kadri@tax.test', 'first password 1')).token;
    const toomas = (await signIn(server.url, 'toomas@tax.test', 'first password 1')).token;
    expect((await api(server.url, kadri, 'PUT', '/api/operators/accounts/toomas/password', { password: 'third password 3' })).status).toBe(204);
    expect((await me(toomas)).status).toBe(401);
    const again = (await signIn(server.url, 'toomas@tax.test', 'third password 3')).token;
    expect((await api(server.url, kadri, 'DELETE', '/api/operators/accounts/toomas')).status).toBe(204);
    expect((await me(again)).status).toBe(401);
    await expect(signIn(server.url, 'toomas@tax.test', 'third password 3')).rejects.toMatchObject({ code: 'SWB_ERR_UNAUTHORIZED' });
  });

  it('sign-in is rate limited per account, then per IP', async () => {
    const attempt = (email: string) => fetch(`${server.url}/api/operators/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ email, password: 'guess guess' }) });
    const statuses: number[] = [];
    // kadri signed in once above: seven more attempts fit the budget of eight, the next is refused.
    for (let i = 0; i < 8; i++) statuses.push((await attempt('kadri@tax.test')).status);
    expect(statuses.slice(0, 7)).toEqual(Array(7).fill(401));
    expect(statuses[7]).toBe(429);
    // Different accounts from one address: the per-IP budget runs out too.
    let limited = false;
    for (let i = 0; i < 24 && !limited; i++) limited = (await attempt(`nobody${i}@tax.test`)).status === 429;
    expect(limited).toBe(true);
  });
});
