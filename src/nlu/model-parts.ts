/**
 * What a trained model is made of, as plain data: the models (model.ts, ensemble.ts) are built from these and
 * serialize.ts writes them, so serialization needs no model class (no import cycle model ⇄ serialize).
 */
import type { Vectorizer } from './features.js';
import type { MlpWeights } from './mlp.js';
import type { LinearWeights } from './softmax.js';

export interface LinearModelParts {
  /** Every class the model scores, `oos` included when it was trained with out-of-scope examples. */
  classes: readonly string[];
  vectorizer: Vectorizer;
  weights: LinearWeights;
  temperature: number;
  threshold: number;
  clarifyMargin: number;
  /** Provenance stored with the model: seed, options, held-out figures. */
  meta: Record<string, unknown>;
}

/** One scorer over the shared TF-IDF vector, with its own temperature (fitted on held-out data). */
export type Member =
  | { type: 'linear'; weights: LinearWeights; temperature: number }
  | { type: 'mlp'; weights: MlpWeights; temperature: number };

export interface EnsembleModelParts {
  /** Every class the model scores, `oos` included when it was trained with out-of-scope examples. */
  classes: readonly string[];
  vectorizer: Vectorizer;
  /** One member (kind `mlp`) or several (kind `ensemble`); scores are the mean of their calibrated probabilities. */
  members: readonly Member[];
  threshold: number;
  clarifyMargin: number;
  meta: Record<string, unknown>;
}
