import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { inject } from 'vitest';
import { MemoryOperatorStore, RedisOperatorStore } from '../../src/operators/index.js';
import { describeOperatorStore } from './contracts/operator-store.contract.js';

describeOperatorStore('memory', async () => ({ store: new MemoryOperatorStore(), dispose: async () => undefined }));

describeOperatorStore('redis', async () => {
  const prefix = `swb:test-${randomUUID()}:`;
  const clients = [new Redis(inject('redisUrl')), new Redis(inject('redisUrl'))];
  return {
    store: new RedisOperatorStore(clients[0], prefix),
    peer: new RedisOperatorStore(clients[1], prefix),
    async dispose() {
      const keys = await clients[0].keys(`${prefix}*`);
      if (keys.length) await clients[0].unlink(...keys);
      for (const client of clients) client.disconnect();
    },
  };
});
