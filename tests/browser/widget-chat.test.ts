import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, startStack, type Stack } from './stack.js';
import { ask, axeViolations, bubbles, chat, chatFrame, expectNoDuplicates, launcher, storedSession, waitForBubble } from './helpers.js';

/**
 * The widget end to end in headless Chromium: host page on http://localhost:<a>, Switchboard (through a
 * proxy) on http://127.0.0.1:<b>. One browser for the file; a fresh context per conversation.
 */
let stack: Stack;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startStack(), launchBrowser()]);
  context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  // A host-page script that records everything the frame posts to the page.
  await page.addInitScript(() => {
    const seen: unknown[] = [];
    (window as unknown as { __seen: unknown[] }).__seen = seen;
    window.addEventListener('message', (event) => seen.push(event.data));
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe('widget on an agency page (cross-origin)', () => {
  it('loads with one tag, opens on click and answers with the right agency', async () => {
    await page.goto(`${stack.host}/?lang=en`);
    await launcher(page).click();
    const frame = await chatFrame(page);
    expect(await frame.evaluate(() => document.activeElement?.id)).toBe('swb-input');
    // The privacy notice and the agency's levels come before the first message.
    await expect.poll(() => chat(page).locator('.swb-privacy input[type=radio]').count()).toBe(3);
    expect(await chat(page).locator('#swb-notice').textContent()).toContain('Tax and Customs Board');
    // In plain words, with the agency's retention: what each choice means for the citizen's data.
    const levels = await chat(page).locator('.swb-privacy label').allTextContents();
    expect(levels.join(' | ')).toMatch(/Delete it when the conversation ends.*Keep it for 30 days.*without personal data/);
    await ask(page, 'When will I get my tax refund?');
    const texts = await waitForBubble(page, 'Refunds are paid');
    // The server greets first, then the question, then the tax bot's answer.
    expect(texts.indexOf('When will I get my tax refund?')).toBeGreaterThanOrEqual(0);
    expect(texts.findIndex((text) => text.startsWith('Refunds are paid'))).toBeGreaterThan(texts.indexOf('When will I get my tax refund?'));
    expect(await chat(page).locator('.swb-msg--bot', { hasText: 'Refunds are paid' }).count()).toBe(1);
    const link = chat(page).locator('.swb-msg--bot a[href^="https://www.emta.ee"]').first();
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await chat(page).locator('.swb-privacy').isHidden()).toBe(true);
  });

  it('quick replies are buttons that send their value', async () => {
    const chip = chat(page).locator('.swb-choice', { hasText: 'Payment deadline for tax due' });
    await chip.click();
    await waitForBubble(page, 'must be paid by 1 October');
    const texts = await bubbles(page);
    expect(texts).toContain('When do I have to pay the income tax?');
    expectNoDuplicates(texts);
  });

  it('a script on the host page cannot read the conversation', async () => {
    const probe = await page.evaluate(() => {
      const host = document.querySelector('[data-switchboard]');
      const iframe = host?.shadowRoot?.querySelector('iframe');
      let frameDocument: unknown = 'unreadable';
      try {
        frameDocument = iframe?.contentDocument ?? null;
      } catch {
        frameDocument = 'threw';
      }
      return {
        frameDocument: frameDocument === null ? null : String(frameDocument),
        posted: JSON.stringify((window as unknown as { __seen: unknown[] }).__seen),
        api: Object.keys((window as unknown as { Switchboard: object }).Switchboard).sort(),
        // biome-ignore lint/performance/useDomNodeTextContent: the rendered text a host page's script reads, as in the check below
        bodyText: document.body.innerText,
      };
    });
    expect(probe.frameDocument).toBeNull();
    for (const secret of ['tax refund', 'Refunds are paid', 'income tax']) {
      expect(probe.posted).not.toContain(secret);
      expect(probe.bodyText).not.toContain(secret);
    }
    expect(probe.posted).toContain('"type":"ready"');
    expect(probe.api).toEqual(['close', 'on', 'open', 'setLanguage', 'toggle', 'version']);
  });

  it('renders hostile markup from the citizen and from an operator as text', async () => {
    const frame = await chatFrame(page);
    const hostile = '<img src=x onerror="window.__pwned=1">';
    await ask(page, hostile);
    await waitForBubble(page, '<img src=x');
    const session = await storedSession(frame);
    await stack.conversationLog.append(session!.conversationId!, { type: 'message', from: 'operator', operatorName: 'Mari', text: `${hostile} <b>bold</b> https://example.org/x` });
    await waitForBubble(page, '<b>bold</b>');
    expect(await chat(page).locator('.swb-log img, .swb-log b').count()).toBe(0);
    expect(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    const operator = chat(page).locator('.swb-msg--operator').last();
    expect(await operator.locator('.swb-who').textContent()).toBe('Mari');
    expect(await operator.locator('a').getAttribute('href')).toBe('https://example.org/x');
  });

  it('reload resumes the conversation with no duplicates', async () => {
    const before = await bubbles(page);
    await page.reload();
    // The panel was open: it reopens on the next page and resumes from storage and the server.
    await chat(page).locator('.swb-log .swb-msg', { hasText: 'must be paid by 1 October' }).first().waitFor();
    await page.waitForTimeout(500);
    const after = await bubbles(page);
    expect(after).toEqual(before);
    await ask(page, 'What is the tax-free income this year?');
    const more = await waitForBubble(page, /tax-free|basic exemption/i);
    expect(more.slice(0, before.length)).toEqual(before);
    expectNoDuplicates(more.filter((text) => !text.startsWith('<img')));
  });

  it('counts unread messages on the launcher while closed (count only, no text)', async () => {
    const frame = await chatFrame(page);
    const counts = page.evaluate(() => new Promise<number>((resolve) => (window as unknown as { Switchboard: { on(n: string, h: (d: unknown) => void): void } }).Switchboard.on('unread', (d) => resolve(Number(d)))));
    await page.evaluate(() => (window as unknown as { Switchboard: { close(): void } }).Switchboard.close());
    expect(await launcher(page).getAttribute('aria-expanded')).toBe('false');
    const { conversationId } = (await storedSession(frame))!;
    await stack.conversationLog.append(conversationId!, { type: 'message', from: 'operator', operatorName: 'Mari', text: 'Are you still there?' });
    expect(await counts).toBe(1);
    const badge = page.locator('[data-switchboard] .b');
    expect(await badge.textContent()).toBe('1');
    expect(await launcher(page).getAttribute('aria-label')).toBe('Open chat, 1 unread');
    await launcher(page).click();
    await expect.poll(() => badge.isHidden()).toBe(true);
    expect(await page.evaluate(() => JSON.stringify((window as unknown as { __seen: unknown[] }).__seen))).not.toContain('still there');
  });

  it('switches language from the frame and from the host API, and sends it as the hint', async () => {
    const frame = await chatFrame(page);
    const events = page.evaluate(() => new Promise<string>((resolve) => (window as unknown as { Switchboard: { on(n: string, h: (d: unknown) => void): void } }).Switchboard.on('language', (d) => resolve(String(d)))));
    await chat(page).locator('#swb-lang').selectOption('ru');
    expect(await events).toBe('ru');
    expect(await chat(page).locator('#swb-input').getAttribute('placeholder')).toBe('Введите вопрос…');
    expect(await frame.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await chat(page).locator('.swb-composer .swb-send').textContent()).toBe('Отправить');
    await page.evaluate(() => (window as unknown as { Switchboard: { setLanguage(l: string): void } }).Switchboard.setLanguage('sv'));
    await expect.poll(() => chat(page).locator('#swb-input').getAttribute('placeholder')).toBe('Skriv din fråga…');
    expect(await launcher(page).getAttribute('aria-label')).toBe('Stäng chatten');
  });

  it('talk to a human, queue status, end, rating with comment, transcript download', async () => {
    await chat(page).locator('button', { hasText: 'Prata med en människa' }).click();
    await chat(page).locator('.swb-status', { hasText: 'Väntar på en handläggare' }).waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), chat(page).locator('button', { hasText: 'Ladda ner samtalet' }).click()]);
    const path = await download.path();
    const transcript = (await import('node:fs')).readFileSync(path, 'utf8');
    expect(download.suggestedFilename()).toMatch(/^tax-conversation-\d{4}-\d{2}-\d{2}\.txt$/);
    expect(transcript).toContain('When will I get my tax refund?');
    expect(transcript).toContain('Mari:');
    await chat(page).locator('button', { hasText: 'Avsluta samtalet' }).click();
    await chat(page).locator('.swb-rating').waitFor();
    expect(await chat(page).locator('.swb-composer').isHidden()).toBe(true);
    await chat(page).locator('label[for="swb-star-4"]').click();
    await chat(page).locator('#swb-comment').fill('Quick and clear');
    await chat(page).locator('.swb-rating button[type=submit]').click();
    await chat(page).locator('.swb-thanks').waitFor();
    const conversationId = (await storedSession(await chatFrame(page)))!.conversationId!;
    await expect.poll(async () => (await stack.backend.store.get(conversationId))?.rating).toEqual({ score: 4, comment: 'Quick and clear' });
  });

  it('axe finds no violations on the host page or inside the frame', async () => {
    expect(await axeViolations(page)).toEqual([]);
    expect(await axeViolations(await chatFrame(page))).toEqual([]);
  });

  it('the citizen can delete the conversation; the widget forgets its token', async () => {
    const frame = await chatFrame(page);
    await chat(page).locator('.swb-ended button', { hasText: 'Starta ett nytt samtal' }).click();
    await ask(page, 'Hur mycket alkohol får jag ta med mig från länder utanför EU?');
    await expect.poll(async () => (await bubbles(page)).length).toBeGreaterThanOrEqual(2);
    const { conversationId } = (await storedSession(frame))!;
    expect(await stack.backend.store.get(conversationId!)).toBeDefined();
    await chat(page).locator('button.swb-danger', { hasText: 'Radera samtalet' }).click();
    await chat(page).locator('button', { hasText: 'Ja, radera' }).click();
    await chat(page).locator('.swb-status', { hasText: 'Samtalet raderades' }).waitFor();
    expect(await bubbles(page)).toEqual([]);
    expect((await storedSession(frame))?.token).toBeUndefined();
    await expect.poll(async () => stack.backend.store.get(conversationId!)).toBeUndefined();
  });
});

