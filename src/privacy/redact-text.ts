import { redactPii } from './detect.js';

/**
 * A log line is not a bot: nobody needs the case number in it. After the detectors, any remaining run of
 * seven or more digits (separators allowed) is masked too, so an ID code with a mistyped check digit or a
 * phone number in a form no detector knows still never reaches a log.
 */
const LONG_DIGIT_RUN = /(?<!\p{N})\+?\d(?:[ .()/-]{0,2}\d){6,}(?!\p{N})/gu;

/**
 * Scrubs personal data out of free text before it can reach a log line: the detectors of `detect.ts`
 * (ID codes with their check digits, e-mail, phones, IBANs, cards, plates, addresses), then long digit
 * runs. Conservative on purpose: a false positive costs a little readability in a log, a false negative
 * leaks a person.
 */
export function redactText(text: string): string {
  return redactPii(text).replace(LONG_DIGIT_RUN, '[number]');
}
