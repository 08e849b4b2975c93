import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REGISTRATION_ROUTES } from '../../src/registration/index.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/switchboard.js';
import { ADMIN_TOKEN, api, issueKey, libraryDraft } from './fixtures.js';

/**
 * Access control, route by route, over HTTP on a real listening server. Every route of REGISTRATION_ROUTES
 * needs a case here (a concrete request under agency `tax`); a route without one fails the first test.
 */
const CASES: Record<string, { path: string; body?: unknown }> = {
  'post /api/admin/agencies/:agency/keys': { path: '/api/admin/agencies/tax/keys' },
  'post /api/admin/agencies/:agency/keys/rotate': { path: '/api/admin/agencies/tax/keys/rotate' },
  'get /api/admin/agencies/:agency/keys': { path: '/api/admin/agencies/tax/keys' },
  'delete /api/admin/agencies/:agency/keys': { path: '/api/admin/agencies/tax/keys' },
  'delete /api/admin/agencies/:agency/keys/:keyId': { path: '/api/admin/agencies/tax/keys/0123456789abcdef' },
  'get /api/registry/:agency': { path: '/api/registry/tax' },
  'get /api/registry/:agency/bot-secret': { path: '/api/registry/tax/bot-secret' },
  'get /api/admin/agencies/:agency/bot-secret': { path: '/api/admin/agencies/tax/bot-secret' },
  'get /api/registry/:agency/drafts': { path: '/api/registry/tax/drafts' },
  'post /api/registry/:agency/drafts': { path: '/api/registry/tax/drafts', body: { manifest: {}, packs: {} } },
  'get /api/registry/:agency/drafts/:id': { path: '/api/registry/tax/drafts/no-such-draft' },
  'put /api/registry/:agency/drafts/:id': { path: '/api/registry/tax/drafts/no-such-draft', body: { manifest: {}, packs: {} } },
  'post /api/registry/:agency/drafts/:id/evaluate': { path: '/api/registry/tax/drafts/no-such-draft/evaluate' },
  'post /api/registry/:agency/drafts/:id/publish': { path: '/api/registry/tax/drafts/no-such-draft/publish', body: {} },
  'get /api/registry/:agency/versions': { path: '/api/registry/tax/versions' },
  'get /api/registry/:agency/versions/:version': { path: '/api/registry/tax/versions/1' },
  'post /api/registry/:agency/rollback': { path: '/api/registry/tax/rollback', body: { version: 7 } },
};

