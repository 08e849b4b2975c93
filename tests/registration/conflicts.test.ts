import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { startTestServer } from '../helpers/switchboard.js';
import { waitUntil } from '../conversations/contracts/helpers.js';
import { ADMIN_TOKEN, api, issueKey } from './fixtures.js';

interface Pack {
  language: string;
  intents: Array<{ name: string; examples: string[]; answers: string[] }>;
}

/**
 * A conflict planted between two demo agencies: the police's draft claims tax questions (examples copied from
 * the tax pack). The sandbox must say so, and publishing must be refused unless forced.
 */
describe('the conflict report on the demo agencies', () => {
  let server: RunningServer;
  let police: string;
  let tax: string;

  beforeAll(async () => {
    server = await startTestServer({ adminToken: ADMIN_TOKEN, registration: { folds: 2, margin: 0.01 } });
    police = await issueKey(server, 'police');
    tax = await issueKey(server, 'tax');
  }, 60_000);
  afterAll(() => server?.close());

  it('reports copied examples, stolen questions and the accuracy drop; refuses to publish unless forced', { timeout: 300_000 }, async () => {
    const taxEn = (await api(server, 'GET', '/api/registry/tax', tax)).body.content.packs.en as Pack;
    const live = (await api(server, 'GET', '/api/registry/police', police)).body;
    expect(live.version).toBe(0);
    const copied = taxEn.intents.slice(0, 5).flatMap((intent) => intent.examples);
    const draft = structuredClone(live.content);
    draft.packs.en.intents.push({ name: 'tax_questions', examples: copied, answers: ['Ask the police about taxes.'] });

    const created = await api(server, 'POST', '/api/registry/police/drafts', police, draft);
    expect(created.status).toBe(201);
    const id = created.body.draft.id;
    const { report } = (await api(server, 'POST', `/api/registry/police/drafts/${id}/evaluate`, police)).body;

    const deadline = taxEn.intents[0];
    expect(report.conflicts.nearDuplicates).toEqual(
      expect.arrayContaining([expect.objectContaining({ text: deadline.examples[0], intent: 'police/tax_questions', other: { text: deadline.examples[0], intent: `tax/${deadline.name}` }, similarity: 1 })]),
    );
    expect(report.conflicts.totals.nearDuplicates).toBeGreaterThanOrEqual(copied.length);
    expect(report.conflicts.routedElsewhere.some((entry: { intent: string; routedTo: string }) => entry.intent === 'police/tax_questions' && entry.routedTo.startsWith('tax/'))).toBe(true);
    expect(report.conflicts.totals.stolen).toBeGreaterThan(0);
    expect(report.conflicts.stolen.every((entry: { intent: string; now: string }) => entry.intent.startsWith('tax/') && entry.now.startsWith('police/'))).toBe(true);
    expect(report.confusion.some((entry: { intent: string; with: string }) => entry.intent === 'police/tax_questions' && entry.with.startsWith('tax/'))).toBe(true);
    expect(report.network.delta).toBeLessThan(-0.01);
    expect(report.network.publishable).toBe(false);

    const refused = await api(server, 'POST', `/api/registry/police/drafts/${id}/publish`, police, {});
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('SWB_ERR_PUBLISH_REFUSED');
    expect(refused.body.error.details.report.network).toEqual(report.network);
    expect((await api(server, 'GET', '/api/registry/police/versions', police)).body.versions).toEqual([]);

    const forced = await api(server, 'POST', `/api/registry/police/drafts/${id}/publish`, police, { force: true });
    expect(forced.status).toBe(200);
    expect(forced.body.version).toEqual(expect.objectContaining({ version: 1, forced: true }));
  });

  it('runs one evaluation per agency at a time: the same draft again shares it, another draft waits its turn (429)', { timeout: 300_000 }, async () => {
    const live = (await api(server, 'GET', '/api/registry/police', police)).body.content;
    const draft = (extra: string) => {
      const content = structuredClone(live);
      content.packs.en.intents[0].examples.push(extra);
      return content;
    };
    const a = (await api(server, 'POST', '/api/registry/police/drafts', police, draft('where do I get an ID card quickly'))).body.draft.id;
    const b = (await api(server, 'POST', '/api/registry/police/drafts', police, draft('ID card in a hurry'))).body.draft.id;
    const first = api(server, 'POST', `/api/registry/police/drafts/${a}/evaluate`, police);
    await waitUntil(async () => (await api(server, 'GET', `/api/registry/police/drafts/${a}`, police)).body.evaluation === 'running', 60_000);
    const [again, other] = await Promise.all([api(server, 'POST', `/api/registry/police/drafts/${a}/evaluate`, police), api(server, 'POST', `/api/registry/police/drafts/${b}/evaluate`, police)]);
    expect(other.status).toBe(429);
    expect(other.body.error.code).toBe('SWB_ERR_RATE_LIMITED');
    expect(again.status).toBe(200);
    expect((await first).body.report).toEqual(again.body.report);
    expect((await api(server, 'GET', `/api/registry/police/drafts/${a}`, police)).body.evaluation).toBe('done');
    expect((await api(server, 'POST', `/api/registry/police/drafts/${b}/evaluate`, police)).status).toBe(200);
  });
});
