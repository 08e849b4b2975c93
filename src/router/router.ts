import { OUT_OF_SCOPE, type Choice, type Language, type PrivacyLevel, type RoutingDecision } from '../protocol/index.js';
import type { Classification, IntentModel, LanguageGuess } from '../nlu/index.js';
import { issueToken, type ConversationLog, type ConversationRecord } from '../conversations/index.js';
import { SHARED_OWNER, splitIntent, type AgencyRegistry } from '../agencies/index.js';
import { SwitchboardError } from '../errors/index.js';
import { phrase } from '../i18n/index.js';
import type { Logger } from '../log/index.js';
import { decide, type Decision, type DecisionInput, type RoutingPolicy } from './decide.js';
import { KeyedQueue } from './keyed-queue.js';
import { stickyLanguage } from './language.js';
import { runBotTurn } from './bot-turn.js';

/** The router's own per-conversation memory, kept beside the agencies' contexts. */
const ROUTER_CONTEXT = '_router';
interface RouterContext {
  [key: string]: unknown;
  /** Choices offered last turn, so a click maps straight to its intent. */
  offered?: Array<{ value: string; intent: string }>;
}

export interface RouterDeps {
  registry: AgencyRegistry;
  log: ConversationLog;
  logger: Logger;
  detectLanguage: (text: string, hint?: Language) => LanguageGuess;
  model: IntentModel;
  policy: RoutingPolicy;
}

export interface IncomingMessage {
  text: string;
  languageHint?: Language;
}

/**
 * Receives every citizen message after it is stored, decides where it goes (see decide.ts), asks the
 * agency bot, and appends what comes back. One turn per conversation at a time (KeyedQueue).
 */
export class Router {
  readonly #queue = new KeyedQueue();
  #model: IntentModel;
  #policy: RoutingPolicy;

  constructor(private readonly deps: RouterDeps) {
    this.#model = deps.model;
    this.#policy = deps.policy;
  }

  /** Swap in a newly trained model; turns already running finish with the old one. */
  useModel(model: IntentModel, policy: RoutingPolicy): void {
    this.#model = model;
    this.#policy = policy;
  }

  get policy(): RoutingPolicy {
    return this.#policy;
  }

  async start(init: { homeAgency?: string; language: Language; privacyLevel?: PrivacyLevel }): Promise<{ record: ConversationRecord; token: string }> {
    if (init.homeAgency) this.deps.registry.require(init.homeAgency);
    const { conversationId, token, tokenHash } = issueToken();
    const record = await this.deps.log.store.create({ id: conversationId, tokenHash, language: init.language, homeAgency: init.homeAgency, privacyLevel: init.privacyLevel });
    const name = init.homeAgency ? this.deps.registry.displayName(init.homeAgency, init.language) : phrase('publicServices', init.language);
    await this.deps.log.append(conversationId, { type: 'message', from: 'bot', text: phrase('welcome', init.language, { agency: name }) });
    return { record: { ...record, lastSeq: record.lastSeq + 1 }, token };
  }

  /** Route one (already stored) citizen message. Resolves with the decision once replies are appended. */
  handleMessage(conversationId: string, message: IncomingMessage): Promise<Decision | undefined> {
    return this.#queue.run(conversationId, () => this.#turn(conversationId, message));
  }

