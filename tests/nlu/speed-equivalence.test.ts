import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { AgencyRegistry, loadAgenciesFolder, loadPackFolder } from '../../src/agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../../src/config/index.js';
import { extractFeatures, Vectorizer, type FeatureConfig } from '../../src/nlu/features.js';
import { createLanguageDetector, trainIntentModel, tokenize, type LanguageGuess, type TrainingExample } from '../../src/nlu/index.js';
import { REFERENCE_TEXT, STOP_WORDS } from '../../src/nlu/language-data.js';
import type { LinearIntentModel } from '../../src/nlu/model.js';
import { decide, isOutOfScope } from '../../src/nlu/tune.js';
import { LANGUAGES, type Language } from '../../src/protocol/index.js';
import { EXAMPLES } from './fixtures.js';

/*
 * The fast paths in src/nlu (token caches, scratch buffers, merged language tables, partial evidence selection)
 * must not change one bit of output. Below is a frozen copy of the straightforward implementation they replaced;
 * every test compares the two on the same texts with exact (Object.is) equality.
 */

// ---- Reference: text, stemming, features, transform, logits, softmax, classify, evidence, detect ----

const refNormalize = (text: string): string => text.normalize('NFKC').toLowerCase().replace(/['’`´]/g, '');
const refTokenize = (text: string): string[] => refNormalize(text).split(/[^\p{L}\p{N}]+/gu).filter((t) => t.length > 0);

const require = createRequire(import.meta.url);
const natural = (file: string): ((token: string) => string) => {
  const stemmer = require(`natural/lib/natural/stemmers/${file}`) as { stem(token: string): string };
  return (token) => stemmer.stem(token);
};
const ET_SUFFIXES = [
  'tegagi', 'dega', 'tega', 'desse', 'teks', 'deks', 'ilt', 'ile', 'iga', 'ist', 'isse', 'ide', 'sse',
  'ga', 'le', 'lt', 'ks', 'ni', 'na', 'ta', 'st', 'ga', 'ks', 'de', 'te', 'id', 'le', 'l', 's', 'd', 't',
].sort((a, b) => b.length - a.length);
function refStemEstonian(token: string): string {
  if (token.length <= 4) return token;
  for (const suffix of ET_SUFFIXES) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 4) return token.slice(0, -suffix.length);
  }
  if (/[aeiu]$/.test(token) && token.length >= 5) return token.slice(0, -1);
  return token;
}
const REF_STEMMERS: Record<Language, (token: string) => string> = {
  en: natural('porter_stemmer.js'),
  ru: natural('porter_stemmer_ru.js'),
  sv: natural('porter_stemmer_sv.js'),
  et: refStemEstonian,
};
// Estonian suffix rules and folding (features `estonian: 'rules'`, `fold: true`), written plainly.
const REF_ET_RULES = [
  'desse', 'tesse', 'dega', 'tega', 'deks', 'teks', 'dele', 'tele', 'delt', 'telt', 'dest', 'test', 'deni', 'teni',
  'isse', 'iga', 'iks', 'ile', 'ilt', 'ist', 'ide', 'sid', 'sse', 'ga', 'ks', 'na', 'ni', 'ta', 'le', 'lt', 'st', 'id', 'de', 'te',
  'takse', 'vad', 'sin', 'nud', 'tud', 'ma', 'da', 'me', 'b', 'n', 'l', 's', 't', 'd',
].sort((a, b) => b.length - a.length);
function refStemEstonianRules(token: string): string {
  let stem = token;
  for (;;) {
    if (stem.length <= 4) return stem;
    const before = stem;
    const suffix = REF_ET_RULES.find((s) => stem.endsWith(s) && stem.length - s.length >= 4);
    if (suffix) stem = stem.slice(0, -suffix.length);
    if (/[aeiu]$/.test(stem) && stem.length >= 5) stem = stem.slice(0, -1);
    if (stem === before) return stem;
  }
}
const refFold = (token: string): string => [...token.replace(/ё/g, 'е')].map((c) => (/[\u00c0-\u024f]/.test(c) ? c.normalize('NFD').replace(/\p{M}/gu, '') : c)).join('');
const refStem = (token: string, language: Language, config?: FeatureConfig): string => {
  if (/^\p{N}+$/u.test(token)) return config?.fold ? refFold(token) : token;
  const stem = language === 'et' && config?.estonian === 'rules' ? refStemEstonianRules(token) : REF_STEMMERS[language](token);
  return config?.fold ? refFold(stem) : stem;
};

