/**
 * Reading a citizen's free-text answer in any of the four languages: an amount of money ("2100",
 * "2 100 €", "about 1800 euros", "1,8 tuhat") or a yes/no ("jah, sündis", "нет ещё", "not yet").
 */

const NUMBER = /\d[\d\s\u00a0\u202f.,']*\d|\d/g;
const CURRENCY_AFTER = /^\s*(€|eur|euro|eurot|euros|евро)/i;
const CURRENCY_BEFORE = /(€|eur)\s*$/i;
const THOUSANDS_AFTER = /^\s*(k\b|tuh|тыс|tusen)/i;
const MAX_MONTHLY = 200_000;

/**
 * The monthly amount the text names, or undefined. A number next to a currency sign wins; else the
 * largest one ("2 kids, I earn 2000" → 2000). With `requireCurrency`, bare numbers are ignored, so
 * a first message like "born in 2024" is not read as an income.
 */
export function parseAmount(text: string, options: { requireCurrency?: boolean } = {}): number | undefined {
  const found: Array<{ value: number; currency: boolean }> = [];
  for (const match of text.matchAll(NUMBER)) {
    const after = text.slice(match.index + match[0].length);
    const before = text.slice(0, match.index);
    let value = toNumber(match[0]);
    if (value === undefined) continue;
    if (THOUSANDS_AFTER.test(after)) value *= 1000;
    if (value > MAX_MONTHLY) continue;
    found.push({ value, currency: CURRENCY_AFTER.test(after) || CURRENCY_BEFORE.test(before) });
  }
  const withCurrency = found.filter((candidate) => candidate.currency);
  const pool = withCurrency.length > 0 || options.requireCurrency ? withCurrency : found;
  if (pool.length === 0) return undefined;
  return Math.round(Math.max(...pool.map((candidate) => candidate.value)));
}

/** "2 100", "2.100", "2,100" → 2100; "1800,50" and "1,8" → decimals. */
function toNumber(raw: string): number | undefined {
  const compact = raw.replace(/[\s\u00a0\u202f']/g, '');
  const separators = compact.match(/[.,]/g) ?? [];
  let normalised = compact;
  if (separators.length > 0) {
    const last = Math.max(compact.lastIndexOf('.'), compact.lastIndexOf(','));
    const decimals = compact.length - last - 1;
    const isDecimal = decimals !== 3 || new Set(separators).size > 1;
    normalised = isDecimal
      ? `${compact.slice(0, last).replace(/[.,]/g, '')}.${compact.slice(last + 1)}`
      : compact.replace(/[.,]/g, '');
  }
  const value = Number(normalised);
  return Number.isFinite(value) ? value : undefined;
}

const NO = new Set(['no', 'not', 'nope', 'ei', 'pole', 'veel', 'nej', 'inte', 'нет', 'не', 'ещё', 'еще', 'expecting', 'ootel', 'ootame']);
const YES = new Set(['yes', 'yeah', 'yep', 'born', 'jah', 'jaa', 'jep', 'sündis', 'sündinud', 'да', 'родился', 'родилась', 'родились', 'ja', 'född', 'fött', 'fötts']);

/** true / false for a yes/no answer to "is the child born?"; undefined when it is neither. */
export function parseYesNo(text: string): boolean | undefined {
  const words = text.toLowerCase().split(/[^\p{L}]+/u).filter(Boolean);
  // "not born yet", "ei ole veel sündinud": the negation decides, so look for it first.
  if (words.some((word) => NO.has(word))) return false;
  if (words.some((word) => YES.has(word))) return true;
  return undefined;
}
