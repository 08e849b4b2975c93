import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { createRedisBackend, type RedisBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { startServer } from '../../src/server.js';
import { describeOperatorScenarios } from './operators.scenarios.js';

/** The same scenarios on two instances sharing one Redis: citizens on A, operators on B (and A, for the race). */
describeOperatorScenarios('redis, two instances', async () => {
  const logger = createLogger({ level: 'silent' });
  const prefix = `swb:test-${randomUUID()}:`;
  const backends: RedisBackend[] = [];
  for (let i = 0; i < 2; i++) backends.push(await createRedisBackend(inject('redisUrl'), { prefix, logger }));
  const [a, b] = await Promise.all(backends.map((backend, i) => startServer({ port: 0, backend, logger, instanceId: `op-${i}`, operators: { graceMs: 200 } })));
  return {
    citizens: a,
    operators: b,
    async close() {
      await Promise.all([a.close(), b.close()]);
      await Promise.all(backends.map((backend) => backend.close()));
    },
  };
});