function refForEachFeature(text: string, language: Language, config: FeatureConfig, emit: (kind: string, feature: string) => void): void {
  let previous: string | undefined;
  for (const token of refTokenize(text)) {
    const s = refStem(token, language, config);
    emit('w', s);
    if (config.wordBigrams && previous !== undefined) emit('b', `${previous} ${s}`);
    previous = s;
    const padded = ` ${config.fold ? refFold(token) : token} `;
    for (let n = config.charMin; n <= config.charMax && n <= padded.length; n++) {
      for (let i = 0; i + n <= padded.length; i++) emit('c', padded.substring(i, i + n));
    }
  }
}

function refExtractFeatures(text: string, language: Language, config: FeatureConfig): Map<string, number> {
  const counts = new Map<string, number>();
  refForEachFeature(text, language, config, (kind, t) => counts.set(`${kind}:${t}`, (counts.get(`${kind}:${t}`) ?? 0) + 1));
  return counts;
}

const refIndexes = new WeakMap<LinearIntentModel, Map<string, number>>();

function refTransform(model: LinearIntentModel, text: string, language: Language): { indices: Int32Array; values: Float32Array } {
  const { features, idf, config } = model.vectorizer;
  let index = refIndexes.get(model);
  if (!index) {
    index = new Map(features.map((f, i) => [f, i]));
    refIndexes.set(model, index);
  }
  const counts = new Map<number, number>();
  refForEachFeature(text, language, config, (kind, feature) => {
    const i = index.get(`${kind}:${feature}`);
    if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
  });
  const indices = Int32Array.from(counts.keys()).sort();
  const values = new Float32Array(indices.length);
  let norm = 0;
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    const value = (1 + Math.log(counts.get(i)!)) * idf[i] * (features[i].startsWith('c:') ? config.charWeight : 1);
    values[j] = value;
    norm += value * value;
  }
  norm = Math.sqrt(norm) || 1;
  for (let j = 0; j < values.length; j++) values[j] /= norm;
  return { indices, values };
}

function refProbabilities(model: LinearIntentModel, x: { indices: Int32Array; values: Float32Array }): Float64Array {
  const { classes, weights, bias } = model.weights;
  const z = new Float64Array(classes);
  for (let k = 0; k < classes; k++) z[k] = bias[k];
  for (let j = 0; j < x.indices.length; j++) {
    for (let k = 0; k < classes; k++) z[k] += weights[x.indices[j] * classes + k] * x.values[j];
  }
  let max = -Infinity;
  for (let k = 0; k < z.length; k++) if (z[k] > max) max = z[k];
  let sum = 0;
  for (let k = 0; k < z.length; k++) {
    z[k] = Math.exp((z[k] - max) / model.temperature);
    sum += z[k];
  }
  for (let k = 0; k < z.length; k++) z[k] /= sum;
  return z;
}

let refStemMemo: { key: string; stems: string[] } | undefined;
function refStemsOf(tokens: string[], language: Language, config: FeatureConfig): string[] {
  const key = `${language}|${config.fold}|${config.estonian}|${tokens.join(' ')}`;
  if (refStemMemo?.key !== key) refStemMemo = { key, stems: tokens.map((t) => refStem(t, language, config)) };
  return refStemMemo.stems;
}

