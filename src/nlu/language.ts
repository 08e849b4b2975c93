import { LANGUAGES, type Language } from '../protocol/index.js';
import { REFERENCE_TEXT, STOP_WORDS } from './language-data.js';
import { tokenize } from './text.js';
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
/** The hint's prior, in the same units: a third of a stop word. Enough to break ties, not to outvote evidence. */
const HINT_PRIOR = 0.5;
/** Below this confidence the hint (or 'en') wins. */
export const LANGUAGE_CONFIDENCE_FLOOR = 0.3;

export class LanguageDetector {
  private readonly logProb: Record<Language, Map<string, number>>;
  private readonly unseen: Record<Language, number>;
  private readonly stopWords: Record<Language, Set<string>>;

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
  }

  detect(text: string, hint?: Language): LanguageGuess {
    const tokens = tokenize(text);
    const letters = tokens.join('');
    if (letters.length === 0) return fallback(hint);
    const cyrillic = (letters.match(/\p{Script=Cyrillic}/gu) ?? []).length;
    const latin = (letters.match(/\p{Script=Latin}/gu) ?? []).length;
    if (cyrillic > latin) {
      const confidence = cyrillic / (cyrillic + latin);
      return { language: 'ru', confidence, candidates: rank({ ru: confidence, et: 0, en: 0, sv: 0 }) };
    }
    if (latin === 0) return fallback(hint);
    const scores = { et: 0, en: 0, ru: -Infinity, sv: 0 } as Record<Language, number>;
    const textGrams = grams(text);
    for (const language of LATIN) {
      let logLikelihood = 0;
      for (const gram of textGrams) logLikelihood += this.logProb[language].get(gram) ?? this.unseen[language];
      // Per-gram average keeps long and short messages on one scale; ×4 makes one n-gram "vote" comparable to a
      // stop word.
      scores[language] = (logLikelihood / Math.max(1, textGrams.length)) * 4;
      for (const token of tokens) if (this.stopWords[language].has(token)) scores[language] += STOP_WORD_BONUS;
      for (const char of letters) scores[language] += LETTER_BONUS[char]?.[language] ?? 0;
    }
    if (hint && hint !== 'ru') scores[hint] += HINT_PRIOR;
    const probs = softmaxRecord(scores);
    const candidates = rank(probs);
    const best = candidates[0];
    // Short texts carry little evidence: damp the confidence for one- or two-word messages.
    const damp = Math.min(1, 0.5 + tokens.length / 6);
    const confidence = best.score * damp;
    if (confidence < LANGUAGE_CONFIDENCE_FLOOR || letters.length < 3) return { language: hint ?? 'en', confidence, candidates };
    return { language: best.language, confidence, candidates };
  }
}

function grams(text: string): string[] {
  const out: string[] = [];
  for (const token of tokenize(text)) {
    const chars = Array.from(` ${token} `);
    for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
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
