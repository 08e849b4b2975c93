import type { BusNotice, ConversationEvent } from '../protocol/index.js';
import { toSwitchboardError } from '../errors/index.js';
import type { Delivery } from '../router/index.js';
import type { Logger } from '../log/index.js';

const PAGE = 500;

/**
 * One conversation's events for one reader, the widget session's delivery pattern: a notice only says
 * "there is something after seq N"; the feed reads `eventsAfter(lastSent)` itself, so each event is handed
 * on once and in order whatever the bus does. Other notices (typing, notes) are passed through.
 */
export class ConversationFeed {
  #lastSent: number;
  #unsubscribe: () => void;
  #delivering?: Promise<void>;
  #again = false;
  #closed = false;

  constructor(
    private readonly delivery: Delivery,
    readonly conversationId: string,
    private readonly handlers: { event(event: ConversationEvent): void; other(notice: BusNotice): void },
    private readonly logger: Logger,
    afterSeq = 0,
  ) {
    this.#lastSent = afterSeq;
    this.#unsubscribe = delivery.subscribe(conversationId, (notice) => this.#onNotice(notice));
  }

  /** Subscribe first, then read (once the subscription is live): nothing falls in between. */
  async start(): Promise<void> {
    await this.delivery.settled().catch(() => undefined);
    await this.deliver();
  }

  close(): void {
    this.#closed = true;
    this.#unsubscribe();
  }

  #onNotice(notice: BusNotice): void {
    if (this.#closed) return;
    if (notice.type === 'events') {
      if (notice.seq > this.#lastSent) void this.deliver();
    } else this.handlers.other(notice);
  }

  deliver(): Promise<void> {
    if (this.#delivering) {
      this.#again = true;
      return this.#delivering;
    }
    this.#delivering = (async () => {
      do {
        this.#again = false;
        if (this.#closed) break;
        try {
          const events = await this.delivery.eventsAfter(this.conversationId, this.#lastSent, PAGE);
          for (const event of events) {
            if (event.seq !== this.#lastSent + 1) break;
            this.handlers.event(event);
            this.#lastSent = event.seq;
          }
          if (events.length === PAGE) this.#again = true;
        } catch (error) {
          this.logger.warn({ code: toSwitchboardError(error).code }, 'operator feed read failed');
        }
      } while (this.#again);
    })().finally(() => {
      this.#delivering = undefined;
    });
    return this.#delivering;
  }
}