  requestHuman(conversationId: string, reason: string): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      const record = await this.#require(conversationId);
      await this.#handToHuman(record, record.language, reason);
    });
  }

  /**
   * Close the conversation. What is kept follows the citizen's privacy level: `delete_on_close` keeps the
   * log only a minute (long enough for every open widget to see the closing status), the others for the
   * agency's retention period.
   */
  end(conversationId: string): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      const record = await this.#require(conversationId);
      if (record.state === 'closed') return;
      await this.deps.log.store.update(conversationId, { state: 'closed' });
      await this.deps.log.append(conversationId, { type: 'status', state: 'closed', reason: 'ended' });
      await this.deps.log.append(conversationId, { type: 'message', from: 'system', text: phrase('conversationEnded', record.language) });
      const agency = this.deps.registry.manifest(record.agency ?? record.homeAgency ?? '');
      const keepSeconds = record.privacyLevel === 'delete_on_close' ? 60 : (agency?.privacy.retentionDays ?? 30) * 86_400;
      await this.deps.log.store.expireIn(conversationId, keepSeconds);
    });
  }

  /** The citizen deleted the conversation: forget it now, and tell open widgets (not from the log: it is gone). */
  remove(conversationId: string): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      await this.deps.log.store.delete(conversationId);
      await this.deps.log.bus.publish({ type: 'deleted', conversationId });
    });
  }

  async rate(conversationId: string, rating: { score: number; comment?: string }): Promise<void> {
    const record = await this.deps.log.store.update(conversationId, { rating });
    await this.deps.log.append(conversationId, { type: 'message', from: 'system', text: phrase('thanksForRating', record.language) });
  }

  /** Finished work only: for tests and graceful shutdown. */
  drain(): Promise<void> {
    return this.#queue.drain();
  }

  /**
   * What the router would decide for this text at the start of a conversation, without a conversation:
   * for agencies checking their packs and for anyone asking why. Nothing is stored or logged.
   */
  explain(text: string, languageHint?: Language): RoutingDecision {
    const { candidates, ...decision } = this.#decide(text, languageHint, { state: 'bot', ownerAwaitsReply: false }).decision;
    return decision;
  }

  #decide(text: string, languageHint: Language | undefined, conversation: DecisionInput['conversation'], chosenIntent?: string, current?: Language): { decision: Decision; classification: Classification } {
    // The conversation's language is sticky: a short or unsure message does not switch it (language.ts).
    const guess = stickyLanguage(this.deps.detectLanguage(text, languageHint), text, current);
    const classification = this.#model.classify(text, guess.language);
    return { decision: decide({ classification, language: guess, conversation, chosenIntent, policy: this.#policy, names: this.#names }), classification };
  }

  async #turn(conversationId: string, message: IncomingMessage): Promise<Decision | undefined> {
    const record = await this.#require(conversationId);
    if (record.state === 'closed') return undefined;
    const routerContext = (record.contexts[ROUTER_CONTEXT] ?? {}) as RouterContext;
    const normalised = message.text.trim().toLowerCase();
    const chosenIntent = routerContext.offered?.find((offer) => offer.value.toLowerCase() === normalised)?.intent;
    const ownerContext = record.agency ? record.contexts[record.agency] : undefined;
    const { decision, classification } = this.#decide(
      message.text,
      message.languageHint ?? record.language,
      { state: record.state, agency: record.agency, ownerAwaitsReply: !!ownerContext && Object.keys(ownerContext).length > 0 },
      chosenIntent,
      record.language,
    );
    const log = this.deps.logger.child({ conversationId, agency: decision.agency });
    const { candidates, ...explained } = decision;
    log.info({ decision: explained }, 'routed');

    const language = decision.language;
    const contexts = { ...record.contexts, [ROUTER_CONTEXT]: {} as RouterContext };
    const update = (patch: Partial<ConversationRecord>) => this.deps.log.store.update(conversationId, { language, contexts, ...patch });

    switch (decision.rule) {
      case 'human':
        await update({});
        return decision;
      case 'fallback':
        await this.#say(conversationId, 'system', phrase('fallback', language), [this.#humanChoice(language)], contexts);
        await update({});
        return decision;
      case 'clarify': {
        const choices = (candidates ?? []).map((candidate) => this.#choiceFor(candidate.intent, language));
        await this.#say(conversationId, 'bot', phrase('clarify', language), [...choices, this.#humanChoice(language)], contexts);
        await update({});
        return decision;
      }
      case 'suggest': {
        // "Did you mean…": a pick routes there (offered → chosenIntent); "Something else" falls back with a person.
        // Asking for a person is already the "Talk to a person" choice.
        const choices = (candidates ?? []).filter((c) => c.intent !== `${SHARED_OWNER}/ask_human`).map((c) => this.#choiceFor(c.intent, language));
        const elsewhere = { label: phrase('somethingElse', language), value: phrase('somethingElse', language), intent: OUT_OF_SCOPE };
        await this.#say(conversationId, 'bot', phrase('suggest', language), [...choices, this.#humanChoice(language), elsewhere], contexts);
        await update({});
        return decision;
      }
      case 'shared':
        await update({});
        if (decision.intent === `${SHARED_OWNER}/ask_human`) {
          await this.#handToHuman({ ...record, language }, language, 'the citizen asked for a person');
        } else {
          const reply = this.deps.registry.sharedAnswers.answer(splitIntent(decision.intent ?? '').intent, language, conversationId);
          for (const [index, { text }] of reply.replies.entries()) {
            await this.#say(conversationId, 'bot', text, index === reply.replies.length - 1 ? reply.choices : undefined, contexts);
          }
        }
        return decision;
      default: {
        const outcome = await runBotTurn({ ...this.deps, record: { ...record, contexts }, text: message.text, decision: explained, classification, logger: log });
        if (outcome.failed) {
          const name = this.deps.registry.displayName(outcome.agency, language);
          await this.#say(conversationId, 'system', phrase('agencyUnavailable', language, { agency: name }), [this.#humanChoice(language)], contexts);
        }
        await update({ agency: outcome.agency, contexts: { ...outcome.contexts, [ROUTER_CONTEXT]: contexts[ROUTER_CONTEXT] } });
        if (outcome.toHuman) await this.#handToHuman({ ...record, agency: outcome.agency, language }, language, outcome.toHuman);
        return decision;
      }
    }
  }

  /** Move the conversation to the agency's operator queue, once: the owner CAS makes a repeat a no-op. */
  async #handToHuman(record: ConversationRecord, language: Language, reason: string): Promise<void> {
    const agency = record.agency ?? record.homeAgency;
    const queue = `queue:${agency ?? 'general'}`;
    if (!(await this.deps.log.store.compareAndSetOwner(record.id, 'bot', queue))) return;
    await this.deps.log.store.update(record.id, { state: 'waiting_human' });
    await this.deps.log.append(record.id, { type: 'status', state: 'waiting_human', ...(agency ? { agency } : {}), reason });
    const name = agency ? this.deps.registry.displayName(agency, language) : phrase('publicServices', language);
    await this.deps.log.append(record.id, { type: 'message', from: 'system', text: phrase('waitingForHuman', language, { agency: name }) });
  }

  /** Append a message; remember offered choices so a click routes without guessing. */
  async #say(conversationId: string, from: 'bot' | 'system', text: string, choices: Array<Choice & { intent?: string }> | undefined, contexts: Record<string, unknown>): Promise<void> {
    const offered = (choices ?? []).filter((choice) => choice.intent).map((choice) => ({ value: choice.value, intent: choice.intent as string }));
    if (offered.length) contexts[ROUTER_CONTEXT] = { offered } satisfies RouterContext;
    const plain = choices?.map(({ label, value }) => ({ label, value }));
    await this.deps.log.append(conversationId, { type: 'message', from, text, ...(plain?.length ? { choices: plain } : {}) });
  }

  /** Plain words for decision reasons (English: reasons are read by case workers and logs). */
  readonly #names = {
    agency: (id: string) => (id === SHARED_OWNER ? 'Switchboard itself' : this.deps.registry.displayName(id, 'en')),
    topic: (intent: string) => splitIntent(intent).intent.replace(/_/g, ' '),
  };

  #humanChoice(language: Language): Choice & { intent: string } {
    const label = phrase('talkToPerson', language);
    return { label, value: label, intent: `${SHARED_OWNER}/ask_human` };
  }

  #choiceFor(intent: string, language: Language): Choice & { intent: string } {
    const { owner } = splitIntent(intent);
    const example = this.deps.registry.intentLabel(intent, language) ?? intent;
    // Shared intents (thanks, goodbye, …) belong to no agency: their label is the plain words alone.
    const label = (owner === SHARED_OWNER ? example : `${this.deps.registry.displayName(owner, language)}: ${example}`).slice(0, 120);
    return { label, value: example.slice(0, 500), intent };
  }

  async #require(conversationId: string): Promise<ConversationRecord> {
    const record = await this.deps.log.store.get(conversationId);
    if (!record) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return record;
  }
}
