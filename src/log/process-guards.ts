import type { Logger } from 'pino';

let unhandled = 0;

/** Promise rejections nobody handled since start: should stay 0 (a test asserts it under faults). */
export function unhandledRejections(): number {
  return unhandled;
}

/**
 * Last line of defence for the process: a rejection nobody handled is a bug, but not one that should
 * take down an instance with every conversation on it. Log it (once per occurrence, with its stack) and
 * count it; Node's default for `unhandledRejection` is to exit.
 */
export function installProcessGuards(logger: Logger): void {
  process.on('unhandledRejection', (reason) => {
    unhandled++;
    logger.error({ err: reason instanceof Error ? reason : new Error(String(reason)), unhandled }, 'unhandled promise rejection');
  });
}
