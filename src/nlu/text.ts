/**
 * Text normalisation and tokenisation shared by the intent model and language detection.
 * Lower-cases, applies NFKC, folds typographic apostrophes and splits on anything that is not a letter or digit,
 * so "Kaotasin PASSI!" and "kaotasin passi" produce the same tokens.
 */
const NON_WORD = /[^\p{L}\p{N}]+/gu;
const APOSTROPHES = /['’`´]/g;

export function normalize(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(APOSTROPHES, '');
}

export function tokenize(text: string): string[] {
  return [...tokensOf(text)];
}

let lastText: string | undefined;
let lastTokens: readonly string[] = [];

/**
 * `tokenize` for the hot path, remembering the last text: the router detects the language of a message and then
 * classifies the same string, so the second call is free. Read-only: the array is shared with the next caller.
 */
export function tokensOf(text: string): readonly string[] {
  if (text !== lastText) {
    lastTokens = normalize(text)
      .split(NON_WORD)
      .filter((token) => token.length > 0);
    lastText = text;
  }
  return lastTokens;
}
