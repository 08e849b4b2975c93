import type { Language } from '../protocol/index.js';
import { stem } from './stemmers.js';
import { tokenize } from './text.js';

/**
 * Feature extraction: stemmed word unigrams and bigrams (`w:`/`b:`) plus character n-grams taken inside
 * word boundaries (`c:`, like scikit-learn's `char_wb`). Stems serve en/ru/sv; the character n-grams catch the
 * inflection of Estonian ("passi", "passiga", "passist" share " pas", "pass") and typos in every language.
 */
export interface FeatureConfig {
  /** Smallest and largest character n-gram length (inside " word "). */
  charMin: number;
  charMax: number;
  /** Emit stemmed word bigrams. */
  wordBigrams: boolean;
  /** Weight of the character block relative to the word block before L2 normalisation. */
  charWeight: number;
}

export const DEFAULT_FEATURES: FeatureConfig = { charMin: 2, charMax: 5, wordBigrams: true, charWeight: 0.5 };

/**
 * Calls `emit` once per feature occurrence, in a deterministic order. Character n-grams are taken on UTF-16
 * code units, which are whole letters for every alphabet we serve.
 */
export function forEachFeature(
  text: string,
  language: Language,
  config: FeatureConfig,
  emit: (kind: FeatureKind, feature: string) => void,
): void {
  const tokens = tokenize(text);
  let previous: string | undefined;
  for (const token of tokens) {
    const s = stem(token, language);
    emit('w', s);
    if (config.wordBigrams && previous !== undefined) emit('b', `${previous} ${s}`);
    previous = s;
    const padded = ` ${token} `;
    for (let n = config.charMin; n <= config.charMax && n <= padded.length; n++) {
      for (let i = 0; i + n <= padded.length; i++) emit('c', padded.substring(i, i + n));
    }
  }
}

/** Feature families; the vocabulary stores features as `<kind>:<text>`. */
export type FeatureKind = 'w' | 'b' | 'c';

/** Raw feature counts for one text (insertion order is deterministic). */
export function extractFeatures(text: string, language: Language, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  forEachFeature(text, language, config, (kind, text) => {
    const feature = `${kind}:${text}`;
    counts.set(feature, (counts.get(feature) ?? 0) + 1);
  });
  return counts;
}

/** A sparse vector: parallel arrays, indices ascending. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Vocabulary with inverse document frequencies; maps texts to L2-normalised TF-IDF vectors. */
export class Vectorizer {
  private readonly index: Record<FeatureKind, Map<string, number>> = { w: new Map(), b: new Map(), c: new Map() };
  private readonly isChar: Uint8Array;

  constructor(
    readonly features: readonly string[],
    readonly idf: Float32Array,
    readonly config: FeatureConfig,
  ) {
    this.isChar = Uint8Array.from(features, (feature) => (feature.startsWith('c:') ? 1 : 0));
    features.forEach((feature, i) => this.index[feature[0] as FeatureKind]?.set(feature.slice(2), i));
  }

  static fit(
    docs: ReadonlyArray<{ text: string; language: Language }>,
    config: FeatureConfig,
    minDf: number,
  ): Vectorizer {
    const df = new Map<string, number>();
    for (const doc of docs) {
      for (const feature of extractFeatures(doc.text, doc.language, config).keys()) {
        df.set(feature, (df.get(feature) ?? 0) + 1);
      }
    }
    // Sorted vocabulary: the model does not depend on the order examples arrive in.
    const features = [...df.entries()]
      .filter(([feature, count]) => count >= minDf || feature.startsWith('w:'))
      .map(([feature]) => feature)
      .sort();
    const n = docs.length;
    const idf = Float32Array.from(features, (feature) => Math.log((n + 1) / ((df.get(feature) ?? 0) + 1)) + 1);
    return new Vectorizer(features, idf, config);
  }

  get size(): number {
    return this.features.length;
  }

  transform(text: string, language: Language): SparseVector {
    const counts = new Map<number, number>();
    forEachFeature(text, language, this.config, (kind, feature) => {
      const i = this.index[kind].get(feature);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    });
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float32Array(indices.length);
    let norm = 0;
    for (let j = 0; j < indices.length; j++) {
      const i = indices[j];
      const block = this.isChar[i] ? this.config.charWeight : 1;
      const value = (1 + Math.log(counts.get(i)!)) * this.idf[i] * block;
      values[j] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < values.length; j++) values[j] /= norm;
    return { indices, values };
  }
}
