import { describe, expect, it } from 'vitest';
import { foldDiacritics, stem, stemEstonianRules } from '../../src/nlu/stemmers.js';

// Estonian paradigms: every form in a row must land on one stem, and different words on different stems.
const ESTONIAN: Array<[lemma: string, forms: string[]]> = [
  ['pass', ['pass', 'passi', 'passiga', 'passist', 'passile', 'passid', 'passide', 'passis', 'passita', 'passiks', 'passisse']],
  ['maks', ['maks', 'maksu', 'maksud', 'maksude', 'maksuga', 'maksust', 'makse', 'maksta', 'maksma', 'maksab']],
  ['toetus', ['toetus', 'toetuse', 'toetust', 'toetusega', 'toetused', 'toetuste', 'toetusele', 'toetuseks']],
  ['pension', ['pension', 'pensioni', 'pensionile', 'pensionist', 'pensioniga', 'pensionid', 'pensionide']],
  ['deklaratsioon', ['deklaratsioon', 'deklaratsiooni', 'deklaratsiooniga', 'deklaratsioonid', 'deklaratsiooniks']],
  ['hüvitis', ['hüvitis', 'hüvitise', 'hüvitist', 'hüvitisega', 'hüvitised']],
  ['taotlus', ['taotlus', 'taotluse', 'taotlust', 'taotlusega', 'taotlused']],
  ['kaotama', ['kaotama', 'kaotada', 'kaotasin', 'kaotanud']],
  ['elukoht', ['elukoht', 'elukohta', 'elukohas', 'elukohast']],
];

describe('Estonian suffix rules', () => {
  it.each(ESTONIAN)('every form of "%s" gets one stem', (_lemma, forms) => {
    const stems = new Set(forms.map(stemEstonianRules));
    expect([...stems]).toHaveLength(1);
  });

  it('keeps different words apart', () => {
    const stems = ESTONIAN.map(([lemma]) => stemEstonianRules(lemma));
    expect(new Set(stems).size).toBe(stems.length);
  });

  it('leaves short words alone', () => {
    for (const word of ['ma', 'tere', 'auto', 'laps']) expect(stemEstonianRules(word)).toBe(word);
  });

  it('is what stem() uses for Estonian when asked for the rules', () => {
    expect(stem('toetusega', 'et', 'rules')).toBe(stemEstonianRules('toetusega'));
    expect(stem('passiga', 'et')).toBe('pass'); // the light stripper stays the default of stem()
  });
});

describe('Russian and Swedish stemming (natural)', () => {
  it.each([
    ['ru', ['паспорт', 'паспорта', 'паспортом', 'паспорте']],
    ['ru', ['пенсия', 'пенсии', 'пенсию', 'пенсией']],
    ['ru', ['налог', 'налога', 'налогом', 'налоги']],
    ['sv', ['pension', 'pensionen', 'pensioner']],
    ['sv', ['deklaration', 'deklarationen', 'deklarationer']],
    ['sv', ['skatt', 'skatten', 'skatter']],
  ] as const)('%s: %j share a stem', (language, forms) => {
    expect(new Set(forms.map((form) => stem(form, language))).size).toBe(1);
  });
});

describe('folding', () => {
  it('drops Estonian and Swedish diacritics and folds ё, leaving ASCII and other Cyrillic alone', () => {
    expect(foldDiacritics('nüüd')).toBe('nuud');
    expect(foldDiacritics('sõidan')).toBe('soidan');
    expect(foldDiacritics('läänemaa')).toBe('laanemaa');
    expect(foldDiacritics('ещё')).toBe('еще');
    expect(foldDiacritics('ребёнок')).toBe('ребенок');
    expect(foldDiacritics('återbäring')).toBe('aterbaring');
    expect(foldDiacritics('passport')).toBe('passport');
    expect(foldDiacritics('йогурт')).toBe('йогурт');
  });
});
