import { SwitchboardError } from '../../errors/index.js';

/** Redis replies that mean "not now" rather than "wrong": failover, loading, cluster resharding. */
const TRANSIENT_REPLY = /^(LOADING|BUSY|READONLY|MASTERDOWN|CLUSTERDOWN|TRYAGAIN|MOVED|ASK|NOREPLICAS)\b/;

/**
 * Connection loss, timeouts, a full offline queue and transient replies become the retryable
 * SWB_ERR_STORE_UNAVAILABLE; any other Redis reply (a script bug, WRONGTYPE) is SWB_ERR_INTERNAL.
 */
export function toStoreError(error: unknown): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  const reply = error instanceof Error && error.name === 'ReplyError';
  if (reply && !TRANSIENT_REPLY.test(error.message)) {
    return new SwitchboardError('SWB_ERR_INTERNAL', 'Unexpected reply from Redis', { cause: error });
  }
  return new SwitchboardError('SWB_ERR_STORE_UNAVAILABLE', undefined, { cause: error });
}

let failedCommands = 0;

/** Redis calls that failed in this process since start (read by the backend's `stats()` for metrics). */
export function failedRedisCommands(): number {
  return failedCommands;
}

/** Run a Redis call, translating its failure. */
export async function guarded<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    failedCommands++;
    throw toStoreError(error);
  }
}
