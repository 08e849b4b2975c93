import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { MemoryAnalyticsStore, RedisAnalyticsStore } from '../../src/analytics/index.js';
import { describeAnalyticsStore } from './contracts/analytics-store.contract.js';

describeAnalyticsStore('memory', async () => ({ store: new MemoryAnalyticsStore(), dispose: async () => undefined }));

describeAnalyticsStore('redis', async () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const client = new Redis(inject('redisUrl'));
  return {
    store: new RedisAnalyticsStore(client, prefix),
    async dispose() {
      const keys = await client.keys(`${prefix}*`);
      if (keys.length) await client.unlink(...keys);
      client.disconnect();
    },
  };
});
