import type { IntentModel } from '../nlu/index.js';
import type { RoutingPolicy } from './decide.js';

/**
 * The model tunes its margin for "is the top intent right?". The router asks a different question,
 * "which agency?", where a wrong guess sends the citizen to the wrong authority and a clarifying question
 * costs one click: so it clarifies at least this close between agencies.
 */
export const MIN_AGENCY_CLARIFY_MARGIN = 0.25;

/**
 * The suggestion band's lower bound as a share of the model's threshold: a top score in
 * [SUGGEST_FLOOR_SHARE × threshold, threshold) gets "Did you mean…". Chosen on the paraphrase and dialogue sets
 * (docs/NLU.md, "Suggestion floor"): right answers among the suggestions against near-domain out-of-scope
 * questions that get suggestions.
 */
export const SUGGEST_FLOOR_SHARE = 0.5;

/**
 * A second agency whose best intent scores at least this is plausible enough to ask, however confident the top
 * one is. Tuned on the dialogue set (docs/NLU.md, "Dialogues"): the lowest value whose false clarify rate on the
 * clear questions stays within 2% (the rate before this rule), which asks on ~1 in 3 ambiguous questions where
 * the margin rule alone asked on none. Lower values ask more (0.02: 49% / 4.1% false).
 */
export const CLARIFY_RIVAL = 0.05;

/** The routing policy a trained model implies: its tuned threshold, and a clarify margin no lower than the floor. */
export function policyOf(model: IntentModel): RoutingPolicy {
  return {
    threshold: model.threshold,
    clarifyMargin: Math.max(model.clarifyMargin ?? 0, MIN_AGENCY_CLARIFY_MARGIN),
    suggestFloor: round(model.threshold * SUGGEST_FLOOR_SHARE),
    clarifyRival: CLARIFY_RIVAL,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;
