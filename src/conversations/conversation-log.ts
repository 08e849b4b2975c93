import type { ConversationEventBody } from '../protocol/index.js';
import type { AppendResult, ConversationBus, ConversationStore } from './store.js';

/**
 * Append to a conversation's log and tell every instance about it. The one way events are written, so no
 * writer can forget the notice (and no reader ever needs more than `eventsAfter`). A store that
 * `publishesNotices` (Redis) sends the notice within the append itself; otherwise it is published here.
 */
export class ConversationLog {
  constructor(
    readonly store: ConversationStore,
    readonly bus: ConversationBus,
  ) {}

  async append(conversationId: string, body: ConversationEventBody): Promise<AppendResult> {
    const result = await this.store.append(conversationId, body);
    if (!result.duplicate && !this.store.publishesNotices) await this.bus.publish({ type: 'events', conversationId, seq: result.event.seq, event: result.event });
    return result;
  }
}
