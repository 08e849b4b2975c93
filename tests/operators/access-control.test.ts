import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { hashPassword } from '../../src/operators/index.js';
import { OperatorClientFrame, type OperatorAccount } from '../../src/protocol/index.js';
import { startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { OperatorClient, api, signIn } from '../helpers/operator-client.js';

/**
 * Access control on every operator endpoint and frame. The tables below are checked against the app's own
 * route list and the protocol's frame list: a route or frame added without cases fails this file.
 *
 * mari: tax operator · jaan: police operator · kadri: supervisor of tax, police, social · sven: supervisor of police.
 * Conversations are tax conversations, fresh for each case: `queued`, or `held` (claimed by mari).
 */
type Who = 'anonymous' | 'mari' | 'jaan' | 'kadri' | 'sven';
interface Case {
  who: Who;
  conversation?: 'queued' | 'held' | 'unknown';
  agency?: string;
  /** `:id` in account routes. */
  account?: 'mari' | 'temporary';
  body?: unknown;
  status: number;
  code?: string;
}

const PASSWORD = 'correct horse battery';
const people: Array<Omit<OperatorAccount, 'passwordHash'>> = [
  { id: 'mari', name: 'Mari Tamm', email: 'mari@tax.test', agencies: ['tax'], role: 'operator' },
  { id: 'jaan', name: 'Jaan Kask', email: 'jaan@police.test', agencies: ['police'], role: 'operator' },
  { id: 'kadri', name: 'Kadri Saar', email: 'kadri@sup.test', agencies: ['tax', 'police', 'social'], role: 'supervisor' },
  { id: 'sven', name: 'Sven Org', email: 'sven@police.test', agencies: ['police'], role: 'supervisor' },
];

const anon = (status = 401): Case => ({ who: 'anonymous', status, code: status === 401 ? 'SWB_ERR_UNAUTHORIZED' : undefined });
const forbidden = (who: Who, extra: Partial<Case> = {}): Case => ({ who, status: 403, code: 'SWB_ERR_FORBIDDEN', ...extra });

const ROUTES: Record<string, Case[]> = {
  'POST /api/operators/session': [
    { who: 'anonymous', body: { email: 'mari@tax.test', password: 'wrong password' }, status: 401, code: 'SWB_ERR_UNAUTHORIZED' },
    { who: 'anonymous', body: { email: 'nobody@tax.test', password: PASSWORD }, status: 401, code: 'SWB_ERR_UNAUTHORIZED' },
    { who: 'anonymous', body: { email: 'mari@tax.test', password: PASSWORD }, status: 200 },
  ],
  'DELETE /api/operators/session': [anon(), { who: 'mari', status: 204 }],
  'GET /api/operators/me': [anon(), { who: 'mari', status: 200 }],
  'PUT /api/operators/me/availability': [anon(), { who: 'mari', body: { status: 'online' }, status: 204 }],
  'GET /api/operators/agencies/:agency/board': [anon(), forbidden('jaan', { agency: 'tax' }), forbidden('sven', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 200 }],
  'GET /api/operators/agencies/:agency/canned': [anon(), forbidden('jaan', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 200 }],
  'GET /api/operators/agencies/:agency/operators': [anon(), forbidden('jaan', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 200 }],
  'GET /api/operators/agencies/:agency/contact-requests': [anon(), forbidden('jaan', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 200 }],
  // Analytics: an operator sees the agencies they serve, a supervisor every agency they serve.
  'GET /api/operators/agencies/:agency/analytics': [anon(), forbidden('jaan', { agency: 'tax' }), forbidden('sven', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 200 }, { who: 'kadri', agency: 'police', status: 200 }],
  'GET /api/operators/agencies/:agency/unplaced': [anon(), forbidden('jaan', { agency: 'tax' }), forbidden('sven', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 200 }, { who: 'kadri', agency: 'social', status: 200 }],
  // No unplaced question was asked here: nothing to draft.
  'GET /api/operators/agencies/:agency/unplaced/draft-pack': [anon(), forbidden('jaan', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 404, code: 'SWB_ERR_NOT_FOUND' }],
  'POST /api/operators/agencies/:agency/unplaced/sandbox': [anon(), forbidden('jaan', { agency: 'tax' }), { who: 'mari', agency: 'tax', status: 404, code: 'SWB_ERR_NOT_FOUND' }],
  'GET /api/operators/conversations/:id': [
    anon(),
    forbidden('jaan', { conversation: 'queued' }),
    forbidden('sven', { conversation: 'held' }),
    forbidden('mari', { conversation: 'unknown' }),
    { who: 'mari', conversation: 'queued', status: 200 },
    { who: 'kadri', conversation: 'held', status: 200 },
  ],
  'POST /api/operators/conversations/:id/claim': [
    anon(),
    forbidden('jaan', { conversation: 'queued' }),
    forbidden('jaan', { conversation: 'unknown' }),
    { who: 'kadri', conversation: 'held', status: 409, code: 'SWB_ERR_CONFLICT' },
    { who: 'mari', conversation: 'queued', status: 200 },
  ],
  'POST /api/operators/conversations/:id/messages': [
    anon(),
    forbidden('jaan', { conversation: 'held', body: { text: 'hi' } }),
    { who: 'kadri', conversation: 'held', body: { text: 'hi' }, status: 409, code: 'SWB_ERR_CONFLICT' },
    { who: 'mari', conversation: 'queued', body: { text: 'hi' }, status: 409, code: 'SWB_ERR_CONFLICT' },
    { who: 'mari', conversation: 'held', body: { text: 'hi' }, status: 200 },
  ],
  'POST /api/operators/conversations/:id/typing': [
    anon(),
    forbidden('jaan', { conversation: 'held', body: { active: true } }),
    { who: 'kadri', conversation: 'held', body: { active: true }, status: 409, code: 'SWB_ERR_CONFLICT' },
    { who: 'mari', conversation: 'held', body: { active: true }, status: 204 },
  ],
  'GET /api/operators/conversations/:id/notes': [anon(), forbidden('jaan', { conversation: 'held' }), { who: 'kadri', conversation: 'held', status: 200 }],
  'POST /api/operators/conversations/:id/notes': [anon(), forbidden('jaan', { conversation: 'held', body: { text: 'n' } }), { who: 'mari', conversation: 'held', body: { text: 'n' }, status: 200 }],
  'POST /api/operators/conversations/:id/transfer': [
    anon(),
    forbidden('jaan', { conversation: 'held', body: { to: { agency: 'police' } } }),
    { who: 'kadri', conversation: 'held', body: { to: { agency: 'police' } }, status: 409, code: 'SWB_ERR_CONFLICT' },
    forbidden('mari', { conversation: 'held', body: { to: { operatorId: 'jaan' } } }),
    { who: 'mari', conversation: 'held', body: { to: { operatorId: 'kadri' } }, status: 200 },
    { who: 'mari', conversation: 'held', body: { to: { agency: 'police' } }, status: 200 },
  ],
  'POST /api/operators/conversations/:id/return': [
    anon(),
    forbidden('jaan', { conversation: 'held' }),
    { who: 'kadri', conversation: 'held', status: 409, code: 'SWB_ERR_CONFLICT' },
    { who: 'mari', conversation: 'held', status: 204 },
  ],
  'POST /api/operators/conversations/:id/close': [
    anon(),
    forbidden('jaan', { conversation: 'held', body: { outcome: 'resolved' } }),
    { who: 'kadri', conversation: 'held', body: { outcome: 'resolved' }, status: 409, code: 'SWB_ERR_CONFLICT' },
    { who: 'mari', conversation: 'held', body: { outcome: 'resolved' }, status: 204 },
  ],
  'GET /api/operators/supervisor': [anon(), forbidden('mari'), { who: 'kadri', status: 200 }],
  'POST /api/operators/accounts': [
    anon(),
    forbidden('mari', { body: { id: 'newbie', name: 'New Bie', email: 'newbie@tax.test', agencies: ['tax'], role: 'operator', password: 'a long password' } }),
    forbidden('sven', { body: { id: 'newbie', name: 'New Bie', email: 'newbie@tax.test', agencies: ['tax'], role: 'operator', password: 'a long password' } }),
    { who: 'kadri', body: { id: 'newbie', name: 'New Bie', email: 'newbie@tax.test', agencies: ['tax'], role: 'operator', password: 'a long password' }, status: 200 },
  ],
  'PUT /api/operators/accounts/:id/password': [
    anon(),
    forbidden('mari', { account: 'temporary', body: { password: 'another long one' } }),
    forbidden('sven', { account: 'mari', body: { password: 'another long one' } }),
    { who: 'kadri', account: 'temporary', body: { password: 'another long one' }, status: 204 },
  ],
  'DELETE /api/operators/accounts/:id': [anon(), forbidden('mari', { account: 'temporary' }), forbidden('sven', { account: 'mari' }), { who: 'kadri', account: 'temporary', status: 204 }],
  // The console page and its bundle hold no data: public, with their own CSP.
  'GET /console': [{ who: 'anonymous', status: 200 }],
  'GET /console/app.<hash>.js': [{ who: 'anonymous', status: 200 }],
  'GET /console/app.<hash>.css': [{ who: 'anonymous', status: 200 }],
};

/** Every frame: a foreign operator is refused (or, for the frames about oneself, only affects oneself). */
const FRAMES: Record<OperatorClientFrame['type'], { frame: Record<string, unknown>; foreign: 'forbidden' | 'own-only'; holder: 'done' }> = {
  availability: { frame: { status: 'online' }, foreign: 'own-only', holder: 'done' },
  watch: { frame: {}, foreign: 'forbidden', holder: 'done' },
  unwatch: { frame: {}, foreign: 'own-only', holder: 'done' },
  typing: { frame: { active: true }, foreign: 'forbidden', holder: 'done' },
  claim: { frame: {}, foreign: 'forbidden', holder: 'done' },
  reply: { frame: { text: 'hello' }, foreign: 'forbidden', holder: 'done' },
  note: { frame: { text: 'note' }, foreign: 'forbidden', holder: 'done' },
  transfer: { frame: { to: { agency: 'social' } }, foreign: 'forbidden', holder: 'done' },
  return: { frame: {}, foreign: 'forbidden', holder: 'done' },
  close: { frame: { outcome: 'resolved' }, foreign: 'forbidden', holder: 'done' },
};

let server: RunningServer;
const tokens = new Map<Who, string>();
const widgets: WidgetClient[] = [];
let caseCount = 0;

beforeAll(async () => {
  const accounts = await Promise.all(people.map(async (person) => ({ ...person, passwordHash: await hashPassword(PASSWORD) })));
  server = await startTestServer({ operators: { accounts, signInLimits: { account: 1000, ip: 1000 } } });
  for (const person of people) tokens.set(person.id as Who, (await signIn(server.url, person.email, PASSWORD)).token);
}, 60_000);

afterAll(async () => {
  await Promise.all(widgets.map((widget) => widget.close()));
  await server?.close();
  // eslint-disable-next-line no-console
  console.info(`access control: ${caseCount} cases`);
});

/** A fresh tax conversation waiting in the queue, or claimed by mari. */
async function conversation(state: 'queued' | 'held' | 'unknown'): Promise<string> {
  if (state === 'unknown') return randomUUID();
  const widget = await WidgetClient.connect(server.url);
  widgets.push(widget);
  const { conversationId } = await widget.hello({ language: 'en', agency: 'tax' });
  widget.send({ type: 'action', action: 'request_human' });
  await widget.next('status', (frame) => frame.state === 'waiting_human');
  if (state === 'held') expect((await api(server.url, tokens.get('mari'), 'POST', `/api/operators/conversations/${conversationId}/claim`)).status).toBe(200);
  return conversationId;
}

async function tokenFor(who: Who, route: string): Promise<string | undefined> {
  if (who === 'anonymous') return undefined;
  // Signing out ends the session: use a session of its own.
  if (route === 'DELETE /api/operators/session') return (await signIn(server.url, people.find((p) => p.id === who)!.email, PASSWORD)).token;
  return tokens.get(who);
}

function normalise(route: string): string {
  return route.replace(/\/console\/app\.[0-9a-f]{12}\.(js|css)$/, '/console/app.<hash>.$1');
}

describe('access control', () => {
  it('the table has cases for every operator route the app serves, and no others', () => {
    const served = server.routes().map(normalise).filter((route) => / \/(api\/operators|console)/.test(route));
    expect([...new Set(served)].sort()).toEqual(Object.keys(ROUTES).sort());
  });

  it('the frame table covers every operator frame', () => {
    const types = OperatorClientFrame.options.map((option) => option.shape.type.value);
    expect(types.sort()).toEqual(Object.keys(FRAMES).sort());
  });

  for (const [route, cases] of Object.entries(ROUTES)) {
    it.each(cases.map((c, index) => ({ ...c, index })))(`${route}: case %#`, async (c) => {
      caseCount++;
      const [method, template] = route.split(' ');
      let path = template;
      if (template.includes('<hash>')) {
        path = server.routes().map((r) => r.split(' ')[1]).find((p) => normalise(`GET ${p}`) === route)!;
      }
      if (path.includes(':id')) {
        let id: string;
        if (path.startsWith('/api/operators/accounts/')) {
          id = c.account === 'mari' ? 'mari' : `temp-${randomUUID().slice(0, 8)}`;
          if (c.account === 'temporary') {
            const created = await api(server.url, tokens.get('kadri'), 'POST', '/api/operators/accounts', { id, name: 'Temp Orary', email: `${id}@tax.test`, agencies: ['tax'], role: 'operator', password: 'a long password' });
            expect(created.status).toBe(200);
          }
        } else id = await conversation(c.conversation ?? 'queued');
        path = path.replace(':id', id);
      }
      path = path.replace(':agency', c.agency ?? 'tax');
      const body = method === 'GET' || method === 'DELETE' ? undefined : (c.body ?? (route.endsWith('/close') ? { outcome: 'resolved' } : {}));
      const response = await api(server.url, await tokenFor(c.who, route), method, path, body);
      expect({ status: response.status, code: response.body?.error?.code }).toEqual({ status: c.status, code: c.code ?? response.body?.error?.code });
      if (c.code) expect(response.body.error.code).toBe(c.code);
    });
  }

  for (const [type, spec] of Object.entries(FRAMES)) {
    it(`frame ${type}: a foreign operator ${spec.foreign === 'forbidden' ? 'is refused' : 'only affects themselves'}; the holder may`, async () => {
      caseCount += 2;
      const id = await conversation(type === 'claim' ? 'queued' : 'held');
      const jaan = await OperatorClient.connect(server.url, tokens.get('jaan')!);
      const mari = await OperatorClient.connect(server.url, tokens.get('mari')!);
      try {
        const foreign = await jaan.command({ type, conversationId: id, ...spec.frame });
        if (spec.foreign === 'forbidden') expect(foreign).toMatchObject({ type: 'error', code: 'SWB_ERR_FORBIDDEN' });
        else expect(foreign.type).toBe('done');
        // Nothing of the conversation reached the foreign operator.
        expect(JSON.stringify(jaan.frames)).not.toContain(id);
        expect(await mari.command({ type, conversationId: id, ...spec.frame })).toMatchObject({ type: 'done' });
      } finally {
        await Promise.all([jaan.close(), mari.close()]);
      }
    });
  }

  it('the socket refuses an upgrade without a session (401) and from another origin (403)', async () => {
    caseCount += 2;
    const status = (headers: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${server.url.replace(/^http/, 'ws')}/operators/ws`, { headers });
        socket.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => undefined);
      });
    expect(await status({})).toBe(401);
    expect(await status({ Authorization: `Bearer ${tokens.get('mari')}`, Origin: 'https://evil.example' })).toBe(403);
  });

  it('a signed-out session is closed on its next frame (4401)', async () => {
    caseCount++;
    const { token } = await signIn(server.url, 'mari@tax.test', PASSWORD);
    const socket = await OperatorClient.connect(server.url, token);
    expect((await api(server.url, token, 'DELETE', '/api/operators/session')).status).toBe(204);
    const refused = await socket.command({ type: 'availability', status: 'online' });
    expect(refused).toMatchObject({ type: 'error', code: 'SWB_ERR_UNAUTHORIZED' });
    expect(await socket.closed()).toBe(4401);
  });

  it('a supervisor sees queue lengths, waits and holders for their agencies only', async () => {
    caseCount++;
    const view = await api(server.url, tokens.get('sven'), 'GET', '/api/operators/supervisor');
    expect(view.body.agencies.map((row: { agency: string }) => row.agency)).toEqual(['police']);
    const all = await api(server.url, tokens.get('kadri'), 'GET', '/api/operators/supervisor');
    const tax = all.body.agencies.find((row: { agency: string }) => row.agency === 'tax');
    expect(tax.holders.find((holder: { id: string }) => holder.id === 'mari').conversations.length).toBeGreaterThan(0);
  });
});
