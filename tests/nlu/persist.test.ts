import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadIntentModel,
  loadIntentModelFile,
  ModelFormatError,
  saveIntentModelFile,
  trainIntentModel,
} from '../../src/nlu/index.js';
import { EXAMPLES } from './fixtures.js';

const model = trainIntentModel(EXAMPLES, { seed: 3 });
const PROBES = ['passiga juhtus midagi', 'потерял паспорт', 'hej', 'when is the deadline', 'weather tomorrow'];

describe('model persistence', () => {
  it('toJSON is versioned and survives JSON text', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(json.version).toBe(1);
    const loaded = loadIntentModel(json);
    expect(loaded.intents).toEqual(model.intents);
    expect(loaded.threshold).toBe(model.threshold);
    expect(loaded.clarifyMargin).toBe(model.clarifyMargin);
    for (const text of PROBES) expect(loaded.classify(text, 'et')).toEqual(model.classify(text, 'et'));
    expect(JSON.stringify(loaded.toJSON())).toBe(JSON.stringify(model.toJSON()));
  });

  it('saves to and loads from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'swb-nlu-'));
    try {
      const path = join(dir, 'model.json');
      await saveIntentModelFile(model, path);
      const loaded = await loadIntentModelFile(path);
      for (const text of PROBES) expect(loaded.classify(text, 'en')).toEqual(model.classify(text, 'en'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('names the offending field when the JSON is not a model', () => {
    const json = JSON.parse(JSON.stringify(model.toJSON()));
    expect(() => loadIntentModel({ ...json, version: 2 })).toThrow(/version/);
    expect(() => loadIntentModel({ ...json, threshold: 'high' })).toThrow(/threshold/);
    const { vocabulary: _dropped, ...rest } = json;
    expect(() => loadIntentModel(rest)).toThrow(/vocabulary/);
    expect(() => loadIntentModel({ ...json, bias: json.idf })).toThrow(ModelFormatError);
    expect(() => loadIntentModel(null)).toThrow(ModelFormatError);
  });
});