/** Evidence as the message's whole words: the word a stem came from, a bigram's two words, a word holding a gram. */
function refWords(feature: string, text: string, language: Language, config: FeatureConfig): string | undefined {
  const tokens = refTokenize(text);
  const body = feature.slice(2);
  const stems = refStemsOf(tokens, language, config);
  if (feature.startsWith('w:')) {
    const i = stems.indexOf(body);
    return i >= 0 && tokens[i].length >= 2 ? tokens[i] : undefined;
  }
  if (feature.startsWith('b:')) {
    for (let i = 0; i + 1 < tokens.length; i++) if (`${stems[i]} ${stems[i + 1]}` === body) return `${tokens[i]} ${tokens[i + 1]}`;
    return undefined;
  }
  if (body.trim().length < 3) return undefined;
  return tokens.find((t) => ` ${config.fold ? refFold(t) : t} `.includes(body));
}

function refClassify(model: LinearIntentModel, x: { indices: Int32Array; values: Float32Array }, text: string, language: Language) {
  const probs = refProbabilities(model, x);
  const oosClass = model.classes.indexOf('oos');
  const order: number[] = [];
  for (let k = 0; k < probs.length; k++) if (k !== oosClass) order.push(k);
  order.sort((a, b) => probs[b] - probs[a] || a - b);
  const d = decide(probs, oosClass);
  let evidence: string[] = [];
  if (d.top >= 0) {
    const contributions: Array<[string, number]> = [];
    for (let j = 0; j < x.indices.length; j++) {
      const c = model.weights.weights[x.indices[j] * model.weights.classes + d.top] * x.values[j];
      if (c > 0) contributions.push([model.vectorizer.features[x.indices[j]], c]);
    }
    contributions.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
    for (const [feature] of contributions) {
      const shown = refWords(feature, text, language, model.vectorizer.config);
      if (shown !== undefined && !evidence.includes(shown)) evidence.push(shown);
      if (evidence.length === 5) break;
    }
  } else evidence = [];
  return {
    ranked: order.map((k) => ({ intent: model.classes[k], score: probs[k] })),
    outOfScope: x.indices.length === 0 || isOutOfScope(d, model.threshold),
    evidence,
  };
}

const LETTER_BONUS: Record<string, Partial<Record<Language, number>>> = {
  õ: { et: 4 }, ü: { et: 2 }, š: { et: 2 }, ž: { et: 2 }, å: { sv: 4 }, ä: { et: 1, sv: 1 }, ö: { et: 1, sv: 1 },
};

function refGrams(text: string): string[] {
  const out: string[] = [];
  for (const token of refTokenize(text)) {
    const chars = Array.from(` ${token} `);
    for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= chars.length; i++) out.push(chars.slice(i, i + n).join(''));
  }
  return out;
}

function refRank(scores: Record<Language, number>): Array<{ language: Language; score: number }> {
  return LANGUAGES.map((language) => ({ language, score: scores[language] })).sort(
    (a, b) => b.score - a.score || LANGUAGES.indexOf(a.language) - LANGUAGES.indexOf(b.language),
  );
}

