import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser, startStack, type Stack } from './stack.js';
import { ask, axeViolations, bubbles, chat, chatFrame, expectNoDuplicates, launcher, storedSession, waitForBubble } from './helpers.js';

/**
 * Reconnects, restarts, strict CSP, keyboard-only use, small screens. Host on localhost, Switchboard behind
 * a proxy on 127.0.0.1 that can drop every connection (a network outage) or swallow server bytes.
 */
let stack: Stack;
let browser: Browser;
const SCREENSHOTS = new URL('../../docs/screenshots/', import.meta.url);

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

async function newPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options });
  return context.newPage();
}

/** Citizen messages the server stored for the conversation: each clientId exactly once. */
async function storedCitizenTexts(conversationId: string): Promise<string[]> {
  const events = await stack.backend.store.eventsAfter(conversationId, 0);
  const citizen = events.filter((event) => event.type === 'message' && event.from === 'citizen') as Array<{ text: string; clientId?: string }>;
  expect(new Set(citizen.map((event) => event.clientId)).size).toBe(citizen.length);
  return citizen.map((event) => event.text);
}

describe('resume without loss', () => {
  let page: Page;

  it('a dropped network: missed messages shown once in order, unacknowledged ones resent once', async () => {
    page = await newPage();
    await page.goto(`${stack.host}/?lang=en`);
    await launcher(page).click();
    await ask(page, 'When will I get my tax refund?');
    await waitForBubble(page, 'Refunds are paid');
    const frame = await chatFrame(page);
    const { conversationId } = (await storedSession(frame))!;

    // 1. The server hears the message and answers, but nothing reaches the browser (ack lost too).
    stack.proxy.frozen = true;
    await ask(page, 'How much alcohol can I bring from outside the EU?');
    await expect.poll(async () => (await storedCitizenTexts(conversationId!)).length).toBe(2);
    // 2. The line goes dead; an operator writes meanwhile; the citizen types one more message offline.
    stack.proxy.cut();
    await chat(page).locator('.swb-connection', { hasText: 'Offline' }).waitFor();
    await stack.conversationLog.append(conversationId!, { type: 'message', from: 'operator', operatorName: 'Mari', text: 'Written while you were offline.' });
    await ask(page, 'Thanks, and the land tax?');
    expect(await chat(page).locator('.swb-msg--pending').count()).toBe(2);
    // 3. The network is back: `online` reconnects at once (no waiting for the backoff timer).
    stack.proxy.restore();
    await frame.evaluate(() => window.dispatchEvent(new Event('online')));
    await waitForBubble(page, /land tax/i);
    await expect.poll(() => chat(page).locator('.swb-msg--pending').count()).toBe(0);
    await page.waitForTimeout(300);
    const texts = await bubbles(page);
    expectNoDuplicates(texts);
    const order = ['When will I get my tax refund?', 'How much alcohol can I bring from outside the EU?', 'Written while you were offline.', 'Thanks, and the land tax?'].map((text) => texts.indexOf(text));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(await storedCitizenTexts(conversationId!)).toEqual(['When will I get my tax refund?', 'How much alcohol can I bring from outside the EU?', 'Thanks, and the land tax?']);
    expect(await chat(page).locator('.swb-connection').isHidden()).toBe(true);
  });

  it('the server is stopped and restarted mid-conversation: nothing lost or doubled', async () => {
    const before = await bubbles(page);
    await stack.restartServer();
    await ask(page, 'What is the tax-free income this year?');
    await waitForBubble(page, /tax-free|basic exemption/i, 15_000);
    await page.waitForTimeout(300);
    const after = await bubbles(page);
    expect(after.slice(0, before.length)).toEqual(before);
    expectNoDuplicates(after);
    const { conversationId } = (await storedSession(await chatFrame(page)))!;
    expect((await storedCitizenTexts(conversationId!)).at(-1)).toBe('What is the tax-free income this year?');
    await page.context().close();
  });
});

