import { OUT_OF_SCOPE, type ConversationState, type RoutingDecision, type ScoredIntent } from '../protocol/index.js';
import type { Classification, LanguageGuess } from '../nlu/index.js';
import { SHARED_OWNER, splitIntent } from '../agencies/index.js';

/** Tuned from data (see docs/NLU.md); the defaults hold until a model brings its own. */
export interface RoutingPolicy {
  /** Below this top score the message is out of scope: fall back. */
  threshold: number;
  /** Top intents of different agencies closer than this ⇒ ask which one. */
  clarifyMargin: number;
}

export interface DecisionInput {
  classification: Classification;
  language: LanguageGuess;
  conversation: {
    state: ConversationState;
    /** Agency that owns the conversation, if any. */
    agency?: string;
    /**
     * The owner's bot has an open form (`context.form`, protocol/agency.ts): it waits for a value the model
     * cannot classify ("2100", "jah"), so an unrecognised message stays with it. The form is no trap: cancel
     * words are checked before this (router.ts), a confident intent elsewhere still leaves (the rules above
     * `stay`), and the bot answers `notAnAnswer` for a message it cannot use, which is then decided again
     * with this false.
     */
    ownerAwaitsReply: boolean;
  };
  /** The citizen picked a choice the router offered last turn: its intent, qualified. */
  chosenIntent?: string;
  policy: RoutingPolicy;
}

/** A decision plus, for `clarify`, the intents to offer (best first). */
export type Decision = RoutingDecision & { candidates?: ScoredIntent[] };

/**
 * The routing rules, as a pure function of the classification and the conversation. Each return states
 * its rule and a reason a person can read; docs/ARCHITECTURE.md lists them in this order.
 */
export function decide(input: DecisionInput): Decision {
  const { classification, conversation, policy } = input;
  const ranked = classification.ranked.map(toScored);
  const best = ranked.find((entry) => entry.owner !== OUT_OF_SCOPE) ?? ranked[0];
  const base = {
    language: input.language.language,
    languageConfidence: clamp(input.language.confidence),
    top: ranked.slice(0, 3),
    // Evidence comes from the pack vocabulary, but digit n-grams could still echo part of an ID code or a
    // phone number the citizen typed: leave them out of anything that is shown or logged.
    evidence: classification.evidence.filter((feature) => !/\d/.test(feature)).slice(0, 10),
  };
  const route = (rule: Decision['rule'], entry: ScoredIntent | undefined, reason: string): Decision => ({
    ...base,
    rule,
    ...(entry && entry.owner !== SHARED_OWNER ? { agency: entry.owner } : {}),
    ...(entry ? { intent: entry.intent } : {}),
    confidence: entry?.score ?? 0,
    reason,
  });

  if (conversation.state === 'waiting_human' || conversation.state === 'with_operator') {
    return { ...route('human', undefined, `the conversation is ${conversation.state.replace('_', ' ')}: no bot answers`), agency: conversation.agency };
  }
  if (input.chosenIntent) {
    const chosen = ranked.find((entry) => entry.intent === input.chosenIntent) ?? toScored({ intent: input.chosenIntent, score: 1 });
    return route(chosen.owner === SHARED_OWNER ? 'shared' : 'route', chosen, 'the citizen picked this from the choices offered');
  }

  const oosWins = ranked[0]?.owner === OUT_OF_SCOPE;
  const confident = !!best && !oosWins && !classification.outOfScope && best.score >= policy.threshold;
  const owner = conversation.agency;

  if (confident && best.owner === SHARED_OWNER) return route('shared', best, `${best.intent} scored ${fmt(best.score)} ≥ threshold ${fmt(policy.threshold)}`);

  if (owner) {
    const ownerBest = ranked.find((entry) => entry.owner === owner);
    const ownerScore = ownerBest?.score ?? 0;
    if (confident && best.owner === owner) return route('stay', best, `follow-up within ${owner}: ${best.intent} scored ${fmt(best.score)}`);
    if (confident && best.score - ownerScore >= policy.clarifyMargin) {
      return route('route', best, `new intent clearly elsewhere: ${best.intent} ${fmt(best.score)} vs ${owner}'s best ${fmt(ownerScore)} (margin ${fmt(policy.clarifyMargin)})`);
    }
    if (confident && ownerBest) {
      return clarify(base, [best, ownerBest], `${best.intent} ${fmt(best.score)} and ${ownerBest.intent} ${fmt(ownerScore)} are within margin ${fmt(policy.clarifyMargin)}`);
    }
    if (conversation.ownerAwaitsReply) {
      return { ...route('stay', undefined, `not recognised (top ${fmt(best?.score ?? 0)}), but ${owner}'s bot is waiting for a reply`), agency: owner };
    }
  }

  if (!confident) {
    const why = oosWins ? 'the out-of-scope class scored highest' : classification.outOfScope ? `out of scope (top ${fmt(best?.score ?? 0)})` : `top score ${fmt(best?.score ?? 0)} < threshold ${fmt(policy.threshold)}`;
    return route('fallback', undefined, why);
  }

  const rival = ranked.find((entry) => isAgency(entry) && entry.owner !== best.owner);
  if (rival && best.score - rival.score < policy.clarifyMargin) {
    return clarify(base, [best, rival], `${best.intent} ${fmt(best.score)} and ${rival.intent} ${fmt(rival.score)} are within margin ${fmt(policy.clarifyMargin)}`);
  }
  return route('route', best, `${best.intent} scored ${fmt(best.score)} ≥ threshold ${fmt(policy.threshold)}${rival ? `, next agency ${fmt(rival.score)}` : ''}`);
}

function clarify(base: Omit<Decision, 'rule' | 'confidence' | 'reason'>, candidates: ScoredIntent[], reason: string): Decision {
  return { ...base, rule: 'clarify', confidence: candidates[0]?.score ?? 0, reason, candidates };
}

const isAgency = (entry: ScoredIntent) => entry.owner !== SHARED_OWNER && entry.owner !== OUT_OF_SCOPE;

function toScored(prediction: { intent: string; score: number }): ScoredIntent {
  if (prediction.intent === OUT_OF_SCOPE) return { intent: OUT_OF_SCOPE, owner: OUT_OF_SCOPE, score: clamp(prediction.score) };
  return { intent: prediction.intent, owner: splitIntent(prediction.intent).owner, score: clamp(prediction.score) };
}

const clamp = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
const fmt = (value: number) => value.toFixed(2);
