import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { createRedisBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { startRedisServer, type OwnedRedis } from '../setup/redis-server.js';
import { launchBrowser, startStack, type Stack } from './stack.js';
import { ask, bubbles, chat, chatFrame, expectNoDuplicates, launcher, storedSession, waitForBubble } from './helpers.js';

/**
 * A live widget while Redis hangs (SIGSTOP, 5 s): the citizen's message typed during the freeze is kept,
 * resent by the widget itself when storage is back, answered once and shown once.
 */
let redis: OwnedRedis;
let stack: Stack;
let browser: Browser;

beforeAll(async () => {
  redis = await startRedisServer({ persistent: true });
  const backend = await createRedisBackend(redis.url, { prefix: `swb:test-${randomUUID()}:`, logger: createLogger({ level: 'silent' }), heartbeatMs: 300, heartbeatTimeoutMs: 500 });
  [stack, browser] = await Promise.all([startStack({ backend }), launchBrowser()]);
}, 60_000);

afterAll(async () => {
  redis?.thaw();
  await browser?.close();
  await stack?.close();
  await redis?.dispose();
});

describe('the widget recovers by itself from a Redis freeze', () => {
  it('a message typed during a 5 s freeze is answered after it, shown once', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${stack.host}/?lang=en`);
    await launcher(page).click();
    await ask(page, 'When will I get my tax refund?');
    await waitForBubble(page, 'Refunds are paid');
    const frame = await chatFrame(page);
    const { conversationId } = (await storedSession(frame))!;

    redis.freeze();
    try {
      // The widget says storage is unavailable (service: degraded, within ~1 s of the freeze).
      await chat(page).locator('.swb-connection').filter({ hasNotText: /^$/ }).waitFor({ timeout: 5_000 });
      await ask(page, 'What is the tax-free income this year?');
      await page.waitForTimeout(4_000);
    } finally {
      redis.thaw();
    }
    // No reload, no click: the widget resends on its own; the turn runs once and its answer is shown once.
    const answer = await expect
      .poll(async () => {
        const events = await stack.backend.store.eventsAfter(conversationId!, 0);
        const question = events.find((event) => event.type === 'message' && event.text === 'What is the tax-free income this year?');
        return question && events.find((event) => event.type === 'message' && event.clientId === `turn:${question.seq}:0`);
      }, { timeout: 30_000 })
      .toBeTruthy()
      .then(async () => {
        const events = await stack.backend.store.eventsAfter(conversationId!, 0);
        return events.at(-1) as { text: string };
      });
    await waitForBubble(page, answer.text.slice(0, 40), 10_000);
    await expect.poll(() => chat(page).locator('.swb-msg--pending').count(), { timeout: 10_000 }).toBe(0);
    await page.waitForTimeout(500);
    const texts = await bubbles(page);
    expectNoDuplicates(texts);
    expect(texts.filter((text) => text === 'What is the tax-free income this year?')).toHaveLength(1);
    const stored = await stack.backend.store.eventsAfter(conversationId!, 0);
    const citizen = stored.filter((event) => event.type === 'message' && event.from === 'citizen');
    expect(citizen.map((event) => (event as { text: string }).text)).toEqual(['When will I get my tax refund?', 'What is the tax-free income this year?']);
    await expect.poll(async () => {
      const record = await stack.backend.store.get(conversationId!);
      return record && record.turnSeq === record.lastCitizenSeq;
    }).toBe(true);
  }, 90_000);
});
