import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/switchboard.js';
import { waitUntil } from '../conversations/contracts/helpers.js';
import { ADMIN_TOKEN, api, issueKey, libraryDraft } from './fixtures.js';

/**
 * Two instances on one Redis (the test-owned one, own key prefix): a key issued on A works on B, a draft
 * published on A goes live on B through the `packs` notice on the bus (B's polling is slowed to a minute
 * so the notice is what moves it), and an instance started afterwards starts on the published packs.
 */
describe('publishing on Redis with two instances', () => {
  const redisUrl = inject('redisUrl');
  const prefix = `swb:test-${randomUUID()}:`;
  const logger = createLogger({ level: 'silent' });
  const backends: RedisBackend[] = [];
  const servers: RunningServer[] = [];

  async function instance(name: string): Promise<RunningServer> {
    const backend = await createRedisBackend(redisUrl, { prefix, logger });
    backends.push(backend);
    const server = await startTestServer({ backend, instanceId: name, adminToken: ADMIN_TOKEN, registration: { folds: 2, pollMs: 60_000 } });
    servers.push(server);
    return server;
  }

  beforeAll(async () => {
    await instance('a');
    await instance('b');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(backends.map((backend) => backend.close()));
  });

  it('both instances switch to the published version', { timeout: 300_000 }, async () => {
    const [a, b] = servers;
    const key = await issueKey(a, 'library');
    const created = await api(b, 'POST', '/api/registry/library/drafts', key, libraryDraft());
    expect(created.status).toBe(201);
    const published = await api(a, 'POST', `/api/registry/library/drafts/${created.body.draft.id}/publish`, key, {});
    expect(published.status).toBe(200);
    await waitUntil(async () => b.network.modelVersion === published.body.model, 120_000);
    expect(a.network.modelVersion).toBe(b.network.modelVersion);
    const onB = await api(b, 'POST', '/api/explain', undefined, { text: 'How do I get a library card?', language: 'en' });
    expect(onB.body.decision).toEqual(expect.objectContaining({ agency: 'library', model: published.body.model }));
    expect((await api(b, 'GET', '/api/registry/library/versions', key)).body.versions).toHaveLength(1);

    const c = await instance('c');
    expect(c.network.modelVersion).toBe(published.body.model);
    expect((await api(c, 'POST', '/api/explain', undefined, { text: 'library opening hours', language: 'en' })).body.decision.agency).toBe('library');
  });
});
