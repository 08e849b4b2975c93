import { describe, expect, it } from 'vitest';
import { createLanguageDetector, detectLanguage } from '../../src/nlu/index.js';

describe('detectLanguage', () => {
  it.each([
    ['kaotasin oma passi ära', 'et'],
    ['millal on deklaratsiooni tähtaeg', 'et'],
    ['kas ma saan lapsetoetust', 'et'],
    ['tahan rääkida inimesega', 'et'],
    ['i lost my passport yesterday', 'en'],
    ['when is the tax deadline', 'en'],
    ['can i talk to a human', 'en'],
    ['я потерял паспорт вчера', 'ru'],
    ['когда срок подачи декларации', 'ru'],
    ['jag har tappat mitt pass', 'sv'],
    ['när betalas barnbidraget ut', 'sv'],
    ['kan jag prata med en människa', 'sv'],
  ] as const)('%s → %s', (text, language) => {
    const guess = detectLanguage(text);
    expect(guess.language).toBe(language);
    expect(guess.candidates[0].language).toBe(language);
    expect(guess.confidence).toBeGreaterThan(0.5);
  });

  it('falls back to the hint, or en, when the text says nothing', () => {
    expect(detectLanguage('', 'sv')).toMatchObject({ language: 'sv', confidence: 0 });
    expect(detectLanguage('12345 !!!')).toMatchObject({ language: 'en', confidence: 0 });
    expect(detectLanguage('ok', 'et').language).toBe('et');
  });

  it('the hint breaks a tie but does not override clear evidence', () => {
    expect(detectLanguage('я потерял паспорт', 'et').language).toBe('ru');
    expect(detectLanguage('jag har tappat mitt pass', 'en').language).toBe('sv');
  });

  it('candidates cover all four languages, best first, summing to about 1', () => {
    const guess = detectLanguage('tere, kuidas läheb');
    expect(guess.candidates.map((c) => c.language).sort()).toEqual(['en', 'et', 'ru', 'sv']);
    expect(guess.candidates.reduce((s, c) => s + c.score, 0)).toBeCloseTo(1, 6);
  });

  it('a detector trained on samples learns their vocabulary', () => {
    const samples = ['juhiluba', 'juhiloa', 'juhilubade', 'juhiloaga'].map((text) => ({ text, language: 'et' as const }));
    const trained = createLanguageDetector(samples).detect('juhiluba');
    const builtIn = detectLanguage('juhiluba');
    const etScore = (guess: typeof builtIn): number => guess.candidates.find((c) => c.language === 'et')!.score;
    expect(etScore(trained)).toBeGreaterThan(etScore(builtIn));
    expect(trained.language).toBe('et');
  });
});
