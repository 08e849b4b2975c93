import { createServer } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { ADMIN_TOKEN, api, issueKey, libraryDraft } from './fixtures.js';

/**
 * Draft → evaluate → publish on a live server: routing changes without a restart, an open widget
 * conversation carries on through the retrain, and a rollback brings the earlier version back.
 */
describe('publishing a draft on a running server', () => {
  let server: RunningServer;
  let client: WidgetClient;
  let key: string;

  beforeAll(async () => {
    server = await startTestServer({ adminToken: ADMIN_TOKEN, registration: { folds: 2 } });
    key = await issueKey(server, 'library');
    client = await WidgetClient.connect(server.url);
    await client.hello({ language: 'en' });
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await server?.close();
  });

  it('evaluates, publishes, and routes to the new agency in the same open conversation', { timeout: 240_000 }, async () => {
    const before = await ask(server, client, 'When is the deadline for my income tax return?');
    expect(before.at(-1)?.agency).toBe('tax');
    const explained = await api(server, 'POST', '/api/explain', undefined, { text: 'How do I get a library card?', language: 'en' });
    expect(explained.body.decision.agency).not.toBe('library');
    const modelBefore = explained.body.decision.model;
    expect(modelBefore).toMatch(/^r0\./);

    const created = await api(server, 'POST', '/api/registry/library/drafts', key, libraryDraft());
    const id = created.body.draft.id;
    const evaluated = await api(server, 'POST', `/api/registry/library/drafts/${id}/evaluate`, key);
    expect(evaluated.status).toBe(200);
    const report = evaluated.body.report;
    expect(report.intents.map((intent: { intent: string }) => intent.intent).sort()).toEqual(['library/book_loan', 'library/library_card', 'library/opening_hours']);
    for (const intent of report.intents) expect(intent.examples).toBe(12);
    expect(report.network).toEqual(expect.objectContaining({ margin: 0.02, publishable: true }));
    expect(report.policy.before.threshold).toBeGreaterThan(0);
    expect(report.conflicts.totals).toEqual(expect.objectContaining({ nearDuplicates: 0 }));

    // The conversation keeps going while the model is retrained and swapped: messages sent during the
    // publish are answered, none is dropped.
    const publishing = api(server, 'POST', `/api/registry/library/drafts/${id}/publish`, key, {});
    const during = await Promise.all([ask(server, client, 'income tax return deadline'), publishing]);
    expect(during[0].length).toBeGreaterThan(0);
    const published = during[1];
    expect(published.status).toBe(200);
    expect(published.body.version).toEqual(expect.objectContaining({ agency: 'library', version: 1, draftId: id }));
    expect(published.body.revision).toBe(1);
    expect(published.body.model).toMatch(/^r1\./);
    // The language detector trained in the worker was taken over as is (not rebuilt on the main thread).
    expect(server.network.lastRefreshSteps?.detectorRebuilt).toBe(false);

    const after = await ask(server, client, 'How do I get a library card?');
    expect(after.at(-1)).toEqual(expect.objectContaining({ agency: 'library' }));
    expect(after.at(-1)?.text).toContain('nlib.ee');
    const decision = (await api(server, 'POST', '/api/explain', undefined, { text: 'library opening hours', language: 'en' })).body.decision;
    expect(decision).toEqual(expect.objectContaining({ agency: 'library', intent: 'library/opening_hours', model: published.body.model }));
    // Same socket, same conversation: every event arrived in order, nothing was dropped.
    const seqs = client.events().map((event) => event.seq);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));
    expect(client.closeCode).toBeUndefined();
    expect((await api(server, 'GET', '/api/agencies')).body.agencies.map((agency: { id: string }) => agency.id)).toContain('library');
  });

  it('lists versions and rolls back to an earlier one', { timeout: 240_000 }, async () => {
    const changed = libraryDraft();
    changed.packs.en.intents[1].answers = ['Closed for renovation until May.'];
    const created = await api(server, 'POST', '/api/registry/library/drafts', key, changed);
    const second = await api(server, 'POST', `/api/registry/library/drafts/${created.body.draft.id}/publish`, key, {});
    expect(second.body.version.version).toBe(2);
    expect((await ask(server, client, 'library opening hours')).at(-1)?.text).toBe('Closed for renovation until May.');

    const versions = await api(server, 'GET', '/api/registry/library/versions', key);
    expect(versions.body.versions.map((v: { version: number }) => v.version)).toEqual([1, 2]);
    expect((await api(server, 'GET', '/api/registry/library/versions/1', key)).body.version.content.packs.en.intents[1].answers).toEqual(['The library is open Mon–Fri 10–20, Sat 12–19.']);

    const rolled = await api(server, 'POST', '/api/registry/library/rollback', key, { version: 1 });
    expect(rolled.status).toBe(200);
    expect(rolled.body.version).toEqual(expect.objectContaining({ version: 3, rolledBackFrom: 1 }));
    expect((await ask(server, client, 'library opening hours')).at(-1)?.text).toBe('The library is open Mon–Fri 10–20, Sat 12–19.');
    expect((await api(server, 'GET', '/api/registry/library', key)).body).toEqual(expect.objectContaining({ agency: 'library', version: 3 }));
  });

  it('a published remote bot on a loopback address is refused (SSRF guard): the citizen is told, the bot never called', { timeout: 240_000 }, async () => {
    let hits = 0;
    const bot = createServer((_req, res) => {
      hits++;
      res.end('{"replies":[{"text":"internal"}]}');
    });
    await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
    try {
      const address = bot.address();
      const remote = libraryDraft();
      for (const pack of Object.values(remote.packs)) for (const intent of pack.intents) (intent as { answers?: string[] }).answers = undefined;
      const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/bot`;
      const created = await api(server, 'POST', '/api/registry/library/drafts', key, { ...remote, manifest: { ...remote.manifest, bot: { type: 'http', url } } });
      expect((await api(server, 'POST', `/api/registry/library/drafts/${created.body.draft.id}/publish`, key, {})).status).toBe(200);
      const reply = (await ask(server, client, 'How do I get a library card?')).at(-1);
      expect(reply).toEqual(expect.objectContaining({ from: 'system' }));
      expect(reply?.choices?.length).toBeGreaterThan(0);
      expect(hits).toBe(0);
    } finally {
      await new Promise((resolve) => bot.close(resolve));
    }
  });
});
