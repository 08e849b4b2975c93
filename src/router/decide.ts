import { OUT_OF_SCOPE, type ConversationState, type RoutingDecision, type ScoredIntent } from '../protocol/index.js';
import type { Classification, LanguageGuess } from '../nlu/index.js';
import { SHARED_OWNER, splitIntent } from '../agencies/index.js';
import { containsPii } from '../privacy/index.js';

/** Tuned from data (see docs/NLU.md); the defaults hold until a model brings its own. */
export interface RoutingPolicy {
  /** Below this top score the message is out of scope: fall back. */
  threshold: number;
  /** Top intents of different agencies closer than this ⇒ ask which one. */
  clarifyMargin: number;
  /**
   * Lower bound of the suggestion band: a top score in [suggestFloor, threshold) gets "Did you mean…" with the
   * best 1-3 intents instead of a fallback. Absent (or ≥ threshold): no band, below the threshold falls back.
   */
  suggestFloor?: number;
  /**
   * Another agency is plausible when its best intent scores at least this, however far below the top: then the
   * router asks too (beside the margin rule). Absent: the margin rule alone.
   */
  clarifyRival?: number;
}

/** How many intents a suggestion offers at most, and how far under the best a further one may score. */
export const MAX_SUGGESTIONS = 3;
const SUGGESTION_SHARE = 0.35;

/** Plain words for the reason sentence; the router passes the registry's names, tests may omit them. */
export interface DecisionNames {
  agency(id: string): string;
  topic(intent: string): string;
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
  names?: DecisionNames;
}

/** A decision plus, for `clarify` and `suggest`, the intents to offer (best first). */
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
    evidence: classification.evidence.filter((feature) => !/\d/.test(feature) && !containsPii(feature)).slice(0, 10),
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
  if (input.chosenIntent === OUT_OF_SCOPE) return route('fallback', undefined, 'None of the suggestions fitted ("Something else"); said so and offered a person.');
  if (input.chosenIntent) {
    const chosen = ranked.find((entry) => entry.intent === input.chosenIntent) ?? toScored({ intent: input.chosenIntent, score: 1 });
    return route(chosen.owner === SHARED_OWNER ? 'shared' : 'route', chosen, 'the citizen picked this from the choices offered');
  }

  const oosWins = ranked[0]?.owner === OUT_OF_SCOPE;
  const confident = !!best && !oosWins && !classification.outOfScope && best.score >= policy.threshold;
  if (confident && best.owner === SHARED_OWNER) return route('shared', best, `${best.intent} scored ${fmt(best.score)} ≥ threshold ${fmt(policy.threshold)}`);

  const step: Step = { input, ranked, best, base, route, names: input.names ?? PLAIN_NAMES, oosWins, confident };
  return withOwner(step) ?? (confident ? amongAgencies(step) : unsure(step));
}

/** What every rule after the first few needs: the ranking, the shape of a decision, and how sure the model is. */
interface Step {
  input: DecisionInput;
  ranked: ScoredIntent[];
  best: ScoredIntent;
  base: Omit<Decision, 'rule' | 'confidence' | 'reason'>;
  route: (rule: Decision['rule'], entry: ScoredIntent | undefined, reason: string) => Decision;
  names: DecisionNames;
  oosWins: boolean;
  confident: boolean;
}

/** A conversation some agency owns: stay with it, move on clearly, ask when close, or keep an open form. */
function withOwner({ input, ranked, best, base, route, names, confident }: Step): Decision | undefined {
  const owner = input.conversation.agency;
  if (!owner) return undefined;
  const { policy } = input;
  const ownerBest = ranked.find((entry) => entry.owner === owner);
  const ownerScore = ownerBest?.score ?? 0;
  if (confident && best.owner === owner) return route('stay', best, `follow-up within ${owner}: ${best.intent} scored ${fmt(best.score)}`);
  if (confident && best.score - ownerScore >= policy.clarifyMargin) {
    return route('route', best, `new intent clearly elsewhere: ${best.intent} ${fmt(best.score)} vs ${owner}'s best ${fmt(ownerScore)} (margin ${fmt(policy.clarifyMargin)})`);
  }
  if (confident && ownerBest) {
    return clarify(
      base,
      [best, ownerBest],
      `Both ${names.agency(best.owner)} (${names.topic(best.intent)}, ${fmt(best.score)}) and ${names.agency(owner)} (${names.topic(ownerBest.intent)}, ${fmt(ownerScore)}) could handle this, within margin ${fmt(policy.clarifyMargin)}; asked the citizen which one.`,
    );
  }
  if (input.conversation.ownerAwaitsReply) {
    return { ...route('stay', undefined, `not recognised (top ${fmt(best?.score ?? 0)}), but ${owner}'s bot is waiting for a reply`), agency: owner };
  }
  return undefined;
}

