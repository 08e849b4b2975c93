import { createMemoryRateLimiter, MemoryConversationBus, MemoryConversationStore } from '../../src/conversations/index.js';
import { describeConversationBus } from './contracts/bus.contract.js';
import { describeConversationLog } from './contracts/log.contract.js';
import { describeRateLimiter } from './contracts/rate-limiter.contract.js';
import { describeConversationStore } from './contracts/store.contract.js';

// Every port's contract on the memory backend; redis-store.test.ts runs the same suites on Redis.
describeConversationStore('memory', async () => {
  const store = new MemoryConversationStore();
  return { store, dispose: () => store.close() };
});

describeConversationBus('memory', async () => {
  const bus = new MemoryConversationBus();
  return { bus, dispose: () => bus.close() };
});

describeConversationLog('memory', async () => {
  const store = new MemoryConversationStore();
  const bus = new MemoryConversationBus();
  return {
    store,
    bus,
    dispose: async () => {
      await bus.close();
      await store.close();
    },
  };
});

describeRateLimiter('memory', async (options) => createMemoryRateLimiter(options), { sharedBetweenInstances: false });
