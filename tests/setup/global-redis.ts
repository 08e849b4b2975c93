import type { TestProject } from 'vitest/node';
import { hasRedisServer, startRedisServer, type OwnedRedis } from './redis-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The Redis every Redis test uses, with its own key prefix per test. Never the shared 6379. */
    redisUrl: string;
  }
}

let owned: OwnedRedis | undefined;

/**
 * vitest globalSetup: `REDIS_URL` if set, else a redis-server of our own on a free port. Without the
 * binary we would need Testcontainers and a Docker engine; neither is available here, so we fail loudly
 * instead of letting the Redis suites skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const fromEnv = process.env.REDIS_URL;
  if (fromEnv) {
    // Tests only touch keys under their own `swb:test-<uuid>:` prefix, but the Redis on 6379 of a shared
    // machine is off limits altogether unless someone says otherwise.
    if (/:6379(\/|$)/.test(fromEnv) && process.env.SWB_TEST_ALLOW_6379 !== '1') {
      throw new Error('REDIS_URL points at port 6379; set SWB_TEST_ALLOW_6379=1 if that Redis is really yours');
    }
    project.provide('redisUrl', fromEnv);
    return async () => {};
  }
  if (!hasRedisServer()) {
    throw new Error(
      'Redis tests need a Redis: set REDIS_URL, or install redis-server (apt-get install redis-server). ' +
        'Testcontainers is not wired in this repository.',
    );
  }
  owned = await startRedisServer();
  project.provide('redisUrl', owned.url);
  return async () => {
    await owned?.dispose();
    owned = undefined;
  };
}