describe('embedding rules', () => {
  it('a page outside the agency\'s allowed origins cannot embed the frame', async () => {
    const other = await context.newPage();
    const refused: string[] = [];
    other.on('console', (message) => refused.push(message.text()));
    await other.goto(stack.stranger);
    await launcher(other).click();
    await expect.poll(() => refused.some((text) => text.includes('frame-ancestors')), { timeout: 5000 }).toBe(true);
    const embed = other.frames().find((frame) => frame.url().includes('/embed?'));
    expect(embed ? await embed.locator('.swb').count() : 0).toBe(0);
    await other.close();
    const response = await fetch(`${stack.switchboard}/embed?agency=tax&lang=en`);
    const csp = response.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self'`);
    expect(csp).toContain(stack.host);
    expect(csp).not.toContain(stack.stranger);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
  });

  it('the server\'s own demo pages embed the widget with the one tag; the strict one sends its CSP', async () => {
    const demo = await (await fetch(`${stack.switchboard}/`)).text();
    expect(demo).toContain('<script src="/widget.js" data-agency="tax" data-lang="et" async></script>');
    const strict = await fetch(`${stack.switchboard}/demo/strict`);
    expect(strict.headers.get('content-security-policy')).toBe(
      `default-src 'none'; script-src ${stack.switchboard}; frame-src ${stack.switchboard}; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'`,
    );
    const loader = await fetch(`${stack.switchboard}/widget.js`);
    expect(loader.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
  });

  it('an unknown agency gets a clear 404', async () => {
    const response = await fetch(`${stack.switchboard}/embed?agency=nope&lang=et`);
    expect(response.status).toBe(404);
    const body = await response.text();
    expect(body).toContain('no agency “nope”');
    expect(body).toContain('<code>tax</code>');
  });
});
