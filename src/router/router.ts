import { hasOpenForm, withoutForm, OUT_OF_SCOPE, type BotContext, type Choice, type ContactRequest, type ConversationEvent, type Language, type PrivacyLevel, type RoutingDecision } from '../protocol/index.js';
import type { Classification, IntentModel, LanguageGuess } from '../nlu/index.js';
import { issueToken, type ConversationLog, type ConversationRecord } from '../conversations/index.js';
import { SHARED_OWNER, splitIntent, type AgencyRegistry } from '../agencies/index.js';
import { SwitchboardError } from '../errors/index.js';
import { phrase } from '../i18n/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';
import { decide, type Decision, type DecisionInput, type RoutingPolicy } from './decide.js';
import { KeyedQueue } from './keyed-queue.js';
import { stickyLanguage } from './language.js';
import { runBotTurn } from './bot-turn.js';
import type { HumanHandoff } from './operator-port.js';
import type { AnalyticsRecorder } from './analytics-port.js';
import { cancelLanguages } from './cancel-words.js';

/** The router's own per-conversation memory, kept beside the agencies' contexts. */
const ROUTER_CONTEXT = '_router';
interface RouterContext {
  [key: string]: unknown;
  /** Choices offered last turn, so a click maps straight to its intent. */
  offered?: Array<{ value: string; intent: string }>;
  /** Values of the choices the owner's open form offered last turn: a click on one is its answer, whatever the model says. */
  formChoices?: string[];
  /** A clarification asked last turn (the question and whom it counted for): not picking a choice abandons it. */
  clarifying?: { text: string; agency: string };
}

export interface RouterDeps {
  /** This instance, as the holder of turn leases. */
  instanceId: string;
  /** Turn lease length; default `TURN_LEASE_MS`. */
  turnLeaseMs?: number;
  registry: AgencyRegistry;
  conversationLog: ConversationLog;
  logger: Logger;
  detectLanguage: (text: string, hint?: Language) => LanguageGuess;
  model: IntentModel;
  policy: RoutingPolicy;
  /** Named in every decision (`decision.model`): which packs the model was trained from. */
  modelVersion?: string;
  metrics?: Metrics;
  /** The operator side (queues, opening hours); without it a handover only changes owner and state. */
  handoff?: HumanHandoff;
  /** Counts for the agencies' analytics (docs/ANALYTICS.md); a failure there never fails a turn. */
  analytics?: AnalyticsRecorder;
  /** How long a `delete_on_close` conversation stays after closing, for open widgets to see it end. Default 60. */
  deleteOnCloseAfterSeconds?: number;
}

/** A conversation never closed is still purged: at the latest this long after it began (or its retention, if longer). */
const OPEN_BACKSTOP_SECONDS = 86_400;

/** A citizen message as stored: the turn that answers it is keyed by its `seq`. */
export interface IncomingMessage {
  seq: number;
  text: string;
  languageHint?: Language;
}

/**
 * How long a conversation's turn lease lasts unless renewed. The holder renews it every third of this while
 * it works, so a slow bot never loses it; an instance that died loses it this long after its last renewal,
 * and another instance's sweeper takes the turns over.
 */
export const TURN_LEASE_MS = 6_000;

/**
 * Receives every citizen message after it is stored, decides where it goes (see decide.ts), asks the
 * agency bot, and appends what comes back. One turn per conversation at a time (KeyedQueue here, a turn
 * lease in the store across instances).
 *
 * A turn is owed from the moment its message is stored (`lastCitizenSeq > turnSeq`, written by the append
 * itself) until the turn's last write advances `turnSeq`. `settle` runs whatever is owed, in seq order,
 * wherever it is called: after a post, after a duplicate post, on recovery, or from the sweeper
 * (`turn-sweeper.ts`). Turns are idempotent: every message a turn appends carries an id derived from the
 * citizen message's seq, so a turn re-run after a failure writes nothing it had written already.
 */
export class Router {
  readonly #queue = new KeyedQueue();
  #model: IntentModel;
  #policy: RoutingPolicy;
  #detectLanguage: RouterDeps['detectLanguage'];
  #modelVersion?: string;

