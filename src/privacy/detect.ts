import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { electronicFormatIBAN, isValidIBAN } from 'ibantools';
import { henkilotunnusValid, isikukoodValid, luhnValid, personnummerValid } from './checksums.js';

/**
 * The kinds of personal data Switchboard finds in free text. Every kind is measured on the labelled set
 * `tests/fixtures/pii-cases.jsonl` (`npm run eval -- --pii`, figures in docs/PRIVACY.md).
 */
export const PII_KINDS = ['id_ee', 'id_se', 'id_fi', 'email', 'phone', 'iban', 'card', 'plate_ee', 'address'] as const;
export type PiiKind = (typeof PII_KINDS)[number];

export interface PiiSpan {
  kind: PiiKind;
  /** UTF-16 offsets into the text, `end` exclusive. */
  start: number;
  end: number;
}

/** What a redacted span is replaced with. */
export const PII_LABELS: Record<PiiKind, string> = {
  id_ee: '[id-code]',
  id_se: '[id-code]',
  id_fi: '[id-code]',
  email: '[email]',
  phone: '[phone]',
  iban: '[iban]',
  card: '[card]',
  plate_ee: '[plate]',
  address: '[address]',
};

// Unicode-aware word edges: `\b` only knows ASCII letters, and citizens write õ, ä, й.
const NOT_AFTER_WORD = '(?<![\\p{L}\\p{N}])';
const NOT_BEFORE_WORD = '(?![\\p{L}\\p{N}])';

type Finder = (text: string) => Array<Omit<PiiSpan, 'kind'>>;

/** Every match of `pattern` (global) whose text passes `valid`. */
function matching(pattern: RegExp, valid: (match: string) => boolean = () => true): Finder {
  return (text) => {
    const spans: Array<Omit<PiiSpan, 'kind'>> = [];
    for (const match of text.matchAll(pattern)) {
      if (valid(match[0])) spans.push({ start: match.index, end: match.index + match[0].length });
    }
    return spans;
  };
}

const EMAIL = new RegExp(`${NOT_AFTER_WORD}[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)*\\.\\p{L}{2,}`, 'gu');
const ISIKUKOOD = /(?<!\p{N})[1-8]\d{10}(?!\p{N})/gu;
// YYMMDD-NNNC, YYMMDD+NNNC, YYYYMMDD(-)NNNC, or ten digits written together.
const PERSONNUMMER = /(?<![\p{N}+-])(?:(?:18|19|20)\d{6}-?\d{4}|\d{6}[-+]\d{4}|\d{10})(?!\p{N})/gu;
const HETU = new RegExp(`${NOT_AFTER_WORD}\\d{6}[-+A-FU-Y]\\d{3}[0-9A-Y]${NOT_BEFORE_WORD}`, 'giu');
const IBAN_CANDIDATE = new RegExp(`${NOT_AFTER_WORD}[A-Z]{2}\\d{2}(?: ?[A-Z0-9]{1,4}){3,8}`, 'giu');
const CARD = /(?<![\p{N}])[2-6]\d(?:[ -]?\d){11,17}(?![\p{N}])/gu;
// Estonian standard plates: three digits, three letters ("123 ABC"); not an amount in a currency.
const PLATE = new RegExp(`${NOT_AFTER_WORD}\\d{3} ?[A-Z]{3}${NOT_BEFORE_WORD}`, 'gu');
const CURRENCIES = new Set(['EUR', 'USD', 'SEK', 'RUB', 'GBP', 'NOK', 'DKK', 'CHF', 'PLN', 'UAH', 'JPY', 'CNY', 'KMH', 'CET', 'EET', 'UTC', 'GMT']);
/** Capitalised words that start Estonian sentences, not street names: "Palun tee 5 koopiat" is an errand. */
const NOT_STREET_NAMES = 'Palun|Ja|Kas|Siis|Nüüd|Ma|Sa|Ta|Me|Te|Nad|Mida|Seda|Ärge|Ära|Kohe|Lihtsalt|Tee|Kuidas|Miks|Millal';
const HOUSE = '\\d{1,4}[a-zA-Zа-я]?(?:[-/]\\d{1,4})?';
const ADDRESSES = [
  // Estonian: "Narva mnt 5", "Pärnu maantee 10-4", "Tartu tn 2a".
  new RegExp(`${NOT_AFTER_WORD}(?!(?:${NOT_STREET_NAMES})\\s)\\p{Lu}[\\p{L}-]+(?: \\p{Ll}[\\p{Ll}-]+)? (?:tn|tänav|mnt|maantee|pst|puiestee|põik|tee|väljak|allee)\\.? ${HOUSE}${NOT_BEFORE_WORD}`, 'gu'),
  // Swedish: "Storgatan 12", "Kungsvägen 5B".
  new RegExp(`${NOT_AFTER_WORD}\\p{Lu}\\p{Ll}+(?:gatan|vägen|gränd|torget|stigen|backen|allén|plan) ${HOUSE}${NOT_BEFORE_WORD}`, 'gu'),
  // Russian: "ул. Ленина, д. 5", "улица Мира 7".
  new RegExp(`(?:ул\\.|улица|пр\\.|проспект|шоссе) ?\\p{Lu}[\\p{L}-]+,? (?:д\\. ?|дом )?${HOUSE}${NOT_BEFORE_WORD}`, 'gu'),
  // English: "12 Baker Street".
  new RegExp(`${NOT_AFTER_WORD}\\d{1,4} \\p{Lu}\\p{Ll}+ (?:Street|St\\.|Road|Rd\\.|Avenue|Ave\\.|Lane)${NOT_BEFORE_WORD}`, 'gu'),
];

