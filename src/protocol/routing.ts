import { z } from 'zod';
import { Language } from './common.js';

/** The class name of "no agency answers this", in training data, models and decisions. */
export const OUT_OF_SCOPE = 'oos';

export const ScoredIntent = z.object({
  /** Qualified name, `<owner>/<intent>`. */
  intent: z.string(),
  /** Agency id, or `shared` for the router's own packs (greeting, thanks, …). */
  owner: z.string(),
  score: z.number().min(0).max(1),
});
export type ScoredIntent = z.infer<typeof ScoredIntent>;

/**
 * The rule the router applied. Stable strings: dashboards and tests key on them.
 * - route:     top intent confident, handed to its owner
 * - stay:      follow-up kept with the agency that owns the conversation
 * - clarify:   top intents of different owners too close, the citizen picks
 * - suggest:   top score between the suggestion floor and the threshold: "Did you mean…" with the best 1-3
 * - fallback:  below the confidence threshold (or out of scope): say so, offer a human
 * - shared:    a shared intent (greeting, thanks, ask-for-human, …) the router answers itself
 * - handoff:   an agency bot passed the conversation to another agency
 * - human:     the conversation is with (or waiting for) an operator; no bot is asked
 * - cancel:    a form was open and the citizen said a cancel word ("stopp", "отмена"): the form ends
 */
export const RoutingRule = z.enum(['route', 'stay', 'clarify', 'suggest', 'fallback', 'shared', 'handoff', 'human', 'cancel']);
export type RoutingRule = z.infer<typeof RoutingRule>;

export const RoutingDecision = z.object({
  rule: RoutingRule,
  language: Language,
  languageConfidence: z.number().min(0).max(1),
  /** Agency that gets the message, when there is one. */
  agency: z.string().optional(),
  intent: z.string().optional(),
  confidence: z.number().min(0).max(1),
  /** Top three intents with calibrated scores, best first. */
  top: z.array(ScoredIntent).max(3),
  /** Features that weighed most for the top intent (n-grams), for explanations. */
  evidence: z.array(z.string()).max(10).default([]),
  /** One sentence a human can read: why this rule fired. */
  reason: z.string(),
  /** The model that decided: `r<network revision>.<hash of its training data>` (docs/AGENCIES.md). */
  model: z.string().optional(),
});
export type RoutingDecision = z.infer<typeof RoutingDecision>;
