import { OUT_OF_SCOPE, type Language } from '../protocol/index.js';
import type { FeatureConfig } from './features.js';
import { Vectorizer, featureWords } from './features.js';
import { detectLanguage } from './language.js';
import { logits, softmax, type LinearWeights } from './softmax.js';
import { serializeModel } from './serialize.js';
import { decide, isOutOfScope } from './tune.js';
import type { LinearModelParts } from './model-parts.js';
import type { Classification, IntentModel, IntentPrediction } from './types.js';

export type { LinearModelParts } from './model-parts.js';

/** The class name of explicit out-of-scope examples. */

const EVIDENCE = 5;

/**
 * TF-IDF (stemmed words + character n-grams) → softmax regression → temperature-calibrated scores.
 * Immutable after construction (apart from reused scratch); `classify` allocates its result and the sparse vector.
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
  /** Logits/probabilities scratch for `classify`, which returns plain numbers copied out of it. */
  private readonly scratch: Float64Array<ArrayBuffer>;
  /** Per vocabulary entry: 0 not yet known, 1 `shownFeature` gives a text, 2 it never does. */
  private readonly showable: Uint8Array;

  constructor(parts: LinearModelParts) {
    this.classes = parts.classes;
    this.intents = parts.classes.filter((name) => name !== OUT_OF_SCOPE);
    this.oosClass = parts.classes.indexOf(OUT_OF_SCOPE);
    this.vectorizer = parts.vectorizer;
    this.weights = parts.weights;
    this.temperature = parts.temperature;
    this.threshold = parts.threshold;
    this.clarifyMargin = parts.clarifyMargin;
    this.meta = parts.meta;
    this.scratch = new Float64Array(parts.weights.classes);
    this.showable = new Uint8Array(parts.vectorizer.size);
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
    const probs = softmax(logits(this.weights, x, this.scratch), this.temperature);
    // Classes are sorted by name, so ties in score fall back to name order.
    // Insertion sort on (score descending, class ascending): a strict total order, so the same result as
    // Array.prototype.sort with that comparator, without its per-call closure.
    const order: number[] = [];
    for (let k = 0; k < probs.length; k++) {
      if (k === this.oosClass) continue;
      let p = order.length;
      while (p > 0 && probs[order[p - 1]] < probs[k]) p--;
      order.splice(p, 0, k);
    }
    const ranked: IntentPrediction[] = order.map((k) => ({ intent: this.classes[k], score: probs[k] }));
    const d = decide(probs, this.oosClass);
    return {
      ranked,
      outOfScope: x.indices.length === 0 || isOutOfScope(d, this.threshold),
      evidence: d.top >= 0 ? this.evidence(x.indices, x.values, d.top, featureWords(text, lang, this.vectorizer.config)) : [],
    };
  }

  /**
   * The words of the message behind the features with the largest positive contribution to class `k` (each
   * feature mapped to the whole word that contains it, see `featureWords`). Reads the features in
   * the order of (contribution descending, feature name ascending), picking the next best by a linear scan: only
   * a handful are needed, so that beats sorting all of them; a long tail of skipped ones falls back to a sort.
   */
  private evidence(indices: Int32Array, values: Float32Array, k: number, words: (feature: string) => string | undefined): string[] {
    const { classes, weights } = this.weights;
    const { features } = this.vectorizer;
    const candidates: number[] = [];
    const scores: number[] = [];
    const showable = this.showable;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      if (showable[i] === 0) showable[i] = shownFeature(features[i]) === undefined ? 2 : 1;
      if (showable[i] === 2) continue; // could never be shown: skipping it changes nothing
      const c = weights[i * classes + k] * values[j];
      if (c > 0) {
        candidates.push(indices[j]);
        scores.push(c);
      }
    }
    const out: string[] = [];
    const take = (feature: string): boolean => {
      const shown = words(feature);
      if (shown !== undefined && !out.includes(shown)) out.push(shown);
      return out.length === EVIDENCE;
    };
    const before = (a: number, b: number): boolean =>
      scores[a] > scores[b] || (scores[a] === scores[b] && features[candidates[a]] < features[candidates[b]]);
    let left = candidates.length;
    for (let scans = 0; left > 0 && scans < 4 * EVIDENCE; scans++) {
      let best = -1;
      for (let p = 0; p < candidates.length; p++) if (scores[p] > 0 && (best < 0 || before(p, best))) best = p;
      scores[best] = -scores[best]; // taken
      left--;
      if (take(features[candidates[best]])) return out;
    }
    if (left > 0) {
      const rest: number[] = [];
      for (let p = 0; p < candidates.length; p++) if (scores[p] > 0) rest.push(p);
      rest.sort((a, b) => (before(a, b) ? -1 : 1));
      for (const p of rest) if (take(features[candidates[p]])) break;
    }
    return out;
  }

  toJSON(): unknown {
    return serializeModel(this);
  }
}

/** A feature as evidence, prefix stripped; undefined when too short to explain anything. */
function shownFeature(feature: string): string | undefined {
  // Two-letter character n-grams ("as", "ss") explain nothing to a reader; whole words and longer grams do.
  const shown = feature.slice(2).trim();
  const minLength = feature.startsWith('c:') ? 3 : 2;
  return shown.length >= minLength ? shown : undefined;
}
