import type { Language } from '../protocol/index.js';

/**
 * Cancel words: what a citizen writes to leave a form ("stopp", "cancel", "отмена", "avbryt"). The router
 * checks them only while a form is open, before the model is asked, so they work whatever the model thinks of
 * a one-word message, and "stop" in a conversation without a form is routed like any other text.
 *
 * The whole message must be a cancel phrase, give or take politeness words and punctuation: "cancel my
 * appointment" is a question for the police, not a cancel word. Letters are compared without diacritics and
 * case ("katkesta", "tuhista" for "tühista", "отмена", "avbryt"), so a citizen without the right keyboard is
 * understood too.
 */

const PHRASES: Record<Language, string[]> = {
  en: ['cancel', 'stop', 'quit', 'exit', 'abort', 'end', 'never mind', 'nevermind', 'forget it', 'stop it', 'cancel that', 'cancel it', 'stop this', 'cancel this', 'i want to stop', 'leave'],
  et: ['stopp', 'stop', 'katkesta', 'tühista', 'lõpeta', 'lõpp', 'aitab', 'unusta', 'unusta ära', 'pole vaja', 'ei taha', 'välju', 'loobun', 'katkestan', 'jäta', 'jäta see'],
  ru: ['отмена', 'отменить', 'отмени', 'стоп', 'хватит', 'прекрати', 'прекратить', 'выход', 'выйти', 'не надо', 'забудь', 'остановись', 'закончить'],
  sv: ['avbryt', 'stopp', 'sluta', 'avsluta', 'glöm det', 'strunta i det', 'stoppa', 'avbryt det', 'det räcker'],
};

/** Words that may surround a cancel phrase without changing it: "please stop", "okay, cancel", "stopp, aitäh". */
const FILLER = new Set([
  'please', 'ok', 'okay', 'just', 'now', 'thanks', 'thank', 'you', 'the', 'form', 'no',
  'palun', 'ok', 'aitäh', 'aitah', 'nüüd', 'ei',
  'пожалуйста', 'спасибо', 'ок', 'нет', 'сейчас',
  'snälla', 'tack', 'nu', 'nej',
].map(fold));

/** Folded phrase → the languages it is a cancel phrase in ("stopp": et and sv). */
const CANCEL = new Map<string, Language[]>();
for (const [language, phrases] of Object.entries(PHRASES) as Array<[Language, string[]]>) {
  for (const phrase of phrases) CANCEL.set(fold(phrase), [...(CANCEL.get(fold(phrase)) ?? []), language]);
}

/** Lower case, no diacritics (õ→o, ё→е, й→и on both sides alike), letters and single spaces only. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** True when the message, without politeness words, is a cancel phrase in et, en, ru or sv. */
export function isCancelWord(text: string): boolean {
  return cancelLanguages(text) !== undefined;
}

/**
 * The languages in which the message is a cancel phrase, or undefined when it is none. A one-word message is
 * a poor guide to its language ("stopp" looked English to the detector): the router answers a cancel word in
 * the conversation's language when the word belongs to it, else in the word's own.
 */
export function cancelLanguages(text: string): Language[] | undefined {
  const folded = fold(text);
  const whole = CANCEL.get(folded);
  if (whole) return whole;
  const words = folded.split(' ').filter((word) => word && !FILLER.has(word));
  return words.length > 0 && words.length <= 4 ? CANCEL.get(words.join(' ')) : undefined;
}
