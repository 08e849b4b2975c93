import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { createRedisBackend, MemoryApiKeyStore, MemoryPackStore } from '../../src/conversations/index.js';
import { describePackStore } from './contracts/pack-store.contract.js';

describePackStore('memory', async () => ({ packs: new MemoryPackStore(), apiKeys: new MemoryApiKeyStore(), dispose: async () => {} }));

describePackStore('redis', async () => {
  const redisUrl = inject('redisUrl');
  const prefix = `swb:test-${randomUUID()}:`;
  const backend = await createRedisBackend(redisUrl, { prefix });
  return {
    packs: backend.packs,
    apiKeys: backend.apiKeys,
    async dispose() {
      await backend.close();
      // Only this fixture's own keys (never FLUSH*).
      const admin = new Redis(redisUrl);
      const keys = await admin.keys(`${prefix}*`);
      if (keys.length) await admin.unlink(...keys);
      admin.disconnect();
    },
  };
});
