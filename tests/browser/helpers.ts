import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { expect } from 'vitest';

const require = createRequire(import.meta.url);
export const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export const launcher = (page: Page) => page.locator('[data-switchboard] button.l');
export const chat = (page: Page): FrameLocator => page.frameLocator('[data-switchboard] iframe');

/** The frame's Playwright `Frame` (for evaluate), once it has loaded the app. */
export async function chatFrame(page: Page): Promise<Frame> {
  await chat(page).locator('.swb').waitFor();
  const frame = page.frames().find((candidate) => candidate.url().includes('/embed?'));
  if (!frame) throw new Error('no chat frame');
  return frame;
}

export async function ask(page: Page, text: string): Promise<void> {
  const input = chat(page).locator('#swb-input');
  await input.fill(text);
  await input.press('Enter');
}

/** Texts of the message bubbles in the log, in order (sender prefix excluded). */
export async function bubbles(page: Page): Promise<string[]> {
  return chat(page).locator('.swb-log .swb-msg:not(:first-child) .swb-text').allTextContents();
}

/** Waits until the log shows a bubble containing `text`, then returns all bubbles. */
export async function waitForBubble(page: Page, text: string | RegExp, timeout = 10_000): Promise<string[]> {
  await chat(page).locator('.swb-log .swb-msg .swb-text', { hasText: text }).first().waitFor({ timeout });
  return bubbles(page);
}

export function expectNoDuplicates(texts: string[]): void {
  expect(new Set(texts).size, `duplicates in ${JSON.stringify(texts)}`).toBe(texts.length);
}

export async function storedSession(frame: Frame): Promise<{ token?: string; conversationId?: string } | undefined> {
  // sessionStorage, or the partitioned cookie when the browser blocks third-party storage (widget/frame/storage.ts).
  return frame.evaluate(() => {
    let raw: string | null | undefined;
    try {
      raw = sessionStorage.getItem('swb:tax');
    } catch {
      const entry = document.cookie.split('; ').find((part) => part.startsWith('swb_tax='));
      raw = entry ? decodeURIComponent(entry.slice('swb_tax='.length)) : undefined;
    }
    return raw ? (JSON.parse(raw).session as { token?: string; conversationId?: string } | undefined) : undefined;
  });
}

export async function axeViolations(target: Page | Frame): Promise<Array<{ id: string; nodes: number; help: string }>> {
  await target.evaluate(AXE_SOURCE);
  return target.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context?: unknown, options?: unknown): Promise<{ violations: Array<{ id: string; help: string; nodes: unknown[] }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((violation) => ({ id: violation.id, nodes: violation.nodes.length, help: violation.help }));
  });
}
