import type { Language } from '../protocol/index.js';
import { tokenize, type LanguageGuess } from '../nlu/index.js';

/**
 * The conversation's language is sticky: "stopp" in an Estonian conversation is Estonian, even though one word
 * gives the detector little to go on (it said English, 0.39). A message switches the conversation's language
 * only when the detector is sure: a full sentence (≥ SWITCH_MIN_WORDS words) at ≥ SWITCH_CONFIDENCE, or a
 * shorter one at ≥ SHORT_SWITCH_CONFIDENCE (in practice: another script, "спасибо" in a Swedish conversation).
 */
export const SWITCH_MIN_WORDS = 3;
export const SWITCH_CONFIDENCE = 0.7;
export const SHORT_SWITCH_CONFIDENCE = 0.9;

/** The language to answer (and classify) in: the detector's guess, unless it is too weak to leave `current`. */
export function stickyLanguage(guess: LanguageGuess, text: string, current: Language | undefined): LanguageGuess {
  if (!current || guess.language === current) return guess;
  const words = tokenize(text).length;
  const sure = words >= SWITCH_MIN_WORDS ? guess.confidence >= SWITCH_CONFIDENCE : guess.confidence >= SHORT_SWITCH_CONFIDENCE;
  if (sure) return guess;
  const kept = guess.candidates.find((c) => c.language === current);
  return { language: current, confidence: kept?.score ?? 0, candidates: guess.candidates };
}
