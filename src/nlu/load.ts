import { readFile, writeFile } from 'node:fs/promises';
import { EnsembleIntentModel, type Member } from './ensemble.js';
import { Vectorizer } from './features.js';
import { LinearIntentModel } from './model.js';
import { decodeFloats, SerializedModel, type SerializedEnsembleModel } from './serialize.js';
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
 * Restore a model from `toJSON()` output (already parsed), whatever its `kind` (linear, MLP, ensemble).
 * Validates with zod; the error names the field.
 * @example
 *   const model = loadIntentModel(JSON.parse(await readFile('model.json', 'utf8')));
 */
export function loadIntentModel(json: unknown): LinearIntentModel | EnsembleIntentModel {
  const parsed = SerializedModel.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ModelFormatError(issue.path.join('.') || '(root)', issue.message);
  }
  const data = parsed.data;
  if (data.kind !== 'tfidf-softmax') return loadEnsemble(data);
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

function loadEnsemble(data: SerializedEnsembleModel): EnsembleIntentModel {
  const idf = decode(data.idf, 'idf');
  const dims = data.vocabulary.length;
  const k = data.classes.length;
  if (idf.length !== dims) throw new ModelFormatError('idf', `expected ${dims} values, got ${idf.length}`);
  const sized = (base64: string, field: string, length: number): Float32Array => {
    const values = decode(base64, field);
    if (values.length !== length) throw new ModelFormatError(field, `expected ${length} values, got ${values.length}`);
    return values;
  };
  const members = data.members.map((m, i): Member => {
    const at = `members.${i}`;
    if (m.type === 'linear') {
      return {
        type: 'linear',
        weights: { classes: k, weights: sized(m.weights, `${at}.weights`, dims * k), bias: sized(m.bias, `${at}.bias`, k) },
        temperature: m.temperature,
      };
    }
    const w1 = sized(m.w1, `${at}.w1`, dims * m.hidden);
    const b1 = sized(m.b1, `${at}.b1`, m.hidden);
    const w2 = sized(m.w2, `${at}.w2`, m.hidden * k);
    const b2 = sized(m.b2, `${at}.b2`, k);
    return { type: 'mlp', weights: { dims, hidden: m.hidden, classes: k, w1, b1, w2, b2 }, temperature: m.temperature };
  });
  if ((data.kind === 'tfidf-mlp') !== (members.length === 1 && members[0].type === 'mlp')) {
    throw new ModelFormatError('members', `kind ${data.kind} does not match its members`);
  }
  return new EnsembleIntentModel({
    classes: data.classes,
    vectorizer: new Vectorizer(data.vocabulary, idf, data.features),
    members,
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

export async function loadIntentModelFile(path: string): Promise<LinearIntentModel | EnsembleIntentModel> {
  return loadIntentModel(JSON.parse(await readFile(path, 'utf8')));
}
