import type { Language, PrivacyLevel } from '../protocol/index.js';
import { parseToken, tokenMatches, type ConversationLog, type RateLimiter } from '../conversations/index.js';
import type { AgencyRegistry } from '../agencies/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { CitizenPort, OpenedConversation, PublicAgency, Transcript } from './ports.js';
import type { Router } from './router.js';
import type { TurnRunner } from './turn-runner.js';

export interface CitizenServiceDeps {
  router: Router;
  turns: TurnRunner;
  conversationLog: ConversationLog;
  registry: AgencyRegistry;
  /** Citizen messages per conversation. */
  messageLimiter: RateLimiter;
}

/** The widget's language when it names none: Switchboard started in Estonia. */
const DEFAULT_LANGUAGE: Language = 'et';

/** `CitizenPort` over the router, the conversation log and a rate limiter. */
export class CitizenService implements CitizenPort {
  constructor(private readonly deps: CitizenServiceDeps) {}

  async open(hello: Parameters<CitizenPort['open']>[0]): Promise<OpenedConversation> {
    if (hello.token) return this.#resume(hello.token);
    const { record, token } = await this.deps.router.start({ homeAgency: hello.agency, language: hello.language ?? DEFAULT_LANGUAGE, privacyLevel: hello.privacyLevel });
    return { conversationId: record.id, token, lastSeq: record.lastSeq, state: record.state, language: record.language, ...(record.homeAgency ? { agency: record.homeAgency } : {}), resumed: false };
  }

  async post(conversationId: string, message: Parameters<CitizenPort['post']>[1]): Promise<{ seq: number; duplicate: boolean }> {
    const limit = await this.deps.messageLimiter.consume(conversationId);
    if (limit.limited) throw new SwitchboardError('SWB_ERR_RATE_LIMITED', undefined, { details: { retryAfterMs: limit.retryAfterMs } });
    // No read first: the append itself refuses an unknown (NOT_FOUND) or closed (CLOSED) conversation, and
    // records that the message is owed a turn in the same atomic step.
    const { event, duplicate } = await this.deps.conversationLog.append(conversationId, {
      type: 'message',
      from: 'citizen',
      text: message.text,
      clientId: message.clientId,
      ...(message.language ? { language: message.language } : {}),
    });
    // Also after a duplicate: its first attempt may have been stored with the reply lost, and its turn may
    // be owed still. Settling runs only what is owed, so a turn already done is not run again.
    void this.deps.turns.run(conversationId);
    return { seq: event.seq, duplicate };
  }

  typing(conversationId: string, active: boolean): Promise<void> {
    return this.deps.conversationLog.bus.publish({ type: 'typing', conversationId, from: 'citizen', active });
  }

  async act(conversationId: string, action: Parameters<CitizenPort['act']>[1]): Promise<void> {
    if (action === 'request_human') return this.deps.router.requestHuman(conversationId, 'the citizen pressed "talk to a person"');
    if (action === 'end') return this.deps.router.end(conversationId);
    try {
      await this.deps.router.remove(conversationId);
    } finally {
      // The per-conversation message counter is keyed by the id: erasure leaves no key naming it.
      await this.deps.messageLimiter.forget(conversationId);
    }
  }

  async transcript(token: string): Promise<Transcript> {
    const record = await this.#record(token);
    const events = [];
    for (let after = 0; ; ) {
      const page = await this.deps.conversationLog.store.eventsAfter(record.id, after, 500);
      events.push(...page);
      if (page.length < 500) break;
      after = page[page.length - 1].seq;
    }
    const agency = record.agency ?? record.homeAgency;
    return {
      conversation: { id: record.id, state: record.state, language: record.language, ...(agency ? { agency } : {}), privacyLevel: record.privacyLevel, createdAt: record.createdAt, updatedAt: record.updatedAt },
      events,
    };
  }

  async erase(token: string): Promise<void> {
    const record = await this.#record(token);
    await this.act(record.id, 'delete');
  }

  rate(conversationId: string, rating: Parameters<CitizenPort['rate']>[1]): Promise<void> {
    return this.deps.router.rate(conversationId, { score: rating.score, ...(rating.comment ? { comment: rating.comment } : {}) });
  }

  setPrivacy(conversationId: string, level: PrivacyLevel): Promise<void> {
    return this.deps.router.setPrivacy(conversationId, level);
  }

  contact(conversationId: string, request: Parameters<CitizenPort['contact']>[1]): Promise<void> {
    return this.deps.router.contactRequest(conversationId, request);
  }

  async explain(text: string, language?: Language, token?: string) {
    // A conversation's context is shown only to whoever holds its resume token (its citizen).
    const record = token ? await this.#record(token) : undefined;
    return this.deps.router.explain(text, language, record);
  }

  agencies(): PublicAgency[] {
    return this.deps.registry.manifests().map(({ id, name, description, languages, theme, privacy }) => ({ id, name, description, languages, theme, privacy }));
  }

  async #record(token: string) {
    const parsed = parseToken(token);
    const record = parsed ? await this.deps.conversationLog.store.get(parsed.conversationId) : undefined;
    if (!parsed || !record || !tokenMatches(parsed.secret, record.tokenHash)) {
      throw new SwitchboardError('SWB_ERR_TOKEN_INVALID', 'the conversation token is not valid or the conversation no longer exists; start a new one');
    }
    return record;
  }

  async #resume(token: string): Promise<OpenedConversation> {
    const record = await this.#record(token);
    const agency = record.agency ?? record.homeAgency;
    return { conversationId: record.id, token, lastSeq: record.lastSeq, state: record.state, language: record.language, ...(agency ? { agency } : {}), resumed: true };
  }
}