/** The longest run of groups from the start of a candidate that is a valid IBAN (the rest is other text). */
function ibans(text: string): Array<Omit<PiiSpan, 'kind'>> {
  const spans: Array<Omit<PiiSpan, 'kind'>> = [];
  for (const match of text.matchAll(IBAN_CANDIDATE)) {
    let candidate = match[0];
    while (candidate.length >= 15) {
      if (isValidIBAN(electronicFormatIBAN(candidate.toUpperCase()) ?? '')) {
        spans.push({ start: match.index, end: match.index + candidate.length });
        break;
      }
      candidate = candidate.slice(0, -1).trimEnd();
    }
  }
  return spans;
}

/**
 * Phone numbers: candidates by pattern, then `libphonenumber-js` (full metadata: real number ranges) decides.
 * International forms (`+`, `00`) of any country are accepted when valid. National forms only in the shapes
 * citizens of this service write them: Estonian numbers (no trunk prefix: mobiles 5…, landlines 3/4/6/7…),
 * Swedish and Finnish with their trunk `0`, Russian with trunk `8` or a ten-digit mobile (9…). An amount
 * ("5000000 eurot") is not a phone number.
 */
// Not a slice of a longer run of digit groups (an IBAN or card with a wrong check digit, a case number).
const PHONE_CANDIDATE = /(?<![\p{L}\p{N}+/.,-])(?<!\d[ -])(?:\+|00)?\d(?:[ ()-]{0,2}\d){6,14}(?![\p{L}\p{N}])(?![ -]?\d)/gu;
/** `YYMMDD-NNN(N)`: an ID code with a wrong check digit, not a phone number. */
const ID_SHAPED = /^\d{6}[-+A-Y]\d{3,4}$/;
const AMOUNT_AFTER = /^\s?(?:€|eur|eurot?|euros?|kr|kronor|sek|руб|рубл|usd|\$|%)/i;

function phoneValid(candidate: string, after: string): boolean {
  if (AMOUNT_AFTER.test(after) || ID_SHAPED.test(candidate)) return false;
  const digits = candidate.replace(/\D/g, '');
  if (/^(?:\+|00)/.test(candidate)) return parsePhoneNumberFromString(candidate.replace(/^00/, '+'))?.isValid() ?? false;
  const national = (country: CountryCode) => parsePhoneNumberFromString(candidate, country)?.isValid() ?? false;
  if (/^5\d{6,7}$|^[3467]\d{6}$/.test(digits) && national('EE')) return true;
  if (/^0\d{6,11}$/.test(digits) && (national('SE') || national('FI'))) return true;
  return /^8\d{10}$|^9\d{9}$/.test(digits) && national('RU');
}

function phones(text: string): Array<Omit<PiiSpan, 'kind'>> {
  const spans: Array<Omit<PiiSpan, 'kind'>> = [];
  for (const match of text.matchAll(PHONE_CANDIDATE)) {
    const candidate = match[0].trimEnd();
    if (phoneValid(candidate, text.slice(match.index + match[0].length, match.index + match[0].length + 8))) {
      spans.push({ start: match.index, end: match.index + candidate.length });
    }
  }
  return spans;
}

/** In priority order: where two kinds claim overlapping text, the earlier one wins. */
const FINDERS: Array<[PiiKind, Finder]> = [
  ['email', matching(EMAIL)],
  ['iban', ibans],
  ['id_ee', matching(ISIKUKOOD, isikukoodValid)],
  ['id_fi', matching(HETU, henkilotunnusValid)],
  ['id_se', matching(PERSONNUMMER, personnummerValid)],
  ['card', matching(CARD, (match) => luhnValid(match.replace(/[ -]/g, '')))],
  ['phone', phones],
  ['address', (text) => ADDRESSES.flatMap((pattern) => matching(pattern)(text))],
  ['plate_ee', matching(PLATE, (match) => !CURRENCIES.has(match.slice(-3)))],
];

/** Personal data in `text`, by kind, without overlaps, in text order. */
export function detectPii(text: string, kinds: ReadonlyArray<PiiKind> = PII_KINDS): PiiSpan[] {
  const taken: PiiSpan[] = [];
  for (const [kind, find] of FINDERS) {
    if (!kinds.includes(kind)) continue;
    for (const span of find(text)) {
      if (taken.some((other) => span.start < other.end && other.start < span.end)) continue;
      taken.push({ kind, ...span });
    }
  }
  return taken.sort((a, b) => a.start - b.start);
}

export function containsPii(text: string): boolean {
  return detectPii(text).length > 0;
}

/** `text` with every detected span replaced by its label (`[id-code]`, `[email]`, …). */
export function redactPii(text: string): string {
  let out = text;
  for (const span of detectPii(text).reverse()) out = out.slice(0, span.start) + PII_LABELS[span.kind] + out.slice(span.end);
  return out;
}
