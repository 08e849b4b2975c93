import { expect } from 'vitest';
import { SwitchboardError } from '../../src/errors/index.js';

/** The SwitchboardError `promise` rejects with (the test fails if it resolves or rejects with anything else). */
export async function failure(promise: Promise<unknown>): Promise<SwitchboardError> {
  const error = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(SwitchboardError);
  return error as SwitchboardError;
}
