import { MemoryConversationBus, MemoryConversationStore } from '../../src/conversations/index.js';
import { describeConversationBus, describeConversationLog, describeConversationStore } from './store.contract.js';

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
