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
  return normalize(text)
    .split(NON_WORD)
    .filter((token) => token.length > 0);
}
