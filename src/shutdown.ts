import type { Logger } from './log/index.js';

export interface StopOptions {
  /** The graceful part: close sockets, drain the router, close the backend. */
  close(): Promise<void>;
  /** After this, give up waiting (a half-sent request or an unreachable Redis can hold `close` for minutes). */
  timeoutMs: number;
  logger: Logger;
}

/**
 * Runs `close` with a bound and resolves with the exit code for it: 0 when it finished, 1 when it failed or
 * was still running after `timeoutMs`. `src/main.ts` exits with that code; the timer never keeps a process alive.
 */
export function stopWithin({ close, timeoutMs, logger }: StopOptions): Promise<0 | 1> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown did not finish in time; exiting');
      resolve(1);
    }, timeoutMs);
    timer.unref();
    close().then(
      () => {
        clearTimeout(timer);
        resolve(0);
      },
      (error: unknown) => {
        clearTimeout(timer);
        logger.error({ err: error }, 'shutdown failed');
        resolve(1);
      },
    );
  });
}
