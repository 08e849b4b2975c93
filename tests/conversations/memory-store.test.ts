import { MemoryConversationBus, MemoryConversationStore } from '../../src/conversations/index.js';
import { describeConversationBus, describeConversationStore } from './store.contract.js';

describeConversationStore('memory', async () => {
  const store = new MemoryConversationStore();
  return { store, dispose: () => store.close() };
});

describeConversationBus('memory', async () => {
  const bus = new MemoryConversationBus();
  return { bus, dispose: () => bus.close() };
});
