import type { Language } from '../protocol/index.js';
import type { FeatureConfig } from './features.js';
import { Vectorizer } from './features.js';
import { detectLanguage } from './language.js';
import { logits, softmax, type LinearWeights } from './softmax.js';
import { serializeModel } from './serialize.js';
import { decide, isOutOfScope } from './tune.js';
import type { Classification, IntentModel, IntentPrediction } from './types.js';

/** The class name of explicit out-of-scope examples. */
export const OOS = 'oos';

const EVIDENCE = 5;

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

/**
 * TF-IDF (stemmed words + character n-grams) → softmax regression → temperature-calibrated scores.
 * Immutable after construction; `classify` allocates only its result and one small scratch array.
 */
export class LinearIntentModel implements IntentModel {
  readonly intents: readonly string[];
  readonly classes: readonly string[];
  readonly threshold: number;
  /** Router hint: clarify when top-1 minus top-2 score is below this (tuned on held-out data, 0 = never). */
  readonly clarifyMargin: number;
  readonly temperature: number;
  readonly vectorizer: Vectorizer;
  readonly weights: LinearWeights;
  readonly meta: Record<string, unknown>;
  private readonly oosClass: number;

  constructor(parts: LinearModelParts) {
    this.classes = parts.classes;
    this.intents = parts.classes.filter((name) => name !== OOS);
    this.oosClass = parts.classes.indexOf(OOS);
    this.vectorizer = parts.vectorizer;
    this.weights = parts.weights;
    this.temperature = parts.temperature;
    this.threshold = parts.threshold;
    this.clarifyMargin = parts.clarifyMargin;
    this.meta = parts.meta;
  }

  get featureConfig(): FeatureConfig {
    return this.vectorizer.config;
  }

  /** Calibrated probabilities over `classes` (the `oos` class included). */
  probabilities(text: string, language: Language): Float64Array {
    return softmax(logits(this.weights, this.vectorizer.transform(text, language)), this.temperature);
  }

  classify(text: string, language?: Language): Classification {
    const lang = language ?? detectLanguage(text).language;
    const x = this.vectorizer.transform(text, lang);
    const probs = softmax(logits(this.weights, x), this.temperature);
    // Classes are sorted by name, so ties in score fall back to name order.
    const order: number[] = [];
    for (let k = 0; k < probs.length; k++) if (k !== this.oosClass) order.push(k);
    order.sort((a, b) => probs[b] - probs[a] || a - b);
    const ranked: IntentPrediction[] = order.map((k) => ({ intent: this.classes[k], score: probs[k] }));
    const d = decide(probs, this.oosClass);
    return {
      ranked,
      outOfScope: x.indices.length === 0 || isOutOfScope(d, this.threshold),
      evidence: d.top >= 0 ? this.evidence(x.indices, x.values, d.top) : [],
    };
  }

  /** The input's features with the largest positive contribution to class `k`, prefixes stripped. */
  private evidence(indices: Int32Array, values: Float32Array, k: number): string[] {
    const { classes, weights } = this.weights;
    const contributions: Array<[string, number]> = [];
    for (let j = 0; j < indices.length; j++) {
      const c = weights[indices[j] * classes + k] * values[j];
      if (c > 0) contributions.push([this.vectorizer.features[indices[j]], c]);
    }
    contributions.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const out: string[] = [];
    for (const [feature] of contributions) {
      // Two-letter character n-grams ("as", "ss") explain nothing to a reader; whole words and longer grams do.
      const shown = feature.slice(2).trim();
      const minLength = feature.startsWith('c:') ? 3 : 2;
      if (shown.length >= minLength && !out.includes(shown)) out.push(shown);
      if (out.length === EVIDENCE) break;
    }
    return out;
  }

  toJSON(): unknown {
    return serializeModel(this);
  }
}