describe('registration API: who may call what', () => {
  let server: RunningServer;
  let taxKey: string;
  let policeKey: string;

  beforeAll(async () => {
    server = await startTestServer({ adminToken: ADMIN_TOKEN });
    taxKey = await issueKey(server, 'tax');
    policeKey = await issueKey(server, 'police');
  }, 60_000);
  afterAll(() => server?.close());

  it('has an access case for every route, and the app serves exactly these under /api/admin and /api/registry', () => {
    expect(Object.keys(CASES).sort()).toEqual(REGISTRATION_ROUTES.map((route) => `${route.method} ${route.path}`).sort());
    const served = server.routes().filter((route) => / \/api\/(admin|registry)\//.test(route));
    expect([...new Set(served)].sort()).toEqual(REGISTRATION_ROUTES.map((route) => `${route.method.toUpperCase()} ${route.path}`).sort());
  });

  for (const route of REGISTRATION_ROUTES) {
    const name = `${route.method} ${route.path}`;
    it(`${name}: refused without credentials, with the wrong kind, and ${route.who === 'agency' ? "with another agency's key" : 'with a wrong token'}`, async () => {
      const { path, body } = CASES[name];
      const method = route.method.toUpperCase();
      expect((await api(server, method, path, undefined, body)).status).toBe(401);
      expect((await api(server, method, path, 'swb_0123456789abcdef_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', body)).status).toBe(401);
      if (route.who === 'admin') {
        expect((await api(server, method, path, taxKey, body)).status).toBe(401);
        expect((await api(server, method, path, `${ADMIN_TOKEN}x`, body)).status).toBe(401);
      } else {
        expect((await api(server, method, path, ADMIN_TOKEN, body)).status).toBe(401);
        const other = await api(server, method, path, policeKey, body);
        expect(other.status).toBe(403);
        expect(other.body.error.code).toBe('SWB_ERR_FORBIDDEN');
      }
      // The right credentials get past authorisation (the request itself may be invalid or name nothing).
      const own = await api(server, method, path, route.who === 'admin' ? ADMIN_TOKEN : taxKey, body);
      expect([401, 403]).not.toContain(own.status);
      if (route.who === 'admin' && route.method !== 'get') taxKey = await issueKey(server, 'tax'); // rotate/revoke cases end tax's keys
    });
  }

  it('a rotated key stops working, a revoked one too; keys are listed without secrets', async () => {
    const old = await issueKey(server, 'police');
    expect((await api(server, 'GET', '/api/registry/police', old)).status).toBe(200);
    const rotated = await api(server, 'POST', '/api/admin/agencies/police/keys/rotate', ADMIN_TOKEN);
    expect(rotated.status).toBe(201);
    expect((await api(server, 'GET', '/api/registry/police', old)).status).toBe(401);
    expect((await api(server, 'GET', '/api/registry/police', rotated.body.key)).status).toBe(200);
    const listed = await api(server, 'GET', '/api/admin/agencies/police/keys', ADMIN_TOKEN);
    expect(listed.body.keys).toEqual([{ keyId: rotated.body.keyId, createdAt: rotated.body.createdAt }]);
    expect(JSON.stringify(listed.body)).not.toContain(rotated.body.key.split('_')[2]);
    expect((await api(server, 'DELETE', `/api/admin/agencies/police/keys/${rotated.body.keyId}`, ADMIN_TOKEN)).body).toEqual({ revoked: 1 });
    expect((await api(server, 'GET', '/api/registry/police', rotated.body.key)).status).toBe(401);
  });

  it("an agency cannot see another agency's draft even with its id", async () => {
    const libraryKey = await issueKey(server, 'library');
    const created = await api(server, 'POST', '/api/registry/library/drafts', libraryKey, libraryDraft());
    expect(created.status).toBe(201);
    const id = created.body.draft.id;
    expect((await api(server, 'GET', `/api/registry/library/drafts/${id}`, libraryKey)).status).toBe(200);
    expect((await api(server, 'GET', `/api/registry/library/drafts/${id}`, taxKey)).status).toBe(403);
    expect((await api(server, 'GET', `/api/registry/tax/drafts/${id}`, taxKey)).status).toBe(404);
    expect((await api(server, 'POST', `/api/registry/tax/drafts/${id}/publish`, taxKey, {})).status).toBe(404);
  });

  it('names the exact place of every validation error, never the values', async () => {
    const libraryKey = await issueKey(server, 'library');
    const draft = libraryDraft();
    draft.packs.et.intents[2].examples = draft.packs.et.intents[2].examples.slice(0, 4);
    (draft.packs.en.intents[1] as { answers?: string[] }).answers = undefined;
    const bad = await api(server, 'POST', '/api/registry/library/drafts', libraryKey, { ...draft, manifest: { ...draft.manifest, languages: ['en', 'et', 'sv'] } });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('SWB_ERR_PACK_INVALID');
    expect(bad.body.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'packs.et.intents[2].examples', code: 'too_small', message: 'expected at least 5 items' },
        { path: 'packs.en.intents[1].answers', code: 'custom', message: 'expected at least 1 item (a local bot answers from the pack)' },
        { path: 'packs.sv', code: 'custom', message: 'manifest.languages lists sv: expected its pack' },
      ]),
    );
    expect(bad.body.error.message).toContain('packs.et.intents[2].examples: expected at least 5 items');
    const wrongId = await api(server, 'POST', '/api/registry/library/drafts', libraryKey, { ...libraryDraft(), manifest: { ...libraryDraft().manifest, id: 'tax' } });
    expect(wrongId.body.error.issues).toEqual([{ path: 'manifest.id', code: 'custom', message: 'expected "library" (the agency of this key)' }]);
    // A remote bot's pack needs examples only.
    const remote = libraryDraft();
    for (const pack of Object.values(remote.packs)) for (const intent of pack.intents) (intent as { answers?: string[] }).answers = undefined;
    const ok = await api(server, 'POST', '/api/registry/library/drafts', libraryKey, { ...remote, manifest: { ...remote.manifest, bot: { type: 'http', url: 'https://bot.nlib.ee/switchboard' } } });
    expect(ok.status).toBe(201);
  });
});
