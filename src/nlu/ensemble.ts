import type { Language } from '../protocol/index.js';
import { featureWords, type SparseVector, type Vectorizer } from './features.js';
import { detectLanguage } from './language.js';
import { mlpContributions, mlpLogits } from './mlp.js';
import { OUT_OF_SCOPE } from '../protocol/index.js';
import { serializeEnsemble } from './serialize.js';
import { logits, softmax } from './softmax.js';
import { decide, isOutOfScope } from './tune.js';
import type { EnsembleModelParts, Member } from './model-parts.js';
import type { Classification, IntentModel, IntentPrediction } from './types.js';

export type { EnsembleModelParts, Member } from './model-parts.js';

const EVIDENCE = 5;

/** Calibrated probabilities of one member for one vector. */
export function memberProbabilities(member: Member, x: SparseVector): Float64Array {
  const z = member.type === 'linear' ? logits(member.weights, x) : mlpLogits(member.weights, x);
  return softmax(z, member.temperature);
}

/** Mean of the members' calibrated probabilities. */
export function combine(members: readonly Member[], x: SparseVector): Float64Array {
  let out: Float64Array | undefined;
  for (const member of members) {
    const p = memberProbabilities(member, x);
    if (!out) out = p;
    else for (let k = 0; k < p.length; k++) out[k] += p[k];
  }
  if (members.length > 1) for (let k = 0; k < out!.length; k++) out![k] /= members.length;
  return out!;
}

/**
 * TF-IDF → {one-hidden-layer MLP | softmax regression + MLP} → averaged calibrated scores. Same contract and
 * decisions as `LinearIntentModel` (threshold on the top in-scope score, the `oos` class, clarify margin).
 * Immutable after construction.
 */
export class EnsembleIntentModel implements IntentModel {
  readonly kind: 'mlp' | 'ensemble';
  readonly intents: readonly string[];
  readonly classes: readonly string[];
  readonly threshold: number;
  readonly clarifyMargin: number;
  readonly vectorizer: Vectorizer;
  readonly members: readonly Member[];
  readonly meta: Record<string, unknown>;
  private readonly oosClass: number;

  constructor(parts: EnsembleModelParts) {
    if (parts.members.length === 0) throw new RangeError('EnsembleIntentModel: no members');
    this.kind = parts.members.length === 1 && parts.members[0].type === 'mlp' ? 'mlp' : 'ensemble';
    this.classes = parts.classes;
    this.intents = parts.classes.filter((name) => name !== OUT_OF_SCOPE);
    this.oosClass = parts.classes.indexOf(OUT_OF_SCOPE);
    this.vectorizer = parts.vectorizer;
    this.members = parts.members;
    this.threshold = parts.threshold;
    this.clarifyMargin = parts.clarifyMargin;
    this.meta = parts.meta;
  }

  /** Calibrated probabilities over `classes` (the `oos` class included). */
  probabilities(text: string, language: Language): Float64Array {
    return combine(this.members, this.vectorizer.transform(text, language));
  }

  classify(text: string, language?: Language): Classification {
    const lang = language ?? detectLanguage(text).language;
    const x = this.vectorizer.transform(text, lang);
    const probs = combine(this.members, x);
    const order: number[] = [];
    for (let k = 0; k < probs.length; k++) if (k !== this.oosClass) order.push(k);
    order.sort((a, b) => probs[b] - probs[a] || a - b);
    const ranked: IntentPrediction[] = order.map((k) => ({ intent: this.classes[k], score: probs[k] }));
    const d = decide(probs, this.oosClass);
    return {
      ranked,
      outOfScope: x.indices.length === 0 || isOutOfScope(d, this.threshold),
      evidence: d.top >= 0 ? this.evidence(x, d.top, featureWords(text, lang, this.vectorizer.config)) : [],
    };
  }

  /**
   * The input's features that push class `k` up most: the linear member's weight × value when there is one,
   * otherwise the MLP's input × gradient. Prefixes stripped, two-letter character n-grams skipped.
   */
  private evidence(x: SparseVector, k: number, words: (feature: string) => string | undefined): string[] {
    const linear = this.members.find((m) => m.type === 'linear');
    let scores: Float64Array;
    if (linear) {
      const { classes, weights } = linear.weights;
      scores = Float64Array.from(x.indices, (f, j) => weights[f * classes + k] * x.values[j]);
    } else scores = mlpContributions((this.members[0] as Extract<Member, { type: 'mlp' }>).weights, x, k);
    const contributions: Array<[string, number]> = [];
    for (let j = 0; j < x.indices.length; j++) if (scores[j] > 0) contributions.push([this.vectorizer.features[x.indices[j]], scores[j]]);
    contributions.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    const out: string[] = [];
    for (const [feature] of contributions) {
      const shown = words(feature);
      if (shown !== undefined && !out.includes(shown)) out.push(shown);
      if (out.length === EVIDENCE) break;
    }
    return out;
  }

  toJSON(): unknown {
    return serializeEnsemble(this);
  }
}
