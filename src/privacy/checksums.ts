/**
 * Check digits of the national identity numbers and card numbers the detectors accept. A number whose check
 * digit is wrong is not a person's (a typo, an amount, a case number), so the detectors leave it alone.
 */

const digitsOf = (value: string): number[] => [...value].map(Number);

/** Estonian isikukood (also Lithuanian asmens kodas): 11 digits, two weight rounds mod 11 (EVS 585:2007). */
export function isikukoodValid(code: string): boolean {
  if (!/^[1-8]\d{10}$/.test(code)) return false;
  const d = digitsOf(code);
  const centuryBase = [1800, 1800, 1900, 1900, 2000, 2000, 2100, 2100][d[0] - 1];
  if (!dateValid(centuryBase + Number(code.slice(1, 3)), Number(code.slice(3, 5)), Number(code.slice(5, 7)))) return false;
  const round = (weights: number[]) => weights.reduce((sum, weight, i) => sum + weight * d[i], 0) % 11;
  let check = round([1, 2, 3, 4, 5, 6, 7, 8, 9, 1]);
  if (check === 10) check = round([3, 4, 5, 6, 7, 8, 9, 1, 2, 3]);
  if (check === 10) check = 0;
  return check === d[10];
}

/** Luhn (ISO/IEC 7812-1) over a string of digits, check digit last. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Swedish personnummer or samordningsnummer (day + 60), `YYMMDD-NNNC`, `YYMMDD+NNNC` (100 or older) or with
 * the century `YYYYMMDDNNNC`; Luhn over the ten digits from YYMMDD.
 */
export function personnummerValid(value: string): boolean {
  const match = /^(\d{2})?(\d{2})(\d{2})(\d{2})[-+]?(\d{4})$/.exec(value);
  if (!match) return false;
  const [, century, yy, mm, dd, tail] = match;
  const day = Number(dd) > 60 ? Number(dd) - 60 : Number(dd);
  const year = century ? Number(century + yy) : 2000 + Number(yy);
  if (century && !['18', '19', '20'].includes(century)) return false;
  if (!dateValid(year, Number(mm), day, true)) return false;
  return luhnValid(yy + mm + dd + tail);
}

const HETU_CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';
const HETU_CENTURY: Record<string, number> = { '+': 1800, '-': 1900, Y: 1900, X: 1900, W: 1900, V: 1900, U: 1900, A: 2000, B: 2000, C: 2000, D: 2000, E: 2000, F: 2000 };

/** Finnish henkilötunnus `DDMMYYCZZZQ`: Q = "0123456789ABCDEFHJKLMNPRSTUVWXY"[DDMMYYZZZ mod 31]. */
export function henkilotunnusValid(value: string): boolean {
  const match = /^(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])$/.exec(value.toUpperCase());
  if (!match) return false;
  const [, dd, mm, yy, sign, individual, check] = match;
  if (!dateValid(HETU_CENTURY[sign] + Number(yy), Number(mm), Number(dd))) return false;
  return HETU_CHECK[Number(dd + mm + yy + individual) % 31] === check;
}

/** `lenientYear`: a two-digit Swedish year can be either century; only 29 February cares, so allow it. */
function dateValid(year: number, month: number, day: number, lenientYear = false): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = lenientYear || (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0));
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}
