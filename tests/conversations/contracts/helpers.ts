import { expect } from 'vitest';
import { failure } from '../../helpers/errors.js';

export async function waitUntil(check: () => Promise<boolean>, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export async function expectCode(promise: Promise<unknown>, code: string): Promise<void> {
  expect((await failure(promise)).code).toBe(code);
}
