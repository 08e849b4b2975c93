import { describe, expect, it } from 'vitest';
import { trainIntentModel, type TrainingExample } from '../../src/nlu/index.js';
import { EXAMPLES } from './fixtures.js';

// Two agencies with identical examples for one intent: equal evidence must give equal scores (issue 19.1:
// per-example SGD let the copy seen last win, 0.70 vs 0.25).
const MOVING = ['i am moving abroad', 'moving to another country', 'we are relocating abroad', 'leaving the country for good', 'emigrating next year'];
const TIED: TrainingExample[] = [
  ...EXAMPLES,
  ...MOVING.map((text) => ({ text, intent: 'police/moving_abroad', language: 'en' as const })),
  ...MOVING.map((text) => ({ text, intent: 'tax/moving_abroad', language: 'en' as const })),
];

describe('equal evidence, equal scores', () => {
  it.each([1, 7, 42])('two agencies with identical examples score the same (seed %i)', (seed) => {
    const model = trainIntentModel(TIED, { seed });
    for (const text of ['i am moving abroad', 'moving abroad next month', 'relocating to another country']) {
      const ranked = model.classify(text, 'en').ranked;
      const police = ranked.find((p) => p.intent === 'police/moving_abroad')!.score;
      const tax = ranked.find((p) => p.intent === 'tax/moving_abroad')!.score;
      expect(Math.abs(police - tax)).toBeLessThan(1e-6);
      expect(ranked.slice(0, 2).map((p) => p.intent).sort()).toEqual(['police/moving_abroad', 'tax/moving_abroad']);
    }
  });

  it('a text given to two agencies once each is still one example per agency for the rest of the model', () => {
    const model = trainIntentModel(TIED, { seed: 1 });
    expect(model.classify('i lost my passport', 'en').ranked[0].intent).toBe('police/lost_passport');
  });
});
