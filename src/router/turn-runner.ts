import type { ConversationStore } from '../conversations/index.js';
import { toSwitchboardError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { ServiceStatus } from '../protocol/index.js';
import type { Router } from './router.js';

export interface TurnRunnerOptions {
  router: Router;
  store: ConversationStore;
  logger: Logger;
  /** Storage health: a return to `ok` retries every turn that failed here meanwhile. */
  onHealthChange(listener: (status: ServiceStatus) => void): () => void;
  /** How often this instance looks for turns owed anywhere (another instance died, a reply was lost). */
  sweepEveryMs?: number;
  /** A listing younger than this is left to the instance that made it. */
  sweepAfterMs?: number;
  /** First and largest wait before retrying a failed turn here (doubling, with jitter). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

/**
 * Makes sure every owed turn runs, exactly once, somewhere. `run` settles a conversation now; a turn that
 * fails on a storage fault stays owed and is retried here with backoff (and at once when storage is back);
 * the sweeper settles turns listed as owed for longer than `sweepAfterMs` on any instance, and drops
 * listings with nothing owed. The router's lease keeps two instances from running one conversation's turns.
 *
 * Storage faults are expected in an outage: they are counted and logged once per change of the number of
 * turns waiting, never as a stack per frame.
 */
export class TurnRunner {
  readonly #options: Required<Omit<TurnRunnerOptions, 'router' | 'store' | 'logger' | 'onHealthChange'>> & TurnRunnerOptions;
  /** Conversation id → attempts so far, for turns that failed here and wait for a retry. */
  readonly #waiting = new Map<string, number>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #sweeper?: NodeJS.Timeout;
  #sweeping = false;
  #stopHealth?: () => void;
  #failures = 0;
  #stopped = false;

  constructor(options: TurnRunnerOptions) {
    this.#options = { sweepEveryMs: 2_000, sweepAfterMs: 5_000, retryMinMs: 250, retryMaxMs: 5_000, ...options };
  }

  start(): this {
    this.#stopHealth = this.#options.onHealthChange((status) => {
      if (status === 'ok') for (const id of [...this.#waiting.keys()]) this.run(id);
    });
    this.#sweeper = setInterval(() => void this.sweep(), this.#options.sweepEveryMs);
    this.#sweeper.unref();
    return this;
  }

  /** Turns that failed here and wait for a retry: a gauge for health and logs. */
  get waiting(): number {
    return this.#waiting.size;
  }

  /** Storage faults met by turns since start. */
  get failures(): number {
    return this.#failures;
  }

  /** Settle the conversation's owed turns now. Never rejects. */
  run(conversationId: string): Promise<void> {
    return this.#options.router.settle(conversationId).then(
      () => this.#settled(conversationId),
      (error: unknown) => this.#failed(conversationId, error),
    );
  }

  /** One pass over the owed-turn listings older than `sweepAfterMs`. Never rejects. */
  async sweep(): Promise<void> {
    if (this.#sweeping || this.#stopped) return;
    this.#sweeping = true;
    try {
      const { store, sweepAfterMs } = this.#options;
      for (const { id, since } of await store.owedTurns(sweepAfterMs, 200)) {
        const record = await store.get(id);
        if (record && record.lastCitizenSeq > record.turnSeq) {
          if (!this.#waiting.has(id)) await this.run(id);
        } else {
          await store.forgetOwedTurn(id, since);
        }
      }
    } catch (error) {
      this.#options.logger.debug({ code: toSwitchboardError(error).code }, 'owed-turn sweep failed; next pass retries');
    } finally {
      this.#sweeping = false;
    }
  }

  /** Stop sweeping and retrying; turns still owed stay listed for another instance (or the next start). */
  stop(): void {
    this.#stopped = true;
    clearInterval(this.#sweeper);
    this.#stopHealth?.();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }

  #settled(conversationId: string): void {
    if (this.#waiting.delete(conversationId) && this.#waiting.size === 0) {
      this.#options.logger.warn({ failures: this.#failures }, 'every owed turn ran; none waiting');
    }
  }

  #failed(conversationId: string, error: unknown): void {
    const failure = toSwitchboardError(error);
    if (!failure.retryable) {
      // A bug, not an outage: retrying would fail the same way. The turn stays owed (and listed) so that
      // a fixed deployment answers it; the log says which conversation.
      this.#options.logger.error({ err: failure, conversationId }, 'turn failed');
      return;
    }
    this.#failures++;
    const attempts = (this.#waiting.get(conversationId) ?? 0) + 1;
    const first = !this.#waiting.has(conversationId) && this.#waiting.size === 0;
    this.#waiting.set(conversationId, attempts);
    if (first) this.#options.logger.warn({ code: failure.code }, 'turns are waiting for storage; retrying with backoff');
    if (this.#stopped) return;
    const { retryMinMs, retryMaxMs } = this.#options;
    const ceiling = Math.min(retryMaxMs, retryMinMs * 2 ** (attempts - 1));
    // Full jitter: instances and conversations coming back together do not retry in lockstep.
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      void this.run(conversationId);
    }, ceiling / 2 + Math.random() * (ceiling / 2));
    timer.unref();
    this.#timers.add(timer);
  }
}
