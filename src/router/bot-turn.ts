import type { BotContext, BotRequest, Choice, ConversationEventBody, RoutingDecision } from '../protocol/index.js';
import type { Classification } from '../nlu/index.js';
import type { ConversationLog, ConversationRecord } from '../conversations/index.js';
import { splitIntent, type AgencyRegistry } from '../agencies/index.js';
import { toSwitchboardError } from '../errors/index.js';
import { redactText } from '../privacy/index.js';
import { phrase } from '../i18n/index.js';
import type { Logger } from '../log/index.js';
import type { Metrics } from '../metrics/index.js';

/** A bot may hand over, the next may hand over again; past this many hops something is looping. */
const MAX_HANDOFFS = 3;

export interface TurnOutcome {
  /** Agency that owns the conversation after the turn. */
  agency: string;
  contexts: Record<string, BotContext>;
  /** The bot failed or timed out; the citizen should be told. */
  failed: boolean;
  /** Set when a bot handed the conversation to a human: the reason. */
  toHuman?: string;
  /** The first bot asked answered `notAnAnswer`: nothing was appended, the router routes the message anew. */
  notAnAnswer?: boolean;
  /** The choices the last bot asked offered with its replies. */
  choices?: Choice[];
}

export interface BotTurnInput {
  registry: AgencyRegistry;
  conversationLog: ConversationLog;
  logger: Logger;
  record: ConversationRecord;
  text: string;
  decision: RoutingDecision;
  classification: Classification;
  /** The next idempotency id for a message this turn appends. */
  replyId: () => string;
  /** `<conversationId>:<seq>` of the citizen message this turn answers (`BotRequest.turn`). */
  turn?: string;
  metrics?: Metrics;
}

/** Ask the agency's bot, append its replies, and follow handoffs to other agencies (with their context). */
export async function runBotTurn(input: BotTurnInput): Promise<TurnOutcome> {
  const { registry, conversationLog, logger, record, decision } = input;
  const contexts = { ...record.contexts } as Record<string, BotContext>;
  let agency = decision.agency ?? record.agency ?? '';
  let intent = localIntent(decision.intent, agency);
  let handoffFrom: BotRequest['handoffFrom'];
  let stepDecision = decision;

  for (let hop = 0; hop <= MAX_HANDOFFS; hop++) {
    const target = registry.get(agency);
    if (!target) {
      logger.warn({ agency }, 'no such agency to route to');
      return { agency: record.agency ?? agency, contexts, failed: true };
    }
    const request: BotRequest = {
      conversationId: record.id,
      agency,
      text: input.text,
      language: decision.language,
      ...(intent ? { intent } : {}),
      decision: stepDecision,
      // A copy: stores may hand out frozen records, and a handler may edit what it is given.
      context: structuredClone(contexts[agency] ?? {}),
      ...(input.turn ? { turn: input.turn } : {}),
      ...(handoffFrom ? { handoffFrom } : {}),
    };
    // Presence is best effort: a notice that cannot be published must not fail (or crash) the turn.
    const setTyping = (active: boolean) => conversationLog.bus.publish({ type: 'typing', conversationId: record.id, from: 'bot', active }).catch(() => undefined);
    const typing = new TypingIndicator(() => setTyping(true));
    const response = await askBot(input, agency, request);
    if (response?.notAnAnswer && hop === 0) {
      if (typing.stop()) await setTyping(false);
      if (response.context !== undefined) contexts[agency] = response.context;
      return { agency, contexts, failed: false, notAnAnswer: true };
    }
    try {
      for (const [index, reply] of (response?.replies ?? []).entries()) {
        const last = index === response!.replies.length - 1;
        const body: ConversationEventBody = { type: 'message', from: 'bot', agency, text: reply.text, language: decision.language, clientId: input.replyId(), ...(last && response!.choices ? { choices: response!.choices } : {}) };
        await conversationLog.append(record.id, body);
      }
    } finally {
      if (typing.stop()) await setTyping(false);
    }
    if (!response) return { agency, contexts, failed: true };
    if (response.context !== undefined) contexts[agency] = response.context;

    const handoff = response.handoff;
    if (!handoff) return { agency, contexts, failed: false, ...(response.choices ? { choices: response.choices } : {}) };
    if (handoff.to === 'human') return { agency, contexts, failed: false, toHuman: handoff.reason };
    if (handoff.agency === agency || !registry.get(handoff.agency)) {
      logger.warn({ from: agency, to: handoff.agency }, 'handoff to an unknown agency or to itself ignored');
      return { agency, contexts, failed: false };
    }
    // The reason is the bot's own free text: it may quote the citizen.
    logger.info({ from: agency, to: handoff.agency, reason: redactText(handoff.reason) }, 'handoff');
    handoffFrom = { agency, reason: handoff.reason, context: handoff.context };
    // Who speaks now must never be a guess: say so in the log the widget shows, under the new agency.
    const name = registry.displayName(handoff.agency, decision.language);
    await conversationLog.append(record.id, { type: 'message', from: 'system', agency: handoff.agency, text: phrase('handedOver', decision.language, { agency: name }), clientId: input.replyId() });
    agency = handoff.agency;
    intent = bestIntentOf(input.classification, agency);
    stepDecision = { ...decision, rule: 'handoff', agency, intent: intent ? `${agency}/${intent}` : undefined, reason: `handed over by ${handoffFrom.agency}: ${handoff.reason}` };
  }
  logger.warn({ agency }, 'handoff chain too long; stopped');
  return { agency, contexts, failed: false };
}

/**
 * "The bot is typing" only when the bot is slow enough for it to mean something: most pack answers come
 * back in well under a millisecond, and two extra frames per turn would cost more than the answer.
 */
const TYPING_AFTER_MS = 300;
class TypingIndicator {
  #shown = false;
  readonly #timer: NodeJS.Timeout;

  constructor(show: () => Promise<void>) {
    this.#timer = setTimeout(() => {
      this.#shown = true;
      void show();
    }, TYPING_AFTER_MS);
  }

  /** Cancel; true when the indicator had been shown and must now be cleared. */
  stop(): boolean {
    clearTimeout(this.#timer);
    return this.#shown;
  }
}

async function askBot(input: BotTurnInput, agency: string, request: BotRequest) {
  const { logger, registry, metrics } = input;
  const started = performance.now();
  try {
    const response = await registry.require(agency).bot.handle(request, { log: logger });
    metrics?.botAnswered(agency, 'ok', (performance.now() - started) / 1_000);
    return response;
  } catch (error) {
    metrics?.botAnswered(agency, 'failed', (performance.now() - started) / 1_000);
    const failure = toSwitchboardError(error, 'SWB_ERR_AGENCY_FAILED');
    logger.warn({ code: failure.code, err: failure }, 'agency bot failed');
    return undefined;
  }
}

function localIntent(qualified: string | undefined, agency: string): string | undefined {
  if (!qualified) return undefined;
  const { owner, intent } = splitIntent(qualified);
  return owner === agency ? intent : undefined;
}

function bestIntentOf(classification: Classification, agency: string): string | undefined {
  const best = classification.ranked.find((prediction) => splitIntent(prediction.intent).owner === agency);
  return best ? splitIntent(best.intent).intent : undefined;
}
