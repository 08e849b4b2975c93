import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.js';
import { stopWithin } from '../../src/shutdown.js';

/** The bound on `src/main.ts`'s graceful stop: the exit code for each way `close` can end. */
describe('stopWithin', () => {
  const logger = createLogger({ level: 'silent' });

  it('0 when close finishes', async () => {
    expect(await stopWithin({ close: async () => {}, timeoutMs: 60_000, logger })).toBe(0);
  });

  it('1 when close fails', async () => {
    expect(await stopWithin({ close: () => Promise.reject(new Error('backend')), timeoutMs: 60_000, logger })).toBe(1);
  });

  it('1 when close never finishes: the timeout ends the wait', async () => {
    expect(await stopWithin({ close: () => new Promise<void>(() => {}), timeoutMs: 1, logger })).toBe(1);
  });
});