describe('host pages and devices', () => {
  it('works under the host page\'s strict CSP, with no violations on either side', async () => {
    const page = await newPage();
    const violations: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
    });
    await page.goto(`${stack.host}/strict`);
    const csp = (await page.request.get(`${stack.host}/strict`)).headers()['content-security-policy'];
    expect(csp).toContain(`script-src ${stack.switchboard}`);
    const style = await launcher(page).evaluate((button) => ({ position: getComputedStyle(button).position, width: getComputedStyle(button).width }));
    expect(style).toEqual({ position: 'fixed', width: '60px' });
    await launcher(page).click();
    await ask(page, 'When is the land tax paid?');
    await waitForBubble(page, /land tax/i);
    expect(violations).toEqual([]);
    await page.context().close();
  });

  it('keyboard only: reach the launcher, chat, use a quick reply, close with Escape back to the launcher', async () => {
    const page = await newPage();
    await page.goto(`${stack.host}/?lang=en`);
    let onLauncher = false;
    for (let i = 0; i < 40 && !onLauncher; i++) {
      await page.keyboard.press('Tab');
      onLauncher = await page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains('l') ?? false);
    }
    expect(onLauncher).toBe(true);
    await page.keyboard.press('Enter');
    const frame = await chatFrame(page);
    await expect.poll(() => frame.evaluate(() => document.activeElement?.id)).toBe('swb-input');
    await page.keyboard.type('When is the deadline for my income tax return?');
    await page.keyboard.press('Enter');
    await waitForBubble(page, /30 April/);
    // Shift+Tab from the input walks back into the log to the quick replies.
    let onChoice = false;
    for (let i = 0; i < 10 && !onChoice; i++) {
      await page.keyboard.press('Shift+Tab');
      onChoice = await frame.evaluate(() => document.activeElement?.classList.contains('swb-choice') ?? false);
    }
    expect(onChoice).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await bubbles(page)).length).toBeGreaterThanOrEqual(5);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.evaluate(() => document.activeElement?.shadowRoot?.activeElement?.classList.contains('l'))).toBe(true);
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    await page.screenshot({ path: new URL('desktop-closed.png', SCREENSHOTS).pathname });
    await page.context().close();
  });

  it('desktop screenshot and axe with the privacy notice showing (host and frame)', async () => {
    const page = await newPage({ reducedMotion: 'reduce' });
    await page.goto(`${stack.host}/?lang=et`);
    await launcher(page).click();
    const frame = await chatFrame(page);
    expect(await axeViolations(frame)).toEqual([]);
    expect(await axeViolations(page)).toEqual([]);
    await ask(page, 'Millal tuleb maksutagastus?');
    await chat(page).locator('.swb-msg--bot').nth(1).waitFor();
    await page.screenshot({ path: new URL('desktop.png', SCREENSHOTS).pathname });
    expect(await launcher(page).evaluate((button) => getComputedStyle(button).transitionDuration)).toBe('0s');
    await page.context().close();
  });

  for (const viewport of [{ width: 360, height: 640 }, { width: 320, height: 568 }]) {
    it(`${viewport.width}×${viewport.height}: full screen, input visible, no sideways scrolling`, async () => {
      const page = await newPage({ viewport, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await page.goto(`${stack.host}/?lang=en`);
      await launcher(page).tap();
      const frame = await chatFrame(page);
      const box = await page.locator('[data-switchboard] iframe').boundingBox();
      expect(box).toMatchObject({ x: 0, y: 0, width: viewport.width, height: viewport.height });
      await ask(page, 'When will I get my tax refund?');
      await waitForBubble(page, 'Refunds are paid');
      const layout = await frame.evaluate(() => {
        const input = document.getElementById('swb-input')!.getBoundingClientRect();
        return { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth, inputBottom: input.bottom, height: innerHeight };
      });
      expect(layout.overflow).toBeLessThanOrEqual(0);
      expect(layout.inputBottom).toBeLessThanOrEqual(layout.height);
      expect(await axeViolations(frame)).toEqual([]);
      if (viewport.width === 360) await page.screenshot({ path: new URL('mobile.png', SCREENSHOTS).pathname });
      await page.context().close();
    });
  }

  it('200% zoom (640×400 CSS px): the frame reflows without sideways scrolling', async () => {
    const page = await newPage({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
    await page.goto(`${stack.host}/?lang=ru`);
    await launcher(page).click();
    const frame = await chatFrame(page);
    expect(await frame.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    expect(await chat(page).locator('#swb-input').isVisible()).toBe(true);
    expect(readFileSync(new URL('desktop.png', SCREENSHOTS)).length).toBeGreaterThan(10_000);
    await page.context().close();
  });
});