  constructor(private readonly deps: RouterDeps) {
    this.#model = deps.model;
    this.#policy = deps.policy;
    this.#detectLanguage = deps.detectLanguage;
    this.#modelVersion = deps.modelVersion;
  }

  /**
   * Swap in a newly trained model (with the language detector trained on the same packs, and its version);
   * turns already running finish with the old one. One synchronous step: no decision mixes old and new.
   */
  useModel(model: IntentModel, policy: RoutingPolicy, with_: { detectLanguage?: RouterDeps['detectLanguage']; version?: string } = {}): void {
    this.#model = model;
    this.#policy = policy;
    if (with_.detectLanguage) this.#detectLanguage = with_.detectLanguage;
    if (with_.version !== undefined) this.#modelVersion = with_.version;
  }

  get modelVersion(): string | undefined {
    return this.#modelVersion;
  }

  get policy(): RoutingPolicy {
    return this.#policy;
  }

  async start(init: { homeAgency?: string; language: Language; privacyLevel?: PrivacyLevel }): Promise<{ record: ConversationRecord; token: string }> {
    if (init.homeAgency) this.deps.registry.require(init.homeAgency);
    const privacyLevel = this.#offeredLevel(init.homeAgency, init.privacyLevel);
    const { conversationId, token, tokenHash } = issueToken();
    const record = await this.deps.conversationLog.store.create({ id: conversationId, tokenHash, language: init.language, homeAgency: init.homeAgency, privacyLevel });
    // Closed or not, no conversation outlives its agency's retention by much: one that is never closed
    // (the citizen walked away) is purged too. Closing sets the deadline its privacy level asks for.
    await this.deps.conversationLog.store.expireIn(conversationId, Math.max(OPEN_BACKSTOP_SECONDS, this.#retentionSeconds(init.homeAgency)));
    const name = init.homeAgency ? this.deps.registry.displayName(init.homeAgency, init.language) : phrase('publicServices', init.language);
    await this.deps.conversationLog.append(conversationId, { type: 'message', from: 'bot', text: phrase('welcome', init.language, { agency: name }) });
    return { record: { ...record, lastSeq: record.lastSeq + 1 }, token };
  }

  /**
   * Run every turn this conversation is owed, in order. Resolves when none is owed here (or another
   * instance holds the lease); rejects when storage fails mid-way — the turn then stays owed.
   */
  settle(conversationId: string): Promise<void> {
    return this.#queue.run(conversationId, () => this.#runOwed(conversationId));
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
      await this.deps.conversationLog.store.update(conversationId, { state: 'closed' });
      await this.deps.conversationLog.append(conversationId, { type: 'status', state: 'closed', reason: 'ended' });
      await this.deps.conversationLog.append(conversationId, { type: 'message', from: 'system', text: phrase('conversationEnded', record.language) });
      const keepSeconds = record.privacyLevel === 'delete_on_close' ? (this.deps.deleteOnCloseAfterSeconds ?? 60) : this.#retentionSeconds(record.agency ?? record.homeAgency);
      await this.deps.conversationLog.store.expireIn(conversationId, keepSeconds);
      await this.deps.handoff?.retain(conversationId, keepSeconds);
      await this.#count(() => this.deps.analytics?.retain(conversationId, keepSeconds));
      this.deps.logger.info({ conversationId, privacyLevel: record.privacyLevel, keepSeconds }, 'conversation closed');
    });
  }

