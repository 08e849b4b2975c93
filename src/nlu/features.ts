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

export const DEFAULT_FEATURES: FeatureConfig = { charMin: 2, charMax: 5, wordBigrams: true, charWeight: 1 };

/** Raw feature counts for one text. Order is insertion order, which is deterministic for a given text. */
export function extractFeatures(text: string, language: Language, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (feature: string): void => {
    counts.set(feature, (counts.get(feature) ?? 0) + 1);
  };
  const tokens = tokenize(text);
  const stems = tokens.map((token) => stem(token, language));
  for (const s of stems) add(`w:${s}`);
  if (config.wordBigrams) for (let i = 1; i < stems.length; i++) add(`b:${stems[i - 1]} ${stems[i]}`);
  for (const token of tokens) {
    const padded = ` ${token} `;
    const chars = Array.from(padded);
    for (let n = config.charMin; n <= config.charMax; n++) {
      for (let i = 0; i + n <= chars.length; i++) add(`c:${chars.slice(i, i + n).join('')}`);
      if (chars.length < n) break;
    }
  }
  return counts;
}

/** A sparse vector: parallel arrays, indices ascending. */
export interface SparseVector {
  indices: Int32Array;
  values: Float32Array;
}

/** Vocabulary with inverse document frequencies; maps texts to L2-normalised TF-IDF vectors. */
export class Vectorizer {
  private readonly index = new Map<string, number>();

  constructor(
    readonly features: readonly string[],
    readonly idf: Float32Array,
    readonly config: FeatureConfig,
  ) {
    features.forEach((feature, i) => this.index.set(feature, i));
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
    const counts = extractFeatures(text, language, this.config);
    const entries: Array<[number, number]> = [];
    for (const [feature, count] of counts) {
      const i = this.index.get(feature);
      if (i === undefined) continue;
      const block = feature.startsWith('c:') ? this.config.charWeight : 1;
      entries.push([i, (1 + Math.log(count)) * this.idf[i] * block]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    let norm = 0;
    for (const [, value] of entries) norm += value * value;
    norm = Math.sqrt(norm) || 1;
    return {
      indices: Int32Array.from(entries, ([i]) => i),
      values: Float32Array.from(entries, ([, value]) => value / norm),
    };
  }
}
