import type { OperatorPrincipal } from '../router/index.js';
import type { OperatorServiceDeps } from './deps.js';

const operatorOwner = (id: string) => `operator:${id}`;

/**
 * Console connections and the grace period. Connections are counted in the store (all instances); when an
 * operator's last one closes, a timer on this instance waits `graceMs`, then, if none came back anywhere,
 * puts each conversation they hold back at the front of its queue and tells the citizen.
 */
export class OperatorPresence {
  readonly #graceTimers = new Map<string, NodeJS.Timeout>();

  constructor(private readonly deps: Pick<OperatorServiceDeps, 'store' | 'queues' | 'conversationLog' | 'conversations' | 'graceMs' | 'logger'>) {}

  async connected(principal: OperatorPrincipal): Promise<() => void> {
    clearTimeout(this.#graceTimers.get(principal.id));
    this.#graceTimers.delete(principal.id);
    await this.deps.store.connections(principal.id, 1);
    let gone = false;
    return () => {
      if (gone) return;
      gone = true;
      void this.#disconnected(principal).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'operator disconnect bookkeeping failed'));
    };
  }

  /** Stop the grace timers (shutdown). */
  stop(): void {
    for (const timer of this.#graceTimers.values()) clearTimeout(timer);
    this.#graceTimers.clear();
  }

  async #disconnected(principal: OperatorPrincipal): Promise<void> {
    if ((await this.deps.store.connections(principal.id, -1)) > 0) return;
    const timer = setTimeout(() => {
      this.#graceTimers.delete(principal.id);
      void this.#graceOver(principal).catch((error: unknown) => this.deps.logger.warn({ err: error }, 'requeue after grace failed'));
    }, this.deps.graceMs);
    timer.unref();
    this.#graceTimers.set(principal.id, timer);
  }

  /** The grace period is over and no console of theirs came back (on any instance): requeue, at the front. */
  async #graceOver(principal: OperatorPrincipal): Promise<void> {
    if ((await this.deps.store.connections(principal.id, 0)) > 0) return;
    for (const conversationId of await this.deps.store.held(principal.id)) {
      const record = await this.deps.store.handover(conversationId);
      await this.deps.store.release(principal.id, conversationId);
      if (!record) continue;
      await this.deps.conversations.exclusive(conversationId, async () => {
        if (!(await this.deps.conversationLog.store.compareAndSetOwner(conversationId, operatorOwner(principal.id), `queue:${record.agency}`))) return;
        const conversation = await this.deps.conversationLog.store.update(conversationId, { state: 'waiting_human' });
        const position = await this.deps.queues.requeue(record, record.agency, true);
        await this.deps.conversationLog.append(conversationId, { type: 'status', state: 'waiting_human', agency: record.agency, queuePosition: position, reason: 'the operator was disconnected' });
        await this.deps.queues.say(conversationId, conversation.language, 'operatorLeft');
      });
      await this.deps.queues.publishBoard(record.agency);
      await this.deps.queues.announcePositions(record.agency);
    }
  }
}