  /** The citizen deleted the conversation: forget it now, and tell open widgets (not from the log: it is gone). */
  remove(conversationId: string): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      await this.deps.conversationLog.store.delete(conversationId);
      await this.deps.conversationLog.bus.publish({ type: 'deleted', conversationId });
      await this.deps.handoff?.forget(conversationId);
      await this.deps.analytics?.forget(conversationId);
      // Without content: the id only, so an audit can see that (and when) an erasure happened.
      this.deps.logger.info({ conversationId }, 'conversation erased');
    });
  }

  rate(conversationId: string, rating: { score: number; comment?: string }): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      const record = await this.deps.conversationLog.store.update(conversationId, { rating });
      const agency = record.agency ?? record.homeAgency ?? SHARED_OWNER;
      await this.#count(() => this.deps.analytics?.rated(agency, rating.score));
      await this.deps.conversationLog.append(conversationId, { type: 'message', from: 'system', text: phrase('thanksForRating', record.language) });
    });
  }

  /** The citizen changed how much is kept; applied when the conversation closes (see `end`). */
  setPrivacy(conversationId: string, privacyLevel: PrivacyLevel): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      const record = await this.#require(conversationId);
      await this.deps.conversationLog.store.update(conversationId, { privacyLevel: this.#offeredLevel(record.homeAgency, privacyLevel) });
    });
  }

  /** A contact request left outside opening hours, for the agency the citizen would have waited for. */
  contactRequest(conversationId: string, request: ContactRequest): Promise<void> {
    return this.#queue.run(conversationId, async () => {
      const record = await this.#require(conversationId);
      const agency = record.agency ?? record.homeAgency;
      if (!agency || !this.deps.handoff) throw new SwitchboardError('SWB_ERR_UNKNOWN_AGENCY', 'no agency takes contact requests for this conversation');
      await this.deps.handoff.contactRequest(conversationId, agency, request);
      const name = this.deps.registry.displayName(agency, record.language);
      await this.deps.conversationLog.append(conversationId, { type: 'message', from: 'system', text: phrase('contactReceived', record.language, { agency: name }) });
    });
  }

  /** Run `work` in the conversation's queue, between turns: operator commands that change who holds it. */
  exclusive<T>(conversationId: string, work: () => Promise<T>): Promise<T> {
    return this.#queue.run(conversationId, work);
  }

  /**
   * The level the citizen chose, if the agency offers it (SWB_ERR_PROTOCOL_INVALID if not); without a
   * choice, the agency's first level — the one its widget shows selected — or, with no agency, the least kept.
   */
  #offeredLevel(homeAgency: string | undefined, chosen: PrivacyLevel | undefined): PrivacyLevel {
    const offered = homeAgency ? this.deps.registry.manifest(homeAgency)?.privacy.levels : undefined;
    if (!chosen) return offered?.[0] ?? 'delete_on_close';
    if (offered && !offered.includes(chosen)) {
      throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', `this agency does not offer the privacy level "${chosen}" (offered: ${offered.join(', ')})`);
    }
    return chosen;
  }

  /** The agency's retention period in seconds (`retentionSeconds`, else `retentionDays`; 30 days without an agency). */
  #retentionSeconds(agencyId: string | undefined): number {
    const privacy = agencyId ? this.deps.registry.manifest(agencyId)?.privacy : undefined;
    return privacy?.retentionSeconds ?? (privacy?.retentionDays ?? 30) * 86_400;
  }

  /** Finished work only: for tests and graceful shutdown. */
  drain(): Promise<void> {
    return this.#queue.drain();
  }

  /**
   * What the router would decide for this text at the start of a conversation, without a conversation:
   * for agencies checking their packs and for anyone asking why. Nothing is stored or logged.
   */
  explain(text: string, languageHint?: Language, record?: ConversationRecord): RoutingDecision {
    // With a conversation (its owner asked, with its token): the decision as its next turn would make it,
    // so `stay` and an open form are explained too. Nothing is stored either way.
    const { conversation, chosenIntent } = record ? turnInput(record, text) : { conversation: { state: 'bot' as const, ownerAwaitsReply: false }, chosenIntent: undefined };
    const { candidates, ...decision } = this.#decide(text, languageHint ?? record?.language, conversation, chosenIntent, record?.language).decision;
    return decision;
  }

  #decide(text: string, languageHint: Language | undefined, conversation: DecisionInput['conversation'], chosenIntent?: string, current?: Language): { decision: Decision; classification: Classification } {
    const started = performance.now();
    // The conversation's language is sticky: a short or unsure message does not switch it (language.ts).
    const guess = stickyLanguage(this.#detectLanguage(text, languageHint), text, current);
    const classification = this.#model.classify(text, guess.language);
    this.deps.metrics?.classified((performance.now() - started) / 1_000);
    const decision = decide({ classification, language: guess, conversation, chosenIntent, policy: this.#policy, names: this.#names });
    return { decision: this.#modelVersion ? { ...decision, model: this.#modelVersion } : decision, classification };
  }

  async #runOwed(conversationId: string): Promise<void> {
    const store = this.deps.conversationLog.store;
    let record = await store.get(conversationId);
    if (!record || record.lastCitizenSeq <= record.turnSeq) return;
    const holder = this.deps.instanceId;
    const leaseMs = this.deps.turnLeaseMs ?? TURN_LEASE_MS;
    if (!(await store.acquireTurnLease(conversationId, holder, leaseMs))) return;
    const renewal = setInterval(() => void store.acquireTurnLease(conversationId, holder, leaseMs).catch(() => undefined), leaseMs / 3);
    try {
      while (record.lastCitizenSeq > record.turnSeq) {
        const message = await this.#nextCitizenMessage(conversationId, record.turnSeq);
        if (!message) {
          // The log has no such message (it cannot, unless edited by hand): nothing to answer, nothing owed.
          record = await store.update(conversationId, { turnSeq: record.lastCitizenSeq });
          break;
        }
        const incoming: IncomingMessage = { seq: message.seq, text: message.text, ...(message.language ? { languageHint: message.language } : {}) };
        record = record.state === 'closed' ? await store.update(conversationId, { turnSeq: message.seq }) : await this.#turn(record, incoming);
      }
    } finally {
      clearInterval(renewal);
      // Expires by itself if this fails: storage is what just failed, most likely.
      await store.releaseTurnLease(conversationId, holder).catch(() => undefined);
    }
  }

  async #nextCitizenMessage(conversationId: string, afterSeq: number): Promise<(ConversationEvent & { type: 'message' }) | undefined> {
    const page = 200;
    for (let after = afterSeq; ; ) {
      const events = await this.deps.conversationLog.store.eventsAfter(conversationId, after, page);
      const found = events.find((event) => event.type === 'message' && event.from === 'citizen');
      if (found) return found as ConversationEvent & { type: 'message' };
      if (events.length < page) return undefined;
      after = events[events.length - 1].seq;
    }
  }

  /** One citizen message's turn; its last write advances `turnSeq` and returns the record after it. */
  async #turn(record: ConversationRecord, message: IncomingMessage): Promise<ConversationRecord> {
    const conversationId = record.id;
    const replyId = replyIds(message.seq);
    const { routerContext, normalised, chosenIntent, conversation } = turnInput(record, message.text);
    const formOpen = conversation.ownerAwaitsReply;
    let { decision, classification } = this.#decide(message.text, message.languageHint ?? record.language, conversation, chosenIntent, record.language);
    // Cancel words are checked before the model's answer counts: a form must be easy to leave (see cancel-words.ts).
    if (formOpen && !chosenIntent && decision.rule !== 'human' && routerContext.formChoices?.some((value) => value.toLowerCase() === normalised)) {
      decision = { ...decision, rule: 'stay', agency: record.agency, intent: undefined, candidates: undefined, reason: `the citizen picked one of the choices ${record.agency}'s form offered` };
    }
    const cancelIn = formOpen && !chosenIntent && decision.rule !== 'human' ? cancelLanguages(message.text) : undefined;
    if (cancelIn) {
      const language = [record.language, decision.language].find((candidate) => cancelIn.includes(candidate)) ?? cancelIn[0];
      decision = { ...decision, rule: 'cancel', language, agency: record.agency, intent: undefined, candidates: undefined, reason: `a cancel word while ${record.agency}'s form was open: the form ends` };
    }
    const log = this.deps.logger.child({ conversationId, agency: decision.agency });
    const { candidates: _logged, ...explained } = decision;
    log.info({ decision: explained }, 'routed');
    this.deps.metrics?.decision(decision.rule, decision.agency);
    await this.deps.handoff?.decided(conversationId, explained);
    await this.#countTurn(record, message, decision, chosenIntent, routerContext);

    const language = decision.language;
    const contexts = { ...record.contexts, [ROUTER_CONTEXT]: {} as RouterContext };
    // The turn's last write: everything it changes, and the mark that it is done.
    const finish = (patch: Partial<ConversationRecord> = {}) =>
      this.deps.conversationLog.store.update(conversationId, { language, contexts, ...patch, turnSeq: message.seq });
    return this.#act({ record, message, language, contexts, classification, log, replyId, finish }, decision, false);
  }

  /**
   * Carry out a decision. An open form of the agency that owned the conversation ends here unless this
   * message goes to that agency's own bot (which then decides about its form): a later question to that
   * agency must not be read as the answer to an old prompt (issue 24 item 6).
   */
  async #act(turn: TurnScope, decision: Decision, escaped: boolean): Promise<ConversationRecord> {
    const { record, language, contexts, replyId, finish } = turn;
    const conversationId = record.id;
    const previous = record.agency;
    if (previous && decision.rule !== 'human' && !((decision.rule === 'stay' || decision.rule === 'route') && (decision.agency ?? previous) === previous)) {
      endForm(contexts, previous);
    }
    const { candidates, ...explained } = decision;

    switch (decision.rule) {
      case 'human':
        return finish();
      case 'cancel':
        await this.deps.conversationLog.append(conversationId, { type: 'message', from: 'bot', ...(previous ? { agency: previous } : {}), text: phrase('formCancelled', language), clientId: replyId() });
        return finish();
      case 'fallback':
        await this.#say(conversationId, replyId(), 'system', phrase('fallback', language), [this.#humanChoice(language)], contexts, language);
        return finish();
      case 'clarify': {
        const choices = (candidates ?? []).map((candidate) => this.#choiceFor(candidate.intent, language));
        await this.#say(conversationId, replyId(), 'bot', phrase('clarify', language), [...choices, this.#humanChoice(language)], contexts, language);
        this.#clarifying(turn, contexts);
        return finish();
      }
      case 'suggest': {
        // "Did you mean…": a pick routes there (offered → chosenIntent); "Something else" falls back with a person.
        // Asking for a person is already the "Talk to a person" choice.
        const choices = (candidates ?? []).filter((c) => c.intent !== `${SHARED_OWNER}/ask_human`).map((c) => this.#choiceFor(c.intent, language));
        const elsewhere = { label: phrase('somethingElse', language), value: phrase('somethingElse', language), intent: OUT_OF_SCOPE };
        await this.#say(conversationId, replyId(), 'bot', phrase('suggest', language), [...choices, this.#humanChoice(language), elsewhere], contexts, language);
        this.#clarifying(turn, contexts);
        return finish();
      }
      case 'shared':
        if (decision.intent === `${SHARED_OWNER}/ask_human`) {
          await this.#handToHuman({ ...record, language }, language, 'the citizen asked for a person', replyId());
        } else {
          const reply = this.deps.registry.sharedAnswers.answer(splitIntent(decision.intent ?? '').intent, language, conversationId);
          for (const [index, { text }] of reply.replies.entries()) {
            await this.#say(conversationId, replyId(), 'bot', text, index === reply.replies.length - 1 ? reply.choices : undefined, contexts, language);
          }
        }
        return finish();
      default: {
        const outcome = await runBotTurn({ ...this.deps, record: { ...record, contexts }, text: turn.message.text, decision: explained, classification: turn.classification, logger: turn.log, replyId, turn: `${conversationId}:${turn.message.seq}` });
        if (outcome.notAnAnswer && !escaped) {
          // The owner's form said this was no answer to its question: route the message as if no form were open.
          const owner = outcome.agency;
          contexts[owner] = outcome.contexts[owner] ?? {};
          endForm(contexts, owner);
          const conversation = { state: record.state, agency: record.agency, ownerAwaitsReply: false };
          const { decision: anew } = this.#decide(turn.message.text, turn.message.languageHint ?? record.language, conversation, undefined, record.language);
          const rerouted = { ...anew, reason: `${owner}'s form took this for no answer; ${anew.reason}` };
          const { candidates: _logged, ...logged } = rerouted;
          turn.log.info({ decision: logged }, 'routed');
          return this.#act(turn, rerouted, true);
        }
        if (outcome.failed) {
          const name = this.deps.registry.displayName(outcome.agency, language);
          await this.#say(conversationId, replyId(), 'system', phrase('agencyUnavailable', language, { agency: name }), [this.#humanChoice(language)], contexts, language);
        }
        if (outcome.toHuman) await this.#handToHuman({ ...record, agency: outcome.agency, language }, language, outcome.toHuman, replyId());
        // A form's own buttons ("Yes" / "Not yet") must reach the form even if the model puts their text elsewhere.
        const formChoices = hasOpenForm(outcome.contexts[outcome.agency]) ? outcome.choices?.map((choice) => choice.value) : undefined;
        const router = formChoices?.length ? { ...contexts[ROUTER_CONTEXT], formChoices } : contexts[ROUTER_CONTEXT];
        return finish({ agency: outcome.agency, contexts: { ...outcome.contexts, [ROUTER_CONTEXT]: router } });
      }
    }
  }

  /**
   * Move the conversation to the agency's operator queue, once: the owner CAS makes a repeat a no-op.
   * Outside the agency's opening hours nothing moves: the citizen is told at once and may leave a contact request.
   */
  async #handToHuman(record: ConversationRecord, language: Language, reason: string, id?: string): Promise<void> {
    const agency = record.agency ?? record.homeAgency;
    const queue = `queue:${agency ?? 'general'}`;
    const name = agency ? this.deps.registry.displayName(agency, language) : phrase('publicServices', language);
    if (agency && this.deps.handoff && !this.deps.handoff.isOpen(agency)) {
      await this.deps.conversationLog.append(record.id, { type: 'message', from: 'system', text: phrase('outsideHours', language, { agency: name }), agency, offer: 'contact_request', ...(id ? { clientId: id } : {}) });
      return;
    }
    if (!(await this.deps.conversationLog.store.compareAndSetOwner(record.id, 'bot', queue))) return;
    await this.deps.conversationLog.store.update(record.id, { state: 'waiting_human' });
    const queued = agency ? await this.deps.handoff?.queued({ id: record.id, agency, language, reason }) : undefined;
    const queuePosition = queued ? { queuePosition: queued.position } : {};
    if (agency) await this.#count(() => this.deps.analytics?.handedOver(agency));
    await this.deps.conversationLog.append(record.id, { type: 'status', state: 'waiting_human', ...(agency ? { agency } : {}), ...queuePosition, reason });
    const place = queued ? ` ${phrase('queuePosition', language, { n: String(queued.position) })}` : '';
    await this.deps.conversationLog.append(record.id, { type: 'message', from: 'system', text: phrase('waitingForHuman', language, { agency: name }) + place, ...(id ? { clientId: id } : {}) });
  }

  /**
   * Analytics for one turn: the message counts for the agency the decision names (route, stay, …), else the
   * conversation's owner or home agency (a fallback or clarification in a tax widget is the tax office's).
   * A clarification left unanswered last turn is an unplaced question now.
   */
  async #countTurn(record: ConversationRecord, message: IncomingMessage, decision: Decision, chosenIntent: string | undefined, routerContext: RouterContext): Promise<void> {
    const analytics = this.deps.analytics;
    if (!analytics) return;
    const own = decision.agency && decision.agency !== SHARED_OWNER && ['route', 'stay', 'cancel', 'handoff', 'human'].includes(decision.rule);
    const agency = (own ? decision.agency : undefined) ?? record.agency ?? record.homeAgency ?? decision.agency ?? SHARED_OWNER;
    const base = { conversationId: record.id, language: decision.language, privacyLevel: record.privacyLevel };
    const pending = routerContext.clarifying;
    if (pending && (chosenIntent === undefined || chosenIntent === OUT_OF_SCOPE)) await this.#count(() => analytics.clarificationAbandoned({ ...base, agency: pending.agency, text: pending.text }));
    // A click on "Something else" is no question of its own: the abandoned clarification above is.
    const unplacedText = decision.rule === 'fallback' && chosenIntent !== OUT_OF_SCOPE ? message.text : undefined;
    await this.#count(() => analytics.turn({ ...base, agency, rule: decision.rule, ...(decision.intent ? { intent: decision.intent } : {}), ...(unplacedText !== undefined ? { unplacedText } : {}) }));
  }

  /** Remember this turn's question while its clarification is open (in the router's context of the conversation). */
  #clarifying(turn: TurnScope, contexts: Record<string, BotContext>): void {
    const agency = turn.record.agency ?? turn.record.homeAgency ?? SHARED_OWNER;
    contexts[ROUTER_CONTEXT] = { ...(contexts[ROUTER_CONTEXT] as RouterContext), clarifying: { text: turn.message.text, agency } };
  }

  async #count(work: () => Promise<void> | undefined): Promise<void> {
    try {
      await work();
    } catch (error) {
      this.deps.logger.warn({ err: error }, 'analytics not recorded');
    }
  }

  /** Append a message (idempotently, under `id`); remember offered choices so a click routes without guessing. */
  async #say(conversationId: string, id: string, from: 'bot' | 'system', text: string, choices: Array<Choice & { intent?: string }> | undefined, contexts: Record<string, unknown>, language?: Language): Promise<void> {
    const offered = (choices ?? []).filter((choice) => choice.intent).map((choice) => ({ value: choice.value, intent: choice.intent as string }));
    if (offered.length) contexts[ROUTER_CONTEXT] = { offered } satisfies RouterContext;
    const plain = choices?.map(({ label, value }) => ({ label, value }));
    await this.deps.conversationLog.append(conversationId, { type: 'message', from, text, clientId: id, ...(language ? { language } : {}), ...(plain?.length ? { choices: plain } : {}) });
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
    const record = await this.deps.conversationLog.store.get(conversationId);
    if (!record) throw new SwitchboardError('SWB_ERR_CONVERSATION_NOT_FOUND');
    return record;
  }
}

