import { LANGUAGES, type Language } from '../protocol/index.js';
import { REFERENCE_TEXT, STOP_WORDS } from './language-data.js';
import { tokenize, tokensOf } from './text.js';
import type { LanguageGuess } from './types.js';

/**
 * Language identification for short messages, in three layers:
 * 1. script: Cyrillic letters mean Russian (the only Cyrillic language we serve);
 * 2. distinctive letters and function words: õ/ü/š/ž point to Estonian, å to Swedish, ä/ö to either;
 *    a stop word is strong evidence for its language;
 * 3. a character 1-3-gram naive Bayes profile per language (built-in reference text, or trained from pack
 *    examples with `createLanguageDetector`), which decides the rest.
 * Low-confidence guesses fall back to the hint (or 'en').
 */
export interface LanguageSample {
  text: string;
  language: Language;
}

const LATIN: readonly Language[] = ['et', 'en', 'sv'];
const LETTER_BONUS: Record<string, Partial<Record<Language, number>>> = {
  õ: { et: 4 },
  ü: { et: 2 },
  š: { et: 2 },
  ž: { et: 2 },
  å: { sv: 4 },
  ä: { et: 1, sv: 1 },
  ö: { et: 1, sv: 1 },
};
const STOP_WORD_BONUS = 1.5;
/** Bounded per detector; cleared wholesale when full. */
const TOKEN_CACHE_LIMIT = 20_000;

/** What `detect` needs from one token, computed once per token and cached. */
interface TokenProfile {
  /** The token's 1-3-grams as rows of the merged table (-1: seen in no Latin profile), in `grams` order. */
  grams: Int32Array;
  cyrillic: number;
  latin: number;
  /** Bit i set: the token is a stop word of LATIN[i]. */
  stop: number;
  /** The token's letters that earn a LETTER_BONUS, in order. */
  bonus: string;
}
/** The hint's prior, in the same units: a third of a stop word. Enough to break ties, not to outvote evidence. */
const HINT_PRIOR = 0.5;
/** Below this confidence the hint (or 'en') wins. */
export const LANGUAGE_CONFIDENCE_FLOOR = 0.3;

export class LanguageDetector {
  private readonly logProb: Record<Language, Map<string, number>>;
  private readonly unseen: Record<Language, number>;
  private readonly stopWords: Record<Language, Set<string>>;
  /**
   * The Latin languages' profiles merged: one lookup per gram gives its log-probability in each of LATIN
   * (row r holds LATIN[0..2] at 3r..3r+2, the unseen value where a language never saw the gram).
   */
  private readonly rows = new Map<string, number>();
  private readonly latinLogProb: Float64Array;
  private readonly profiles = new Map<string, TokenProfile>();

  constructor(samples: readonly LanguageSample[]) {
    this.logProb = {} as Record<Language, Map<string, number>>;
    this.unseen = {} as Record<Language, number>;
    this.stopWords = {} as Record<Language, Set<string>>;
    for (const language of LANGUAGES) {
      this.stopWords[language] = new Set(tokenize(STOP_WORDS[language]));
      const counts = new Map<string, number>();
      let total = 0;
      for (const sample of samples) {
        if (sample.language !== language) continue;
        for (const gram of grams(sample.text)) {
          counts.set(gram, (counts.get(gram) ?? 0) + 1);
          total++;
        }
      }
      const vocabulary = counts.size + 1000;
      const table = new Map<string, number>();
      for (const [gram, count] of counts) table.set(gram, Math.log((count + 0.5) / (total + 0.5 * vocabulary)));
      this.logProb[language] = table;
      this.unseen[language] = Math.log(0.5 / (total + 0.5 * vocabulary));
    }
    for (const language of LATIN) for (const gram of this.logProb[language].keys()) if (!this.rows.has(gram)) this.rows.set(gram, this.rows.size);
    this.latinLogProb = new Float64Array(this.rows.size * LATIN.length);
    for (const [gram, row] of this.rows) {
      LATIN.forEach((language, i) => {
        this.latinLogProb[row * LATIN.length + i] = this.logProb[language].get(gram) ?? this.unseen[language];
      });
    }
  }

  private profile(token: string): TokenProfile {
    let profile = this.profiles.get(token);
    if (profile !== undefined) return profile;
    let stop = 0;
    LATIN.forEach((language, i) => {
      if (this.stopWords[language].has(token)) stop |= 1 << i;
    });
    let bonus = '';
    for (const char of token) if (LETTER_BONUS[char] !== undefined) bonus += char;
    profile = {
      grams: Int32Array.from(tokenGrams(token), (gram) => this.rows.get(gram) ?? -1),
      cyrillic: (token.match(/\p{Script=Cyrillic}/gu) ?? []).length,
      latin: (token.match(/\p{Script=Latin}/gu) ?? []).length,
      stop,
      bonus,
    };
    if (this.profiles.size >= TOKEN_CACHE_LIMIT) this.profiles.clear();
    this.profiles.set(token, profile);
    return profile;
  }

