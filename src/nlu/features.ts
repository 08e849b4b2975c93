import type { Language } from '../protocol/index.js';
import { foldDiacritics, stem } from './stemmers.js';
import { tokensOf } from './text.js';

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
  /** Fold diacritics and ё (stems and character n-grams): "nuud" meets "nüüd", "еще" meets "ещё". */
  fold?: boolean;
  /** Estonian stemmer: the light suffix stripper, or the suffix rules (stemmers.ts). */
  estonian?: 'light' | 'rules';
}

export const DEFAULT_FEATURES: FeatureConfig = { charMin: 2, charMax: 5, wordBigrams: true, charWeight: 0.5, fold: true, estonian: 'rules' };

/** A token's stem and its padded form for character n-grams, as the features see them. */
export function tokenForm(token: string, language: Language, config: FeatureConfig): { stem: string; padded: string } {
  if (!config.fold) return { stem: stem(token, language, config.estonian), padded: ` ${token} ` };
  return { stem: foldDiacritics(stem(token, language, config.estonian)), padded: ` ${foldDiacritics(token)} ` };
}

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
  const tokens = tokensOf(text);
  let previous: string | undefined;
  for (const token of tokens) {
    const { stem: s, padded } = tokenForm(token, language, config);
    emit('w', s);
    if (config.wordBigrams && previous !== undefined) emit('b', `${previous} ${s}`);
    previous = s;
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

/** What one token contributes, looked up once per (language, token) and cached by the vectorizer. */
interface TokenFeatures {
  stem: string;
  /** Vocabulary index of `w:<stem>`, or -1. */
  word: number;
  /** Vocabulary indices of the token's character n-grams that are in the vocabulary, in emission order. */
  chars: Int32Array;
}

/** Math.log of small counts, looked up (the same doubles: Math.log is deterministic). */
const LOG = Float64Array.from({ length: 64 }, (_, c) => Math.log(c));

/** Per language and vectorizer; cleared wholesale when full, like the stem memo. */
const TOKEN_CACHE_LIMIT = 20_000;

/** Vocabulary with inverse document frequencies; maps texts to L2-normalised TF-IDF vectors. */
export class Vectorizer {
  private readonly index: Record<FeatureKind, Map<string, number>> = { w: new Map(), b: new Map(), c: new Map() };
  private readonly isChar: Uint8Array;
  private readonly tokenCache: Record<Language, Map<string, TokenFeatures>> = { en: new Map(), et: new Map(), ru: new Map(), sv: new Map() };
  /** Scratch for `transform`: a count per vocabulary entry (all zero between calls) and the entries touched. */
  private counts: Int32Array | undefined;
  private touched: Int32Array | undefined;

  constructor(
    readonly features: readonly string[],
    readonly idf: Float32Array,
    readonly config: FeatureConfig,
  ) {
    this.isChar = Uint8Array.from(features, (feature) => (feature.startsWith('c:') ? 1 : 0));
    features.forEach((feature, i) => {
      this.index[feature[0] as FeatureKind]?.set(feature.slice(2), i);
    });
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

  /**
   * Same vector as counting `forEachFeature`'s features, without building `kind:text` keys: each token's stem
   * and in-vocabulary character n-grams are looked up once and cached, and counts go into a reused scratch array.
   */
  transform(text: string, language: Language): SparseVector {
    this.counts ??= new Int32Array(this.size);
    this.touched ??= new Int32Array(this.size);
    const { counts, touched } = this;
    const bigrams = this.config.wordBigrams ? this.index.b : undefined;
    let m = 0;
    try {
      let previous: string | undefined;
      for (const token of tokensOf(text)) {
        const t = this.tokenFeatures(token, language);
        if (t.word >= 0 && counts[t.word]++ === 0) touched[m++] = t.word;
        if (bigrams !== undefined && previous !== undefined && bigrams.size > 0) {
          const b = bigrams.get(`${previous} ${t.stem}`);
          if (b !== undefined && counts[b]++ === 0) touched[m++] = b;
        }
        previous = t.stem;
        const chars = t.chars;
        for (let j = 0; j < chars.length; j++) {
          const c = chars[j];
          if (counts[c]++ === 0) touched[m++] = c;
        }
      }
      const indices = touched.slice(0, m).sort();
      const values = new Float32Array(m);
      let norm = 0;
      for (let j = 0; j < m; j++) {
        const i = indices[j];
        const block = this.isChar[i] ? this.config.charWeight : 1;
        const count = counts[i];
        const value = (1 + (count < LOG.length ? LOG[count] : Math.log(count))) * this.idf[i] * block;
        values[j] = value;
        norm += value * value;
      }
      norm = Math.sqrt(norm) || 1;
      for (let j = 0; j < m; j++) values[j] /= norm;
      return { indices, values };
    } finally {
      for (let j = 0; j < m; j++) counts[touched[j]] = 0;
    }
  }

  private tokenFeatures(token: string, language: Language): TokenFeatures {
    const cache = this.tokenCache[language];
    let t = cache.get(token);
    if (t !== undefined) return t;
    const { stem: s, padded } = tokenForm(token, language, this.config);
    const grams: number[] = [];
    const charIndex = this.index.c;
    for (let n = this.config.charMin; n <= this.config.charMax && n <= padded.length; n++) {
      for (let i = 0; i + n <= padded.length; i++) {
        const c = charIndex.get(padded.substring(i, i + n));
        if (c !== undefined) grams.push(c);
      }
    }
    t = { stem: s, word: this.index.w.get(s) ?? -1, chars: Int32Array.from(grams) };
    if (cache.size >= TOKEN_CACHE_LIMIT) cache.clear();
    cache.set(token, t);
    return t;
  }
}

/**
 * The whole word(s) of `text` behind a feature, for explanations a person can read: a stem gives the word it
 * came from, a bigram the two words, a character n-gram the first word that contains it ("passi" for " pas").
 * Undefined for a feature that explains nothing (a character n-gram of under 3 letters, a one-letter word).
 */
export function wordsOfFeature(feature: string, text: string, language: Language, config: FeatureConfig): string | undefined {
  return featureWords(text, language, config)(feature);
}

/** `wordsOfFeature` for many features of one text: the text's tokens and their forms are computed once. */
export function featureWords(text: string, language: Language, config: FeatureConfig): (feature: string) => string | undefined {
  let tokens: readonly string[] | undefined;
  let forms: Array<{ stem: string; padded: string }> = [];
  return (feature) => {
    if (tokens === undefined) {
      tokens = [...tokensOf(text)];
      forms = tokens.map((token) => tokenForm(token, language, config));
    }
    return wordsIn(feature, tokens, forms);
  };
}

function wordsIn(feature: string, tokens: readonly string[], forms: ReadonlyArray<{ stem: string; padded: string }>): string | undefined {
  const kind = feature[0];
  const body = feature.slice(2);
  if (kind === 'w') {
    const i = forms.findIndex((f) => f.stem === body);
    return i >= 0 && tokens[i].length >= 2 ? tokens[i] : undefined;
  }
  if (kind === 'b') {
    for (let i = 0; i + 1 < tokens.length; i++) if (`${forms[i].stem} ${forms[i + 1].stem}` === body) return `${tokens[i]} ${tokens[i + 1]}`;
    return undefined;
  }
  if (body.trim().length < 3) return undefined;
  const i = forms.findIndex((f) => f.padded.includes(body));
  return i >= 0 ? tokens[i] : undefined;
}
