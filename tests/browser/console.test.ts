import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { DEMO_OPERATORS } from '../../src/operators/index.js';
import { launchBrowser, startStack, type Stack } from './stack.js';
import { ask, axeViolations, chat, launcher, waitForBubble } from './helpers.js';
import { api, signInDemo } from '../helpers/operator-client.js';

/**
 * The operator console in headless Chromium: a citizen asks for a person in the widget on an agency page,
 * an operator signs in to /console, claims the conversation and replies; the reply appears in the widget.
 */
let stack: Stack;
let browser: Browser;
let citizen: Page;
let operator: Page;
const mari = DEMO_OPERATORS.find((account) => account.id === 'mari')!;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  citizen = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  operator = await (await browser.newContext({ viewport: { width: 1280, height: 860 } })).newPage();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('operator console', () => {
  it('sign in, claim, reply: the reply appears in the citizen widget, with who is talking', async () => {
    await citizen.goto(`${stack.host}/?lang=en`);
    await launcher(citizen).click();
    await ask(citizen, 'When is the income tax return deadline?');
    await waitForBubble(citizen, /30 April/);
    await ask(citizen, 'I want to talk to a person');
    await chat(citizen).locator('.swb-note', { hasText: 'Waiting for a customer service agent.' }).first().waitFor();

    await operator.goto(`${stack.switchboard}/console`);
    await operator.getByLabel('E-mail').fill(mari.email);
    await operator.getByLabel('Password').fill(mari.password);
    await operator.getByRole('button', { name: 'Sign in' }).click();
    const item = operator.locator('#boards button.item--queued').first();
    await item.waitFor();
    await item.click();
    await operator.locator('#transcript li', { hasText: 'I want to talk to a person' }).waitFor();
    await operator.getByRole('button', { name: 'Claim' }).click();
    await operator.getByLabel('Reply to the citizen').waitFor();

    // The citizen types: the console shows presence, never the text.
    await chat(citizen).locator('#swb-input').pressSequentially('Are you th');
    await operator.locator('#presence', { hasText: 'The citizen is typing' }).waitFor();
    expect(await operator.locator('body').textContent()).not.toContain('Are you th');

    await operator.getByLabel('Reply to the citizen').fill('Hello, this is Mari from the Tax and Customs Board. How can I help?');
    await operator.getByRole('button', { name: 'Send' }).click();
    await waitForBubble(citizen, 'Hello, this is Mari from the Tax and Customs Board.');
    expect(await chat(citizen).locator('.swb-msg--operator .swb-who').first().textContent()).toBe('Mari');
    await chat(citizen).locator('.swb-note', { hasText: 'You are talking to Mari from customer service.' }).first().waitFor();

    await chat(citizen).locator('#swb-input').fill('Are you there? I need to change my return.');
    await chat(citizen).locator('#swb-input').press('Enter');
    await operator.locator('#transcript li', { hasText: 'I need to change my return' }).waitFor();
    await operator.getByLabel('Internal note (the citizen never sees it)').fill('Wants to amend the 2025 return.');
    await operator.getByRole('button', { name: 'Add note' }).click();
    await operator.locator('#notes li', { hasText: 'Wants to amend' }).waitFor();
  });

  it('axe-core finds no violations in the console, and the screenshot is written', async () => {
    await operator.locator('.decisions summary').click();
    const violations = await axeViolations(operator);
    expect(violations).toEqual([]);
    mkdirSync(join(PROJECT_ROOT, 'docs', 'screenshots'), { recursive: true });
    await operator.screenshot({ path: join(PROJECT_ROOT, 'docs', 'screenshots', 'console.png'), fullPage: true });
  });

  it('outside opening hours the widget offers a contact form; the request reaches the agency', async () => {
    const social = stack.server.registry.get('social')!;
    stack.server.registry.upsert({ manifest: { ...social.manifest, operators: { ...social.manifest.operators, openingHours: { timeZone: 'Europe/Tallinn', week: {}, holidays: [] } } }, packs: social.packs });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${stack.host}/?lang=en&agency=social`);
    await launcher(page).click();
    await ask(page, 'I want to talk to a person');
    const form = chat(page).locator('form.swb-contact');
    await form.waitFor();
    await form.getByRole('button', { name: 'Send request' }).click();
    await chat(page).locator('.swb-contact-error', { hasText: 'Give your name' }).waitFor();
    await form.getByLabel('Your name').fill('Anu Saar');
    await form.getByLabel('Phone').fill('+372 5555 1234');
    await form.getByLabel('Your question').fill('When can I call about my benefit?');
    const frame = page.frames().find((candidate) => candidate.url().includes('/embed?'))!;
    expect(await axeViolations(frame)).toEqual([]);
    await form.getByRole('button', { name: 'Send request' }).click();
    await waitForBubble(page, /Thank you\. Social Insurance Board has your request/);
    expect(await chat(page).locator('form.swb-contact').count()).toBe(0);
    const { token } = await signInDemo(stack.switchboard, 'liis');
    const { body } = await api(stack.switchboard, token, 'GET', '/api/operators/agencies/social/contact-requests');
    expect(body.requests.map((entry: { request: unknown }) => entry.request)).toEqual([{ name: 'Anu Saar', phone: '+372 5555 1234', question: 'When can I call about my benefit?' }]);
    await page.context().close();
  });

  it('the console page has its own strict CSP', async () => {
    const response = await fetch(`${stack.switchboard}/console`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
  });
});
