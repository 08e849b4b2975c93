import { describe, expect, it } from 'vitest';
import { evaluatePii, HELDOUT, loadPiiCases } from '../../bench/eval/pii.js';
import { detectPii, henkilotunnusValid, isikukoodValid, luhnValid, personnummerValid, redactPii } from '../../src/privacy/index.js';

describe('check digits', () => {
  it.each([
    ['37605030299', true],
    ['37605030298', false],
    ['49403136526', true],
    ['39001010005', false],
    ['39013310000', false], // 31 January, 13th month: not a date
  ])('isikukood %s → %s', (code, valid) => expect(isikukoodValid(code)).toBe(valid));

  it.each([
    ['811228-9874', true],
    ['19811228-9874', true],
    ['8112289874', true],
    ['701063-2391', true], // samordningsnummer: day 03 + 60
    ['811228-9875', false],
    ['811328-9874', false],
  ])('personnummer %s → %s', (value, valid) => expect(personnummerValid(value)).toBe(valid));

  it.each([
    ['131052-308T', true],
    ['010594Y9021', true],
    ['131052-308A', false],
    ['311352-308T', false],
  ])('henkilötunnus %s → %s', (value, valid) => expect(henkilotunnusValid(value)).toBe(valid));

  it('Luhn', () => {
    expect(luhnValid('4111111111111111')).toBe(true);
    expect(luhnValid('4111111111111112')).toBe(false);
  });
});

describe('detectPii', () => {
  it('finds each kind in running text, in order, without overlaps', () => {
    const text = 'Olen 37605030299, mari@example.ee, +372 5123 4567, EE38 2200 2210 2014 5685, auto 123 ABC, Narva mnt 5-12';
    expect(detectPii(text).map((span) => [span.kind, text.slice(span.start, span.end)])).toEqual([
      ['id_ee', '37605030299'],
      ['email', 'mari@example.ee'],
      ['phone', '+372 5123 4567'],
      ['iban', 'EE38 2200 2210 2014 5685'],
      ['plate_ee', '123 ABC'],
      ['address', 'Narva mnt 5-12'],
    ]);
  });

  it('leaves case numbers, dates and amounts for the bot (they are not personal data)', () => {
    const text = 'Asja nr 1-21-12345, avaldus 2024-000123 esitatud 12.03.2024, summa 2 500 000 kr ja 15000 EUR';
    expect(redactPii(text)).toBe(text);
  });
});

describe('the labelled set (tests/fixtures/pii-cases.jsonl)', () => {
  const cases = loadPiiCases();

  it('has at least 500 cases in et, en, ru and sv, with hard negatives', () => {
    expect(cases.length).toBeGreaterThanOrEqual(500);
    expect(new Set(cases.map((c) => c.lang))).toEqual(new Set(['et', 'en', 'ru', 'sv']));
    expect(cases.filter((c) => c.pii.length === 0).length).toBeGreaterThanOrEqual(200);
  });

  it('recall ≥ 0.99 for the check-digit formats and precision ≥ 0.95 overall', () => {
    const result = evaluatePii(cases);
    for (const kind of ['id_ee', 'id_se', 'id_fi', 'iban', 'card'] as const) {
      expect(result.byKind.find((k) => k.kind === kind)?.recall, kind).toBeGreaterThanOrEqual(0.99);
    }
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.95);
  });

  it('the hand-written held-out set stays above its recorded floor (docs/PRIVACY.md)', () => {
    const result = evaluatePii(loadPiiCases(HELDOUT));
    expect(result.overall.precision).toBeGreaterThanOrEqual(0.9);
    expect(result.overall.recall).toBeGreaterThanOrEqual(0.85);
  });
});
