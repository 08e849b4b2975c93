import type { ContactRequest, HandoverItem, Language, RoutingDecision } from '../protocol/index.js';
import type { ConversationLog } from '../conversations/index.js';
import type { AgencyRegistry } from '../agencies/index.js';
import type { HumanHandoff } from '../router/index.js';
import { phrase } from '../i18n/index.js';
import { isOpenAt } from './hours.js';
import type { HandoverRecord, OperatorStore } from './store.js';

export interface HandoverQueuesDeps {
  store: OperatorStore;
  conversationLog: ConversationLog;
  registry: AgencyRegistry;
}

/** The channel an agency's board is announced on (`Delivery.subscribe`). */
export const boardChannel = (agency: string) => `queue:${agency}`;

/**
 * The agencies' queues: what the router calls when a conversation goes to a person (`HumanHandoff`), and the
 * bookkeeping every operator command shares: board notices, and telling each waiting citizen their new place.
 */
export class HandoverQueues implements HumanHandoff {
  constructor(private readonly deps: HandoverQueuesDeps) {}

  decided(conversationId: string, decision: RoutingDecision): Promise<void> {
    return this.deps.store.addDecision(conversationId, decision);
  }

  isOpen(agency: string, now = new Date()): boolean {
    return isOpenAt(this.deps.registry.manifest(agency)?.operators.openingHours, now);
  }

  async queued(conversation: { id: string; agency: string; language: Language; reason: string }): Promise<{ position: number }> {
    const position = await this.deps.store.enqueue(conversation.agency, conversation.id);
    await this.deps.store.saveHandover({
      conversationId: conversation.id,
      agency: conversation.agency,
      state: 'queued',
      reason: conversation.reason,
      language: conversation.language,
      queuedAt: new Date().toISOString(),
      toldPosition: position,
    });
    await this.publishBoard(conversation.agency);
    return { position };
  }

  async forget(conversationId: string): Promise<void> {
    const record = await this.deps.store.handover(conversationId);
    await this.deps.store.forget(conversationId);
    if (record) {
      await this.publishBoard(record.agency);
      await this.announcePositions(record.agency);
    }
  }

  retain(conversationId: string, seconds: number): Promise<void> {
    return this.deps.store.expireIn(conversationId, seconds);
  }

  async contactRequest(conversationId: string, agency: string, request: ContactRequest): Promise<void> {
    await this.deps.store.addContactRequest({ at: new Date().toISOString(), conversationId, agency, request });
    await this.publishBoard(agency);
  }

  /** Put a conversation (back) in a queue: at the front when its operator went away. Returns its place. */
  async requeue(record: HandoverRecord, agency: string, front: boolean): Promise<number> {
    const position = await this.deps.store.enqueue(agency, record.conversationId, front);
    const { holder: _holder, claimedAt: _claimed, ...rest } = record;
    await this.deps.store.saveHandover({ ...rest, agency, state: 'queued', queuedAt: new Date().toISOString(), toldPosition: position });
    return position;
  }

  publishBoard(agency: string): Promise<void> {
    return this.deps.conversationLog.bus.publish({ type: 'queue', conversationId: boardChannel(agency) });
  }

  /** Everyone still waiting whose place changed hears it (a status event in their log, shown in their language). */
  async announcePositions(agency: string): Promise<void> {
    const ids = await this.deps.store.queue(agency);
    for (const [index, id] of ids.entries()) {
      const record = await this.deps.store.handover(id);
      if (!record || record.toldPosition === index + 1) continue;
      // The citizen may have erased the conversation since it was read: then write nothing back.
      if (!(await this.deps.store.updateHandover({ ...record, toldPosition: index + 1 }))) continue;
      await this.deps.conversationLog.append(id, { type: 'status', state: 'waiting_human', agency, queuePosition: index + 1 }).catch((error: unknown) => {
        if ((error as { code?: string }).code !== 'SWB_ERR_CONVERSATION_NOT_FOUND') throw error;
      });
    }
  }

  /** Board items of one agency, positions filled in from the queue. */
  async items(agency: string): Promise<HandoverItem[]> {
    const [records, queue] = await Promise.all([this.deps.store.board(agency), this.deps.store.queue(agency)]);
    return records.filter((record) => record.agency === agency).map((record) => toItem(record, queue));
  }

  async item(record: HandoverRecord): Promise<HandoverItem> {
    return toItem(record, record.state === 'queued' ? await this.deps.store.queue(record.agency) : []);
  }

  /** A line in the citizen's language. */
  say(conversationId: string, language: Language, key: Parameters<typeof phrase>[0], values: Record<string, string> = {}) {
    return this.deps.conversationLog.append(conversationId, { type: 'message', from: 'system', text: phrase(key, language, values) });
  }
}

function toItem(record: HandoverRecord, queue: string[]): HandoverItem {
  const { toldPosition: _told, ...item } = record;
  const index = record.state === 'queued' ? queue.indexOf(record.conversationId) : -1;
  return { ...item, ...(index >= 0 ? { position: index + 1 } : {}) };
}