/**
 * What a turn (or `explain` with a conversation) decides from: the conversation's state and open form, the
 * router's own context, and the intent of a choice offered last turn when the text is one.
 */
function turnInput(record: ConversationRecord, text: string) {
  const routerContext = (record.contexts[ROUTER_CONTEXT] ?? {}) as RouterContext;
  const normalised = text.trim().toLowerCase();
  const chosenIntent = routerContext.offered?.find((offer) => offer.value.toLowerCase() === normalised)?.intent;
  const conversation: DecisionInput['conversation'] = { state: record.state, agency: record.agency, ownerAwaitsReply: !!record.agency && hasOpenForm(record.contexts[record.agency]) };
  return { routerContext, normalised, chosenIntent, conversation };
}

/**
 * Ids for the messages one turn appends: `turn:<citizen seq>:<n>`. The store's append is idempotent on
 * them, so a turn run again after a failure re-appends nothing. `:` cannot occur in a widget's clientId
 * (protocol/client-frames.ts), so a citizen cannot claim a reply's id.
 */
function replyIds(seq: number): () => string {
  let next = 0;
  return () => `turn:${seq}:${next++}`;
}

/** What one turn carries from deciding to acting (see `#act`). */
interface TurnScope {
  record: ConversationRecord;
  message: IncomingMessage;
  language: Language;
  /** The contexts the turn will write; `#say` and `endForm` edit them in place. */
  contexts: Record<string, BotContext>;
  classification: Classification;
  log: Logger;
  replyId: () => string;
  finish: (patch?: Partial<ConversationRecord>) => Promise<ConversationRecord>;
}

/** Close an agency's open form (see `FORM_KEY` in protocol/agency.ts), keeping the rest of its context. */
function endForm(contexts: Record<string, BotContext>, agency: string): void {
  const context = contexts[agency];
  if (context && hasOpenForm(context)) contexts[agency] = withoutForm(context);
}
