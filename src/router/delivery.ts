import type { Backend } from '../conversations/index.js';
import type { Delivery } from './ports.js';

/** `Delivery` over a backend's store, bus and health: what every instance's widgets and consoles read. */
export function createDelivery(backend: Backend): Delivery {
  return {
    backend: backend.kind,
    health: () => backend.health(),
    onHealthChange: (listener) => backend.onHealthChange(listener),
    eventsAfter: (conversationId, afterSeq, limit) => backend.store.eventsAfter(conversationId, afterSeq, limit),
    subscribe: (conversationId, listener) => backend.bus.subscribe(conversationId, listener),
    settled: () => backend.bus.settled(),
  };
}
