import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { DEMO_OPERATORS } from '../../src/operators/index.js';
import type { ServerFrame } from '../../src/protocol/index.js';
import { launchBrowser, startStack, type Stack } from './stack.js';
import { axeViolations } from './helpers.js';
import { ask } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { api, signInDemo } from '../helpers/operator-client.js';

/**
 * The console's analytics page in headless Chromium on demo traffic: tax conversations with answered
 * questions, unplaced ones (grouped), ratings and a handover closed by an operator. axe-core finds no
 * violations; the screenshot goes to docs/screenshots/analytics.png.
 */
let stack: Stack;
let browser: Browser;
let page: Page;
const mari = DEMO_OPERATORS.find((account) => account.id === 'mari')!;

const TRAFFIC: Array<{ language: 'en' | 'et'; texts: string[]; rating?: number; human?: boolean; privacyLevel?: string }> = [
  { language: 'en', texts: ['When is the income tax return deadline?'], rating: 5 },
  { language: 'en', texts: ['How do I pay my taxes?', 'Can I bring my dog to the tax office?'], rating: 4 },
  { language: 'en', texts: ['Can I bring my cat to the tax office?'], rating: 2, human: true },
  { language: 'en', texts: ['Are pets allowed in the tax office building?'], privacyLevel: 'delete_on_close' },
  { language: 'en', texts: ['Where can I park my bicycle near the tax office?'], rating: 3 },
  { language: 'en', texts: ['Is there bicycle parking at the tax office?'] },
  { language: 'et', texts: ['Millal on tuludeklaratsiooni esitamise tähtaeg?'], rating: 5 },
];

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  const server = stack.server;
  const { token } = await signInDemo(server.url, 'mari');
  await api(server.url, token, 'PUT', '/api/operators/me/availability', { status: 'online' });
  for (const script of TRAFFIC) {
    const widget = await WidgetClient.connect(server.url);
    const welcome = await widget.hello({ agency: 'tax', language: script.language, privacyLevel: script.privacyLevel ?? 'keep_and_improve' });
    for (const text of script.texts) await ask(server, widget, text);
    if (script.rating) {
      const from = widget.frames.length;
      widget.send({ type: 'rating', score: script.rating });
      await widget.waitFor((frame: ServerFrame) => frame.type === 'message' && frame.from === 'system', { from });
    }
    if (script.human) {
      widget.send({ type: 'action', action: 'request_human' });
      await widget.waitFor((frame: ServerFrame) => frame.type === 'status' && frame.state === 'waiting_human');
      expect((await api(server.url, token, 'POST', `/api/operators/conversations/${welcome.conversationId}/claim`)).status).toBe(200);
      expect((await api(server.url, token, 'POST', `/api/operators/conversations/${welcome.conversationId}/close`, { outcome: 'resolved' })).status).toBe(204);
    }
    await server.router.drain();
    await widget.close();
  }
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('console analytics page', () => {
  it('shows the figures, SVG charts and grouped unplaced questions; axe finds nothing; screenshot written', async () => {
    await page.goto(`${stack.switchboard}/console#analytics`);
    await page.getByLabel('E-mail').fill(mari.email);
    await page.getByLabel('Password').fill(mari.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.locator('#an-status', { hasText: 'Figures for tax' }).waitFor();

    const figure = (term: string) => page.locator('.figure', { has: page.locator('dt', { hasText: term }) }).locator('dd').textContent();
    expect(await figure('Conversations')).toBe(String(TRAFFIC.length));
    expect(await figure('Messages')).toBe(String(TRAFFIC.reduce((sum, script) => sum + script.texts.length, 0)));
    expect(await figure('Handover rate')).toBe(`${Math.round((1 / TRAFFIC.length) * 1000) / 10} %`);
    expect(await page.locator('#an-charts svg[role="img"]').count()).toBe(8);
    expect(await page.locator('#an-groups .group').count()).toBeGreaterThan(0);
    const href = await page.locator('#an-export').getAttribute('href');
    expect(href).toMatch(/\/api\/operators\/agencies\/tax\/unplaced\/draft-pack\?from=\d{4}-\d{2}-\d{2}&to=\d{4}-\d{2}-\d{2}&language=en$/);

    // The date-range picker: a period with no traffic shows zeros.
    await page.getByLabel('From', { exact: true }).fill('2020-01-01');
    await page.getByLabel('To', { exact: true }).fill('2020-01-31');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#an-status', { hasText: '2020-01-01 to 2020-01-31' }).waitFor();
    expect(await figure('Conversations')).toBe('0');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('From', { exact: true }).fill(new Date(Date.now() - 6 * 86_400_000).toISOString().slice(0, 10));
    await page.getByLabel('To', { exact: true }).fill(new Date().toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Show' }).click();
    await page.locator('#an-status', { hasText: new Date().toISOString().slice(0, 10) }).waitFor();
    expect(await figure('Conversations')).toBe(String(TRAFFIC.length));
    expect(await axeViolations(page)).toEqual([]);
    mkdirSync(join(PROJECT_ROOT, 'docs', 'screenshots'), { recursive: true });
    await page.screenshot({ path: join(PROJECT_ROOT, 'docs', 'screenshots', 'analytics.png'), fullPage: true });
  });

  it('the draft pack downloads as a valid intent pack', async () => {
    const { token } = await signInDemo(stack.server.url, 'mari');
    const today = new Date().toISOString().slice(0, 10);
    const response = await api(stack.server.url, token, 'GET', `/api/operators/agencies/tax/unplaced/draft-pack?from=${today}&to=${today}&language=en`);
    expect(response.status).toBe(200);
    const { IntentPack } = await import('../../src/protocol/index.js');
    const pack = IntentPack.parse(response.body);
    expect(pack.intents.length).toBeGreaterThan(0);
    expect(pack.intents.every((intent) => intent.examples.length >= 2)).toBe(true);
  });

  it('"Open in the sandbox" answers in the page: here no group has the five examples a draft intent needs', async () => {
    await page.locator('#an-sandbox').click();
    await expect.poll(() => page.locator('#an-sandbox-result').textContent(), { timeout: 30_000 }).toMatch(/five|5 examples|Draft .* created/);
    expect(await axeViolations(page)).toEqual([]);
  });
});
