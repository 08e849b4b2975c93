import { EventEmitter } from 'node:events';
import type { BusNotice } from '../protocol/index.js';
import type { ConversationBus } from './store.js';

const ALL = Symbol('all');

/** One process: notices go straight to local listeners. */
export class MemoryConversationBus implements ConversationBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  async publish(notice: BusNotice): Promise<void> {
    if ('conversationId' in notice) this.#emitter.emit(notice.conversationId, notice);
    else this.#emitter.emit(ALL, notice);
  }

  subscribe(conversationId: string, listener: (notice: BusNotice) => void): () => void {
    this.#emitter.on(conversationId, listener);
    return () => this.#emitter.off(conversationId, listener);
  }

  /** Local listeners are live as soon as they are added. */
  async settled(): Promise<void> {}

  subscribeAll(listener: (notice: BusNotice) => void): () => void {
    this.#emitter.on(ALL, listener);
    return () => this.#emitter.off(ALL, listener);
  }

  async close(): Promise<void> {
    this.#emitter.removeAllListeners();
  }
}
