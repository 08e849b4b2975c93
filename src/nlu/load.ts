import { readFile, writeFile } from 'node:fs/promises';
import { Vectorizer } from './features.js';
import { LinearIntentModel } from './model.js';
import { decodeFloats, SerializedModel } from './serialize.js';
import type { IntentModel } from './types.js';

/** Thrown when a persisted model does not validate; `field` names the first offending path. */
export class ModelFormatError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`intent model: ${field}: ${message}`);
    this.name = 'ModelFormatError';
  }
}

/**
 * Restore a model from `toJSON()` output (already parsed). Validates with zod; the error names the field.
 * @example
 *   const model = loadIntentModel(JSON.parse(await readFile('model.json', 'utf8')));
 */
export function loadIntentModel(json: unknown): LinearIntentModel {
  const parsed = SerializedModel.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFormatError(issue.path.join('.') || '(root)', issue.message);
  }
  const data = parsed.data;
  const idf = decode(data.idf, 'idf');
  const weights = decode(data.weights, 'weights');
  const bias = decode(data.bias, 'bias');
  const k = data.classes.length;
  if (idf.length !== data.vocabulary.length) throw new ModelFormatError('idf', `expected ${data.vocabulary.length} values, got ${idf.length}`);
  if (bias.length !== k) throw new ModelFormatError('bias', `expected ${k} values, got ${bias.length}`);
  if (weights.length !== k * data.vocabulary.length) {
    throw new ModelFormatError('weights', `expected ${k * data.vocabulary.length} values, got ${weights.length}`);
  }
  return new LinearIntentModel({
    classes: data.classes,
    vectorizer: new Vectorizer(data.vocabulary, idf, data.features),
    weights: { classes: k, weights, bias },
    temperature: data.temperature,
    threshold: data.threshold,
    clarifyMargin: data.clarifyMargin,
    meta: data.meta,
  });
}

function decode(base64: string, field: string): Float32Array {
  try {
    return decodeFloats(base64);
  } catch (error) {
    throw new ModelFormatError(field, (error as Error).message);
  }
}

export async function saveIntentModelFile(model: IntentModel, path: string): Promise<void> {
  await writeFile(path, JSON.stringify(model.toJSON()));
}

export async function loadIntentModelFile(path: string): Promise<LinearIntentModel> {
  return loadIntentModel(JSON.parse(await readFile(path, 'utf8')));
}
