import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { api, signInDemo } from '../helpers/operator-client.js';

/**
 * Issue 21 item 2: "export as a draft pack" opens the agencies' sandbox. Questions nobody could place, grouped,
 * become new intents in a draft of the agency's live content, evaluated against the live network at once.
 */
let server: RunningServer;
const today = new Date().toISOString().slice(0, 10);
// Five alike: a draft intent needs five examples to be cross-validated.
// (A few more than five: the model may place one of them somewhere after all.)
const QUESTIONS = ['dog', 'cat', 'parrot', 'rabbit', 'hamster', 'goldfish', 'turtle', 'ferret'].map((pet) => `Can I bring my ${pet} to the tax office?`);

beforeAll(async () => {
  server = await startTestServer();
  for (const text of QUESTIONS) {
    const widget = await WidgetClient.connect(server.url);
    await widget.hello({ agency: 'tax', language: 'en', privacyLevel: 'keep_and_improve' });
    await ask(server, widget, text);
    await widget.close();
  }
  await server.router.drain();
}, 60_000);

afterAll(async () => {
  await server?.close();
});

describe('unplaced questions into the sandbox', () => {
  it('an operator of the agency opens them as a draft of the agency and gets its sandbox report', async () => {
    const { token } = await signInDemo(server.url, 'mari');
    const unplaced = await api(server.url, token, 'GET', `/api/operators/agencies/tax/unplaced?from=${today}&to=${today}`);
    const sizes = unplaced.body.groups.map((group: { examples: string[] }) => group.examples.length);
    expect(Math.max(...sizes), JSON.stringify(unplaced.body).slice(0, 800)).toBeGreaterThanOrEqual(5);
    const opened = await api(server.url, token, 'POST', `/api/operators/agencies/tax/unplaced/sandbox?language=en&from=${today}&to=${today}`);
    expect(opened.status, JSON.stringify(opened.body).slice(0, 600)).toBe(200);
    expect(opened.body.draftId).toMatch(/^[0-9a-f-]{36}$/);
    const { network } = opened.body.report;
    expect(network.before).toBeGreaterThan(0.5);
    expect(network.after).toBeGreaterThan(0.5);
    expect(typeof network.publishable).toBe('boolean');
    expect(opened.body.report.intents.some((intent: { intent: string }) => QUESTIONS.length && intent.intent.startsWith('tax/'))).toBe(true);
  }, 120_000);

  it('an operator of another agency is refused', async () => {
    const { token } = await signInDemo(server.url, 'jaan');
    const refused = await api(server.url, token, 'POST', `/api/operators/agencies/tax/unplaced/sandbox?language=en&from=${today}&to=${today}`);
    expect(refused.status).toBe(403);
  });
});
