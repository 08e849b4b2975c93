import type { Choice, Language } from '../protocol/index.js';
import { phrase } from '../i18n/index.js';

/**
 * Helpers for agency bots that ask the citizen for a value (a form), so every form behaves alike:
 * - a form re-asks its question at most `MAX_REPROMPTS` times, then gives its plain answer text and offers a
 *   person (`personChoice`), so nobody is stuck in a loop of "Sorry, I did not catch that";
 * - a message that is no value and no attempt at one (`isAnswerAttempt` false: a whole other question) is
 *   answered with `notAnAnswer: true`, and the router routes it as if no form were open.
 */
export const MAX_REPROMPTS = 2;

/** Up to this many words, an unreadable message is taken as a try at answering ("two thousand", "ei tea"). */
const ATTEMPT_MAX_WORDS = 4;

/**
 * True for a reply that may be a try at answering the form's question: a short one, or a longer one that uses a
 * word of the question's topic (`topic`, e.g. "earn", "palk", "зарплата", "lön" for an income question: "I earn
 * about two thousand a month" is an answer in words, to be asked again, not a new question). False for a whole
 * sentence about something else ("what's the weather on Mars?").
 */
export function isAnswerAttempt(text: string, topic?: RegExp): boolean {
  const words = text.split(/\s+/).filter((word) => /[\p{L}\p{N}]/u.test(word)).length;
  return words <= ATTEMPT_MAX_WORDS || (!!topic && topic.test(text));
}

/** "Talk to a person" in the citizen's language: the router recognises its value as the shared ask-for-a-person intent. */
export function personChoice(language: Language): Choice {
  const label = phrase('talkToPerson', language);
  return { label, value: label };
}

/** True when the text is one of the choices the form itself offered (by value or label): it is an answer. */
export function isOfferedChoice(text: string, choices: readonly Choice[]): boolean {
  const said = text.trim().toLowerCase();
  return choices.some((choice) => choice.value.toLowerCase() === said || choice.label.toLowerCase() === said);
}