function refDetector(samples: ReadonlyArray<{ text: string; language: Language }>): (text: string, hint?: Language) => LanguageGuess {
  const all = [...LANGUAGES.map((language) => ({ language, text: REFERENCE_TEXT[language] })), ...samples];
  const logProb = {} as Record<Language, Map<string, number>>;
  const unseen = {} as Record<Language, number>;
  const stopWords = {} as Record<Language, Set<string>>;
  for (const language of LANGUAGES) {
    stopWords[language] = new Set(refTokenize(STOP_WORDS[language]));
    const counts = new Map<string, number>();
    let total = 0;
    for (const sample of all) {
      if (sample.language !== language) continue;
      for (const gram of refGrams(sample.text)) {
        counts.set(gram, (counts.get(gram) ?? 0) + 1);
        total++;
      }
    }
    const vocabulary = counts.size + 1000;
    logProb[language] = new Map([...counts].map(([gram, count]) => [gram, Math.log((count + 0.5) / (total + 0.5 * vocabulary))]));
    unseen[language] = Math.log(0.5 / (total + 0.5 * vocabulary));
  }
  const fallback = (hint?: Language): LanguageGuess => {
    const language = hint ?? 'en';
    return { language, confidence: 0, candidates: LANGUAGES.map((l) => ({ language: l, score: l === language ? 1 : 0 })) };
  };
  return (text, hint) => {
    const tokens = refTokenize(text);
    const letters = tokens.join('');
    if (letters.length === 0) return fallback(hint);
    const cyrillic = (letters.match(/\p{Script=Cyrillic}/gu) ?? []).length;
    const latin = (letters.match(/\p{Script=Latin}/gu) ?? []).length;
    if (cyrillic > latin) {
      const confidence = cyrillic / (cyrillic + latin);
      return { language: 'ru', confidence, candidates: refRank({ ru: confidence, et: 0, en: 0, sv: 0 }) };
    }
    if (latin === 0) return fallback(hint);
    const scores = { et: 0, en: 0, ru: -Infinity, sv: 0 } as Record<Language, number>;
    const textGrams = refGrams(text);
    for (const language of ['et', 'en', 'sv'] as const) {
      let ll = 0;
      for (const gram of textGrams) ll += logProb[language].get(gram) ?? unseen[language];
      scores[language] = (ll / Math.max(1, textGrams.length)) * 4;
      for (const token of tokens) if (stopWords[language].has(token)) scores[language] += 1.5;
      for (const char of letters) scores[language] += LETTER_BONUS[char]?.[language] ?? 0;
    }
    if (hint && hint !== 'ru') scores[hint] += 0.5;
    const max = Math.max(...LANGUAGES.map((l) => scores[l]));
    let sum = 0;
    const probs = {} as Record<Language, number>;
    for (const l of LANGUAGES) {
      probs[l] = Math.exp(scores[l] - max);
      sum += probs[l];
    }
    for (const l of LANGUAGES) probs[l] /= sum;
    const candidates = refRank(probs);
    const confidence = candidates[0].score * Math.min(1, 0.5 + tokens.length / 6);
    if (confidence < 0.3 || letters.length < 3) return { language: hint ?? 'en', confidence, candidates };
    return { language: candidates[0].language, confidence, candidates };
  };
}

// ---- Probe texts: examples, their variants, and awkward inputs ----

const AWKWARD = [
  '', '   ', '!!!', '12345', 'ok', 'a', 'Ä', 'õ', 'å', 'привет', 'Hello, WORLD!!', 'I’ve lost my passport’s cover',
  'kaotasin PASSI!!! mis nüüd?', 'Jag har tappat mitt pass – vad gör jag?', 'я потерял passport вчера',
  'passport паспорт pass passi', 'ﬁnd my ﬁle', 'Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ', 'emoji 😀 test 🚀🚀', '𝐛𝐨𝐥𝐝 letters',
  'naïve café façade', 'ŠŽÕÜÄÖ', 'tere tere tere tere', 'the the the the the', 'x'.repeat(300), 'e-mail: a.b@c.ee, tel 5551234',
  'Ελληνικά κείμενο', '中文 文本', 'עברית', 'mu isikukood on 38001010000', 'lost\tmy\npassport\r\nplease',
];

function variants(texts: readonly string[]): string[] {
  const out: string[] = [];
  texts.forEach((text, i) => {
    out.push(text);
    if (i % 3 === 0) out.push(text.toUpperCase());
    if (i % 5 === 0) out.push(`${text}?! ${texts[(i * 7 + 3) % texts.length]}`);
    if (i % 7 === 0) out.push(text.split('').reverse().join(''));
    if (i % 11 === 0) out.push(text.replace(/[aeiouаеиоу]/g, ''));
  });
  return [...out, ...AWKWARD];
}

const registry = new AgencyRegistry(await loadAgenciesFolder(DEFAULT_AGENCIES_DIR), await loadPackFolder(DEFAULT_INTENTS_DIR));
const DEMO: TrainingExample[] = registry.trainingExamples();

function expectSameClassifications(model: LinearIntentModel, texts: readonly string[]): number {
  let compared = 0;
  for (const text of texts) {
    for (const language of LANGUAGES) {
      const x = refTransform(model, text, language);
      const expected = refClassify(model, x, text, language);
      // Twice: the second call runs on warm caches and reused buffers.
      expect(model.classify(text, language), `${language}: ${text}`).toEqual(expected);
      expect(model.classify(text, language), `${language}: ${text} (again)`).toEqual(expected);
      const v = model.vectorizer.transform(text, language);
      expect([...v.indices]).toEqual([...x.indices]);
      expect([...v.values]).toEqual([...x.values]);
      expect([...model.probabilities(text, language)]).toEqual([...refProbabilities(model, x)]);
      compared++;
    }
  }
  return compared;
}

