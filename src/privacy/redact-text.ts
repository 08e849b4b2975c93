/**
 * Scrubs personal data out of free text before it can reach a log line: Estonian personal ID codes
 * (isikukood), e-mail addresses, phone numbers, IBANs and long card-like digit runs. Conservative on
 * purpose: a false positive costs a little readability in a log, a false negative leaks a person.
 */
const PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // E-mail first, before its digits can be taken for a phone number.
  [/[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu, '[email]'],
  // IBAN: two letters, two check digits, 10-30 alphanumerics, optional spaces every four.
  [/\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,4})?\b/g, '[iban]'],
  // Estonian/Latvian/Lithuanian-style personal codes: 11 digits starting 1-6 (century+sex).
  [/\b[1-6]\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{4}\b/g, '[id-code]'],
  // Card numbers and other long digit runs (13-19 digits, spaces or dashes allowed).
  [/\b\d(?:[ -]?\d){12,18}\b/g, '[number]'],
  // Phone numbers: optional +country, 7-15 digits with common separators.
  [/(?:\+|\b00)?\d[\d ()-]{5,16}\d\b/g, '[phone]'],
];

export function redactText(text: string): string {
  let out = text;
  for (const [pattern, replacement] of PATTERNS) out = out.replace(pattern, replacement);
  return out;
}