/** Under the threshold: "Did you mean…" in the middle band, a plain fallback below it or when nothing fits. */
function unsure({ input, ranked, best, base, route, names, oosWins }: Step): Decision {
  const { policy, classification } = input;
  const top = best?.score ?? 0;
  const floor = policy.suggestFloor ?? policy.threshold;
  // Middle band: no guess, but the likeliest intents (shared ones too: "thanks" at 0.3 is better offered than
  // answered with "I can't answer that") as choices. Never when the out-of-scope class wins.
  // The model may flag a message it scores above the threshold (no known feature at all): no band then.
  const flagged = classification.outOfScope && top >= policy.threshold;
  const suggestions = oosWins || flagged || top < floor ? [] : ranked.filter((entry) => entry.owner !== OUT_OF_SCOPE && entry.score >= floor && entry.score >= top * SUGGESTION_SHARE).slice(0, MAX_SUGGESTIONS);
  if (suggestions.length > 0) {
    const listed = suggestions.map((entry) => `${names.topic(entry.intent)} (${names.agency(entry.owner)}, ${fmt(entry.score)})`).join(', ');
    return { ...base, rule: 'suggest', confidence: suggestions[0].score, candidates: suggestions, reason: `Not sure enough to route (top ${fmt(top)}, threshold ${fmt(policy.threshold)}); asked whether the citizen meant ${listed}.` };
  }
  const why = oosWins
    ? 'The out-of-scope class scored highest: no agency answers this; said so and offered a person.'
    : flagged
      ? `The model marked this out of scope (top ${fmt(top)}); said so and offered a person.`
      : `Nothing scored high enough (top ${fmt(top)} < ${top < floor && floor < policy.threshold ? `suggestion floor ${fmt(floor)}` : `threshold ${fmt(policy.threshold)}`}); said so and offered a person.`;
  return route('fallback', undefined, why);
}

/** Confident, no owner to prefer: route, unless a second agency is close or plausible enough to ask. */
function amongAgencies({ input, ranked, best, base, route, names }: Step): Decision {
  const { policy } = input;
  const rival = ranked.find((entry) => isAgency(entry) && entry.owner !== best.owner);
  const plausible = rival !== undefined && policy.clarifyRival !== undefined && rival.score >= policy.clarifyRival;
  if (rival && best.owner !== SHARED_OWNER && (best.score - rival.score < policy.clarifyMargin || plausible)) {
    return clarify(
      base,
      [best, rival],
      `Both ${names.agency(best.owner)} (${names.topic(best.intent)}, ${fmt(best.score)}) and ${names.agency(rival.owner)} (${names.topic(rival.intent)}, ${fmt(rival.score)}) could handle this (${best.score - rival.score < policy.clarifyMargin ? `within margin ${fmt(policy.clarifyMargin)}` : `the second scored ≥ ${fmt(policy.clarifyRival ?? 0)}`}); asked the citizen which one.`,
    );
  }
  return route(
    'route',
    best,
    `Routed to ${names.agency(best.owner)} (${names.topic(best.intent)}): scored ${fmt(best.score)} ≥ threshold ${fmt(policy.threshold)}${rival ? `, next agency ${fmt(rival.score)}` : ''}.`,
  );
}

function clarify(base: Omit<Decision, 'rule' | 'confidence' | 'reason'>, candidates: ScoredIntent[], reason: string): Decision {
  return { ...base, rule: 'clarify', confidence: candidates[0]?.score ?? 0, reason, candidates };
}

/** Without the registry's names: agency ids and intent names in words ("moving_abroad_documents" → "moving abroad documents"). */
const PLAIN_NAMES: DecisionNames = { agency: (id) => id, topic: (intent) => splitIntent(intent).intent.replace(/_/g, ' ') };

const isAgency = (entry: ScoredIntent) => entry.owner !== SHARED_OWNER && entry.owner !== OUT_OF_SCOPE;

function toScored(prediction: { intent: string; score: number }): ScoredIntent {
  if (prediction.intent === OUT_OF_SCOPE) return { intent: OUT_OF_SCOPE, owner: OUT_OF_SCOPE, score: clamp(prediction.score) };
  return { intent: prediction.intent, owner: splitIntent(prediction.intent).owner, score: clamp(prediction.score) };
}

const clamp = (value: number) => Math.min(1, Math.max(0, Number.isFinite(value) ? value : 0));
const fmt = (value: number) => value.toFixed(2);