  /**
   * Works on cached per-token profiles and one merged gram table; each language's score is still summed gram
   * by gram, stop word by stop word and letter by letter in text order, so the guesses are bit for bit those of
   * the straightforward loops (tests/nlu/speed-equivalence.test.ts keeps them as the reference).
   */
  detect(text: string, hint?: Language): LanguageGuess {
    const tokens = tokensOf(text);
    if (tokens.length === 0) return fallback(hint);
    const profiles: TokenProfile[] = new Array(tokens.length);
    let letters = 0;
    let cyrillic = 0;
    let latin = 0;
    for (let t = 0; t < tokens.length; t++) {
      const profile = this.profile(tokens[t]);
      profiles[t] = profile;
      letters += tokens[t].length;
      cyrillic += profile.cyrillic;
      latin += profile.latin;
    }
    if (cyrillic > latin) {
      const confidence = cyrillic / (cyrillic + latin);
      return { language: 'ru', confidence, candidates: rank({ ru: confidence, et: 0, en: 0, sv: 0 }) };
    }
    if (latin === 0) return fallback(hint);
    const table = this.latinLogProb;
    const [u0, u1, u2] = LATIN.map((language) => this.unseen[language]);
    let l0 = 0;
    let l1 = 0;
    let l2 = 0;
    let gramCount = 0;
    for (const profile of profiles) {
      const grams = profile.grams;
      gramCount += grams.length;
      for (let j = 0; j < grams.length; j++) {
        const row = grams[j];
        if (row < 0) {
          l0 += u0;
          l1 += u1;
          l2 += u2;
        } else {
          l0 += table[row * 3];
          l1 += table[row * 3 + 1];
          l2 += table[row * 3 + 2];
        }
      }
    }
    const scores = { et: 0, en: 0, ru: -Infinity, sv: 0 } as Record<Language, number>;
    const logLikelihoods = [l0, l1, l2];
    LATIN.forEach((language, i) => {
      // Per-gram average keeps long and short messages on one scale; ×4 makes one n-gram "vote" comparable to a
      // stop word.
      let score = (logLikelihoods[i] / Math.max(1, gramCount)) * 4;
      for (const profile of profiles) if (profile.stop & (1 << i)) score += STOP_WORD_BONUS;
      for (const profile of profiles) for (const char of profile.bonus) score += LETTER_BONUS[char][language] ?? 0;
      scores[language] = score;
    });
    if (hint && hint !== 'ru') scores[hint] += HINT_PRIOR;
    const probs = softmaxRecord(scores);
    const candidates = rank(probs);
    const best = candidates[0];
    // Short texts carry little evidence: damp the confidence for one- or two-word messages.
    const damp = Math.min(1, 0.5 + tokens.length / 6);
    const confidence = best.score * damp;
    if (confidence < LANGUAGE_CONFIDENCE_FLOOR || letters < 3) return { language: hint ?? 'en', confidence, candidates };
    return { language: best.language, confidence, candidates };
  }
}

/** A token's character 1-3-grams (code points) inside " token ". */
function tokenGrams(token: string): string[] {
  const out: string[] = [];
  const chars = Array.from(` ${token} `);
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  return out;
}

function grams(text: string): string[] {
  return tokenize(text).flatMap(tokenGrams);
}

function softmaxRecord(scores: Record<Language, number>): Record<Language, number> {
  const max = Math.max(...LANGUAGES.map((l) => scores[l]));
  let sum = 0;
  const out = {} as Record<Language, number>;
  for (const l of LANGUAGES) {
    out[l] = Math.exp(scores[l] - max);
    sum += out[l];
  }
  for (const l of LANGUAGES) out[l] /= sum;
  return out;
}

function rank(scores: Record<Language, number>): Array<{ language: Language; score: number }> {
  return LANGUAGES.map((language) => ({ language, score: scores[language] })).sort(
    (a, b) => b.score - a.score || LANGUAGES.indexOf(a.language) - LANGUAGES.indexOf(b.language),
  );
}

function fallback(hint?: Language): LanguageGuess {
  const language = hint ?? 'en';
  return { language, confidence: 0, candidates: LANGUAGES.map((l) => ({ language: l, score: l === language ? 1 : 0 })) };
}

/** A detector trained on your own samples (e.g. pack examples) plus the built-in reference text. */
export function createLanguageDetector(samples: readonly LanguageSample[] = []): LanguageDetector {
  const builtIn = LANGUAGES.map((language) => ({ language, text: REFERENCE_TEXT[language] }));
  return new LanguageDetector([...builtIn, ...samples]);
}

let defaultDetector: LanguageDetector | undefined;

/**
 * Guess the language of a citizen's message. The hint (widget UI language) breaks ties and wins when the
 * text says too little.
 * @example detectLanguage('kaotasin passi') // { language: 'et', confidence: …, candidates: […] }
 */
export function detectLanguage(text: string, hint?: Language): LanguageGuess {
  defaultDetector ??= createLanguageDetector();
  return defaultDetector.detect(text, hint);
}
