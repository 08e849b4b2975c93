import { describe, expect, it } from 'vitest';
import { EnsembleIntentModel, loadIntentModel, ModelFormatError, trainIntentModel, type TrainingExample } from '../../src/nlu/index.js';
import { EXAMPLES, VALIDATION } from './fixtures.js';

const PROBES: Array<[string, TrainingExample['language']]> = [
  ['passiga juhtus midagi', 'et'],
  ['потерял паспорт', 'ru'],
  ['hej', 'sv'],
  ['when is the deadline', 'en'],
  ['weather tomorrow', 'en'],
];

describe.each(['mlp', 'ensemble'] as const)('trainIntentModel kind %s', (kind) => {
  const model = trainIntentModel(EXAMPLES, { seed: 7, kind });

  it('is an EnsembleIntentModel of that kind, ranking every intent with scores summing to at most 1', () => {
    expect(model).toBeInstanceOf(EnsembleIntentModel);
    expect(model.kind).toBe(kind);
    expect(model.members.map((m) => m.type)).toEqual(kind === 'mlp' ? ['mlp'] : ['linear', 'mlp']);
    const c = model.classify('i lost my passport', 'en');
    expect(c.ranked.map((p) => p.intent).sort()).toEqual([...model.intents].sort());
    expect(c.ranked.reduce((s, p) => s + p.score, 0)).toBeLessThanOrEqual(1 + 1e-9);
    for (let i = 1; i < c.ranked.length; i++) expect(c.ranked[i - 1].score).toBeGreaterThanOrEqual(c.ranked[i].score);
  });

  it('is deterministic: same examples in any order and seed give identical JSON and scores; another seed differs', () => {
    const again = trainIntentModel([...EXAMPLES].reverse(), { seed: 7, kind });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(model.toJSON()));
    for (const [text, language] of PROBES) expect(again.classify(text, language)).toEqual(model.classify(text, language));
    const other = trainIntentModel(EXAMPLES, { seed: 8, kind });
    expect(JSON.stringify(other.toJSON())).not.toBe(JSON.stringify(model.toJSON()));
  });

  it.each([
    ['kaotasin oma passi ära', 'et', 'police/lost_passport'],
    ['lapsetoetusega on probleem', 'et', 'social/child_benefit'],
    ['срок подачи налоговой декларации', 'ru', 'tax/income_tax_return_deadline'],
    ['i have lost my passports', 'en', 'police/lost_passport'],
  ] as const)('%s (%s) reaches %s, with evidence from the input', (text, language, intent) => {
    const c = model.classify(text, language);
    expect(c.ranked[0].intent).toBe(intent);
    expect(c.evidence.length).toBeGreaterThan(0);
    expect(c.evidence.some((e) => text.includes(e))).toBe(true);
  });

  it('round-trips through versioned JSON with its kind: same scores, same JSON', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json).toMatchObject({ version: 1, kind: `tfidf-${kind}` });
    const loaded = loadIntentModel(json);
    expect(loaded).toBeInstanceOf(EnsembleIntentModel);
    expect(loaded.threshold).toBe(model.threshold);
    expect(loaded.clarifyMargin).toBe(model.clarifyMargin);
    for (const [text, language] of PROBES) expect(loaded.classify(text, language)).toEqual(model.classify(text, language));
    expect(JSON.stringify(loaded.toJSON())).toBe(JSON.stringify(model.toJSON()));
  });

  it('names the offending field of a damaged model', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    const mlpAt = json.members.findIndex((m: { type: string }) => m.type === 'mlp');
    const members = structuredClone(json.members);
    members[mlpAt].w2 = members[mlpAt].b2;
    expect(() => loadIntentModel({ ...json, members })).toThrow(new RegExp(`members\\.${mlpAt}\\.w2`));
    expect(() => loadIntentModel({ ...json, members: [] })).toThrow(ModelFormatError);
    const wrongKind = kind === 'mlp' ? 'tfidf-ensemble' : 'tfidf-mlp';
    expect(() => loadIntentModel({ ...json, kind: wrongKind })).toThrow(/members/);
  });

  it('rejects by threshold and by the oos class; scores do not depend on the threshold', () => {
    expect(model.classify('1234 5678', 'en').outOfScope).toBe(true);
    expect(model.classify('what is the weather like tomorrow', 'en').outOfScope).toBe(true);
    const c = model.classify('i lost my passport', 'en');
    expect(c.outOfScope).toBe(false);
    const json = model.toJSON() as Record<string, unknown>;
    const strict = loadIntentModel({ ...json, threshold: (c.ranked[0].score + 1) / 2 });
    expect(strict.classify('i lost my passport', 'en').outOfScope).toBe(true);
    expect(strict.classify('i lost my passport', 'en').ranked).toEqual(c.ranked);
  });
});

describe('threshold objective', () => {
  const validation: TrainingExample[] = [
    ...VALIDATION,
    { text: 'passport photo booth near me', intent: 'oos', language: 'en' },
    { text: 'hello kitty toys', intent: 'oos', language: 'en' },
  ];

  it('with an OOS recall floor, the tuned threshold rejects at least that share of held-out oos examples', () => {
    for (const floor of [0.5, 1]) {
      const model = trainIntentModel(EXAMPLES, { seed: 7, kind: 'ensemble', validation, oosRecallFloor: floor });
      expect(model.meta.tuning).toMatchObject({ method: 'recall-floor', oosRecallFloor: floor, validation: validation.length });
      const oos = validation.filter((v) => v.intent === 'oos');
      const caught = oos.filter((v) => model.classify(v.text, v.language).outOfScope).length;
      expect(caught / oos.length).toBeGreaterThanOrEqual(floor);
    }
  });

  it('a higher floor never lowers the threshold', () => {
    const low = trainIntentModel(EXAMPLES, { seed: 7, validation, oosRecallFloor: 0.25 });
    const high = trainIntentModel(EXAMPLES, { seed: 7, validation, oosRecallFloor: 1 });
    expect(high.threshold).toBeGreaterThanOrEqual(low.threshold);
    expect(low.meta.tuning).toMatchObject({ method: 'recall-floor' });
  });
});
