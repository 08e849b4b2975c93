import { describe, expect, it } from 'vitest';
import { cancelLanguages, isCancelWord } from '../../src/router/index.js';

describe('cancel words', () => {
  it.each([
    // en
    'cancel', 'Cancel.', 'STOP', 'stop please', 'never mind', 'forget it', 'quit',
    // et, also without diacritics
    'stopp', 'Stopp!', 'katkesta', 'tühista', 'tuhista', 'lõpeta', 'lopeta', 'aitab', 'palun katkesta', 'pole vaja',
    // ru, also without ё/й marks
    'отмена', 'Отмена', 'стоп', 'хватит', 'не надо', 'отменить, пожалуйста',
    // sv, also without diacritics
    'avbryt', 'Avbryt', 'sluta', 'avsluta', 'glöm det', 'glom det', 'stopp', 'avbryt tack',
  ])('%j is a cancel word', (text) => {
    expect(isCancelWord(text)).toBe(true);
  });

  it.each([
    'cancel my appointment',
    'how do I stop my benefit payments',
    'bus stop near the police station',
    'I want to cancel my passport application',
    'katkesta minu taotlus',
    'отмена доверенности',
    'avbryt min ansökan om pass',
    '2100',
    'yes',
    'jah',
    'да',
    'ja',
    '',
  ])('%j is not', (text) => {
    expect(isCancelWord(text)).toBe(false);
  });

  it('knows which languages a cancel word belongs to', () => {
    expect(cancelLanguages('stopp')).toEqual(['et', 'sv']);
    expect(cancelLanguages('Avbryt, tack')).toEqual(['sv']);
    expect(cancelLanguages('отмена')).toEqual(['ru']);
    expect(cancelLanguages('cancel')).toEqual(['en']);
    expect(cancelLanguages('katkesta palun')).toEqual(['et']);
    expect(cancelLanguages('cancel my appointment')).toBeUndefined();
  });
});
