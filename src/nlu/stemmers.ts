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

// natural's stemmers are regex-heavy (~5 µs a word); a bounded memo makes repeated words free. Cleared
// wholesale when full: simple, and the working set of a chat service is small.
const MEMO_LIMIT = 50_000;
const memo: Record<Language, Map<string, string>> = { en: new Map(), et: new Map(), ru: new Map(), sv: new Map() };

/** Stem with the language's stemmer; tokens in another script than the stemmer expects come back unchanged. */
export function stem(token: string, language: Language): string {
  const cache = memo[language];
  let stemmed = cache.get(token);
  if (stemmed === undefined) {
    stemmed = /^\p{N}+$/u.test(token) ? token : STEMMERS[language](token);
    if (cache.size >= MEMO_LIMIT) cache.clear();
    cache.set(token, stemmed);
  }
  return stemmed;
}
