import type { IntentModel } from '../nlu/index.js';
import type { RoutingPolicy } from './decide.js';

/**
 * The model tunes its margin for "is the top intent right?". The router asks a different question,
 * "which agency?", where a wrong guess sends the citizen to the wrong authority and a clarifying question
 * costs one click: so it clarifies at least this close between agencies.
 */
export const MIN_AGENCY_CLARIFY_MARGIN = 0.25;

/** The routing policy a trained model implies: its tuned threshold, and a clarify margin no lower than the floor. */
export function policyOf(model: IntentModel): RoutingPolicy {
  return { threshold: model.threshold, clarifyMargin: Math.max(model.clarifyMargin ?? 0, MIN_AGENCY_CLARIFY_MARGIN) };
}