describe('fast NLU paths give bit-identical outputs to the reference implementation', () => {
  const fixtureModel = trainIntentModel(EXAMPLES, { seed: 7 });
  const demoModel = trainIntentModel(DEMO, { seed: 42 });
  const demoTexts = variants(DEMO.filter((_, i) => i % 6 === 0).map((e) => e.text));
  const fixtureTexts = variants(EXAMPLES.map((e) => e.text));

  it('uses probe texts in all four languages', () => {
    expect(demoTexts.length).toBeGreaterThan(400);
    for (const language of LANGUAGES) expect(DEMO.some((e) => e.language === language)).toBe(true);
  });

  it('tokenize and extractFeatures (training) emit the same features in the same order', () => {
    for (const text of [...fixtureTexts, ...demoTexts]) {
      expect(tokenize(text)).toEqual(refTokenize(text));
      for (const language of LANGUAGES) {
        expect([...extractFeatures(text, language, demoModel.featureConfig)]).toEqual([
          ...refExtractFeatures(text, language, demoModel.featureConfig),
        ]);
      }
    }
  });

  it('classify, transform and probabilities match on the fixture model', () => {
    expect(expectSameClassifications(fixtureModel, fixtureTexts)).toBeGreaterThan(200);
  });

  it('classify, transform and probabilities match on the demo-pack model (46 classes)', () => {
    expect(demoModel.classes.length).toBeGreaterThan(20);
    expect(expectSameClassifications(demoModel, demoTexts)).toBeGreaterThan(1600);
    // Every demo text in four languages against the plain reference: grows with the packs (5,000+ examples).
  }, 120_000);

  it('returned probabilities and vectors do not alias between calls', () => {
    const a = demoModel.probabilities('i lost my passport', 'en');
    const before = [...a];
    demoModel.probabilities('когда срок подачи декларации', 'ru');
    demoModel.classify('tere', 'et');
    expect([...a]).toEqual(before);
    const x = demoModel.vectorizer.transform('i lost my passport', 'en');
    const indices = [...x.indices];
    demoModel.vectorizer.transform('mitt pass är borta', 'sv');
    expect([...x.indices]).toEqual(indices);
  });

  it('language detection matches on pack-trained and built-in profiles, with and without hints', () => {
    for (const samples of [DEMO, [] as TrainingExample[]]) {
      const detector = createLanguageDetector(samples);
      const reference = refDetector(samples);
      for (const text of [...demoTexts, ...fixtureTexts]) {
        for (const hint of [undefined, ...LANGUAGES]) {
          const expected = reference(text, hint);
          expect(detector.detect(text, hint), `${hint}: ${text}`).toEqual(expected);
          expect(detector.detect(text, hint), `${hint}: ${text} (again)`).toEqual(expected);
        }
      }
    }
  });

  it('Vectorizer.fit (training) builds the same vocabulary and idf', () => {
    for (const minDf of [1, 2]) {
      const fitted = Vectorizer.fit(DEMO, demoModel.featureConfig, minDf);
      const df = new Map<string, number>();
      for (const doc of DEMO) for (const f of refExtractFeatures(doc.text, doc.language, demoModel.featureConfig).keys()) df.set(f, (df.get(f) ?? 0) + 1);
      const vocabulary = [...df].filter(([f, count]) => count >= minDf || f.startsWith('w:')).map(([f]) => f).sort();
      expect(fitted.features).toEqual(vocabulary);
      expect([...fitted.idf]).toEqual([...Float32Array.from(vocabulary, (f) => Math.log((DEMO.length + 1) / (df.get(f)! + 1)) + 1)]);
    }
    expect(demoModel.vectorizer.features).toEqual(Vectorizer.fit(DEMO, demoModel.featureConfig, demoModel.meta.minDf as number).features);
  });
});
