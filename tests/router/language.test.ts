import { describe, expect, it } from 'vitest';
import { AgencyRegistry, loadAgenciesFolder, loadPackFolder } from '../../src/agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../../src/config/index.js';
import { createLanguageDetector, type LanguageGuess } from '../../src/nlu/index.js';
import type { Language } from '../../src/protocol/index.js';
import { stickyLanguage } from '../../src/router/index.js';

const guess = (language: Language, confidence: number): LanguageGuess => ({
  language,
  confidence,
  candidates: [{ language, score: confidence }, { language: language === 'et' ? 'en' : 'et', score: 1 - confidence }],
});

describe('sticky conversation language (rules)', () => {
  it('keeps the conversation language for a short message the detector is unsure about', () => {
    expect(stickyLanguage(guess('en', 0.39), 'stopp', 'et').language).toBe('et');
    expect(stickyLanguage(guess('en', 0.66), 'thanks', 'et').language).toBe('et');
  });

  it('keeps it for a long message with low confidence', () => {
    expect(stickyLanguage(guess('sv', 0.5), 'ok ok ok ok', 'et').language).toBe('et');
  });

  it('switches on a confident sentence, or a short message the detector is certain of', () => {
    expect(stickyLanguage(guess('en', 0.95), 'how do i renew my id card', 'et').language).toBe('en');
    expect(stickyLanguage(guess('ru', 1), 'спасибо', 'sv').language).toBe('ru');
  });

  it('follows the detector when there is no conversation language yet, or it agrees', () => {
    expect(stickyLanguage(guess('en', 0.2), 'stopp', undefined).language).toBe('en');
    expect(stickyLanguage(guess('et', 0.3), 'stopp', 'et')).toEqual(guess('et', 0.3));
  });
});

describe('sticky conversation language (the server detector, trained on the packs)', async () => {
  const registry = new AgencyRegistry(await loadAgenciesFolder(DEFAULT_AGENCIES_DIR), await loadPackFolder(DEFAULT_INTENTS_DIR));
  const detector = createLanguageDetector(registry.trainingExamples());
  const answer = (text: string, conversation: Language, widget: Language = conversation) => stickyLanguage(detector.detect(text, widget), text, conversation).language;

  it.each([
    ['stopp', 'et', 'en'],
    ['ok', 'sv', 'en'],
    ['tack', 'et', 'et'],
    ['passport', 'et', 'et'],
  ] as const)('"%s" in a %s conversation (widget %s) stays in the conversation language', (text, conversation, widget) => {
    expect(answer(text, conversation, widget)).toBe(conversation);
  });

  it.each([
    ['what documents do i need to move abroad', 'et', 'en'],
    ['kuidas id kaarti uuendada', 'en', 'et'],
    ['jag har tappat mitt pass', 'et', 'sv'],
    ['я потерял паспорт', 'et', 'ru'],
  ] as const)('"%s" switches a %s conversation to %s', (text, conversation, expected) => {
    expect(answer(text, conversation)).toBe(expected);
  });
});
