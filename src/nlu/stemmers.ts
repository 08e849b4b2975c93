import { createRequire } from 'node:module';
import type { Language } from '../protocol/index.js';

// natural's stemmer files are loaded one by one: `import 'natural'` pulls in the whole library (WordNet,
// classifiers, dotenv), which costs start-up time and prints noise. natural 8 has no `exports` map, so the deep
// paths are public in practice.
const require = createRequire(import.meta.url);
interface Stemmer {
  stem(token: string): string;
}
const load = (file: string): Stemmer => require(`natural/lib/natural/stemmers/${file}`) as Stemmer;

const STEMMERS: Record<Language, (token: string) => string> = {
  en: bind(load('porter_stemmer.js')),
  ru: bind(load('porter_stemmer_ru.js')),
  sv: bind(load('porter_stemmer_sv.js')),
  et: stemEstonian,
};

function bind(stemmer: Stemmer): (token: string) => string {
  return (token) => stemmer.stem(token);
}

// Estonian has 14 cases and no stemmer in natural. A light suffix stripper folds the commonest case endings
// (passi/passiga/passist → pass); the character n-grams of the model carry the rest of the inflection.
const ET_SUFFIXES = [
  'tegagi', 'dega', 'tega', 'desse', 'teks', 'deks', 'ilt', 'ile', 'iga', 'ist', 'isse', 'ide', 'sse',
  'ga', 'le', 'lt', 'ks', 'ni', 'na', 'ta', 'st', 'ga', 'ks', 'de', 'te', 'id', 'le', 'l', 's', 'd', 't',
].sort((a, b) => b.length - a.length);

export function stemEstonian(token: string): string {
  if (token.length <= 4) return token;
  for (const suffix of ET_SUFFIXES) {
    if (token.endsWith(suffix) && token.length - suffix.length >= 4) return token.slice(0, -suffix.length);
  }
  // Final vowel of the genitive/partitive stem (passi → pass, maksu → maks).
  if (/[aeiu]$/.test(token) && token.length >= 5) return token.slice(0, -1);
  return token;
}

/**
 * Estonian suffix rules (`estonian: 'rules'`): rounds, until nothing changes, of (strip the longest case, plural or verb ending that
 * leaves ≥ 4 letters, then a final theme vowel a/e/i/u from ≥ 5 letters). Not a lemmatiser: the aim is that
 * every form of one word lands on one stem ("toetus", "toetuse", "toetusega", "toetuste" → "toet"; "maksu",
 * "maksude", "maksta" → "maks"), checked on a word list in tests/nlu/stemmers.test.ts. Consonant gradation
 * (dokument/dokumendi) and irregular stems (laps/lapse) are left to the character n-grams.
 */
const ET_RULE_SUFFIXES = [
  // cases, singular and plural (-de/-te genitive plural, -id/-sid/-i partitive plural)
  'desse', 'tesse', 'dega', 'tega', 'deks', 'teks', 'dele', 'tele', 'delt', 'telt', 'dest', 'test', 'dele', 'deni', 'teni',
  'isse', 'iga', 'iks', 'ile', 'ilt', 'ist', 'ide', 'sid', 'sse', 'ga', 'ks', 'na', 'ni', 'ta', 'le', 'lt', 'st', 'id', 'de', 'te',
  // verb endings: -ma/-da infinitives, -takse impersonal, -nud/-tud participles, -sin/-sid past, persons
  'takse', 'vad', 'sin', 'nud', 'tud', 'ma', 'da', 'me', 'te', 'b', 'n',
  'l', 's', 't', 'd',
].sort((a, b) => b.length - a.length);

export function stemEstonianRules(token: string): string {
  let stem = token;
  for (let before = ''; stem !== before && stem.length > 4; ) {
    before = stem;
    const suffix = ET_RULE_SUFFIXES.find((s) => stem.endsWith(s) && stem.length - s.length >= 4);
    if (suffix) stem = stem.slice(0, -suffix.length);
    if (/[aeiu]$/.test(stem) && stem.length >= 5) stem = stem.slice(0, -1);
  }
  return stem;
}

const LATIN_ACCENTED = /[\u00c0-\u024f]/g;

/** Estonian without õäöü and Russian without ё, as citizens type: fold both sides (training and input). */
export function foldDiacritics(token: string): string {
  // Latin letters only: Cyrillic й must stay й (NFD would split it into и + breve).
  return /[\u0080-\uffff]/.test(token) ? token.replace(/ё/g, 'е').replace(LATIN_ACCENTED, (c) => c.normalize('NFD').replace(/\p{M}/gu, '')) : token;
}

// natural's stemmers are regex-heavy (~5 µs a word); a bounded memo makes repeated words free. Cleared
// wholesale when full: simple, and the working set of a chat service is small.
const MEMO_LIMIT = 50_000;
const memo: Record<Language, Map<string, string>> = { en: new Map(), et: new Map(), ru: new Map(), sv: new Map() };

const rulesMemo: Map<string, string> = new Map();

/**
 * Stem with the language's stemmer; tokens in another script than the stemmer expects come back unchanged.
 * `estonian: 'rules'` picks `stemEstonianRules` for Estonian instead of the light stripper.
 */
export function stem(token: string, language: Language, estonian: 'light' | 'rules' = 'light'): string {
  const rules = language === 'et' && estonian === 'rules';
  const cache = rules ? rulesMemo : memo[language];
  let stemmed = cache.get(token);
  if (stemmed === undefined) {
    stemmed = /^\p{N}+$/u.test(token) ? token : rules ? stemEstonianRules(token) : STEMMERS[language](token);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(token, stemmed);
  }
  return stemmed;
}
