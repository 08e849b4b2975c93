import { describe, expect, it } from 'vitest';
import { loadIntentModel, trainIntentModel, type TrainingExample } from '../../src/nlu/index.js';
import { EXAMPLES, VALIDATION } from './fixtures.js';

const model = trainIntentModel(EXAMPLES, { seed: 7 });

describe('trainIntentModel', () => {
  it('knows every intent except oos and ranks all of them, scores summing to at most 1', () => {
    expect([...model.intents].sort()).toEqual(
      ['police/lost_passport', 'shared/greeting', 'social/child_benefit', 'tax/income_tax_return_deadline'],
    );
    const c = model.classify('i lost my passport', 'en');
    expect(c.ranked.map((p) => p.intent).sort()).toEqual([...model.intents].sort());
    const sum = c.ranked.reduce((s, p) => s + p.score, 0);
    expect(sum).toBeLessThanOrEqual(1 + 1e-9);
    for (let i = 1; i < c.ranked.length; i++) expect(c.ranked[i - 1].score).toBeGreaterThanOrEqual(c.ranked[i].score);
  });

  it('is deterministic: two trainings give identical JSON and identical scores, whatever the input order', () => {
    const again = trainIntentModel([...EXAMPLES].reverse(), { seed: 7 });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(model.toJSON()));
    expect(again.classify('passiga juhtus midagi', 'et')).toEqual(model.classify('passiga juhtus midagi', 'et'));
  });

  it('a different seed gives a different model', () => {
    const other = trainIntentModel(EXAMPLES, { seed: 8 });
    expect(JSON.stringify(other.toJSON())).not.toBe(JSON.stringify(model.toJSON()));
  });

  it.each([
    ['passiga juhtus midagi', 'et', 'police/lost_passport'],
    ['kaotasin oma passi ära', 'et', 'police/lost_passport'],
    ['lapsetoetusega on probleem', 'et', 'social/child_benefit'],
    ['deklaratsiooni esitamise tähtaeg', 'et', 'tax/income_tax_return_deadline'],
    ['потерял паспорт', 'ru', 'police/lost_passport'],
    ['у меня нет паспорта', 'ru', 'police/lost_passport'],
    ['срок подачи налоговой декларации', 'ru', 'tax/income_tax_return_deadline'],
    ['jag har förlorat passet', 'sv', 'police/lost_passport'],
    ['i have lost my passports', 'en', 'police/lost_passport'],
  ] as const)('inflected %s (%s) reaches %s', (text, language, intent) => {
    expect(model.classify(text, language).ranked[0].intent).toBe(intent);
  });

  it('gives evidence: input n-grams that weighed for the top intent', () => {
    const c = model.classify('kaotasin passi', 'et');
    expect(c.evidence.length).toBeGreaterThan(0);
    expect(c.evidence.some((e) => 'kaotasin passi'.includes(e))).toBe(true);
  });

  it('classifies without a language by detecting it', () => {
    expect(model.classify('потерял паспорт').ranked[0].intent).toBe('police/lost_passport');
  });

  it('rejects text with no known feature', () => {
    expect(model.classify('1234 5678', 'en').outOfScope).toBe(true);
    expect(model.classify('', 'en').outOfScope).toBe(true);
  });

  it('throws on an empty training set', () => {
    expect(() => trainIntentModel([] as TrainingExample[])).toThrow(RangeError);
  });
});

describe('out-of-scope threshold', () => {
  it('flags a message when the top score is below the threshold, keeps it above', () => {
    const c = model.classify('i lost my passport', 'en');
    expect(c.ranked[0].score).toBeGreaterThan(model.threshold);
    expect(c.outOfScope).toBe(false);
    const json = model.toJSON() as Record<string, unknown>;
    const top = c.ranked[0].score;
    expect(top).toBeLessThan(1);
    const strict = loadIntentModel({ ...json, threshold: (top + 1) / 2 });
    const lax = loadIntentModel({ ...json, threshold: 0 });
    expect(strict.classify('i lost my passport', 'en').outOfScope).toBe(true);
    expect(lax.classify('i lost my passport', 'en').outOfScope).toBe(false);
    // Scores do not depend on the threshold; only the decision does.
    expect(strict.classify('i lost my passport', 'en').ranked).toEqual(c.ranked);
  });

  it('flags messages like the explicit oos examples', () => {
    expect(model.classify('what is the weather like tomorrow', 'en').outOfScope).toBe(true);
    expect(model.classify('räägi mulle üks nali', 'et').outOfScope).toBe(true);
  });

  it('tunes threshold and clarify margin from validation data that contains out-of-scope examples', () => {
    const validation = VALIDATION;
    const tuned = trainIntentModel(EXAMPLES, { seed: 7, validation });
    expect(tuned.meta.tuning).toMatchObject({ method: 'balanced', validation: validation.length });
    // The tuned threshold separates this validation set: every in-scope example kept, every oos one rejected.
    for (const v of validation) {
      const c = tuned.classify(v.text, v.language);
      expect({ text: v.text, rejected: c.outOfScope }).toEqual({ text: v.text, rejected: v.intent === 'oos' });
    }
    expect(tuned.clarifyMargin).toBeGreaterThanOrEqual(0);
  });
});
