import { z } from 'zod';
import type { LinearIntentModel } from './model.js';

/**
 * The persisted form of a model: `{ version: 1, ... }`. Float arrays travel as base64 of their little-endian
 * Float32 bytes, which round-trips bit for bit, so a loaded model gives exactly the same scores.
 */
export const MODEL_FORMAT_VERSION = 1;

export const SerializedModel = z.object({
  version: z.literal(MODEL_FORMAT_VERSION),
  kind: z.literal('tfidf-softmax'),
  classes: z.array(z.string().min(1)).min(1),
  features: z.object({
    charMin: z.number().int().min(1).max(8),
    charMax: z.number().int().min(1).max(8),
    wordBigrams: z.boolean(),
    charWeight: z.number().positive(),
  }),
  vocabulary: z.array(z.string()),
  idf: z.string(),
  weights: z.string(),
  bias: z.string(),
  temperature: z.number().positive(),
  threshold: z.number().min(0).max(1),
  clarifyMargin: z.number().min(0).max(1),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type SerializedModel = z.infer<typeof SerializedModel>;

export function serializeModel(model: LinearIntentModel): SerializedModel {
  return {
    version: MODEL_FORMAT_VERSION,
    kind: 'tfidf-softmax',
    classes: [...model.classes],
    features: { ...model.vectorizer.config },
    vocabulary: [...model.vectorizer.features],
    idf: encodeFloats(model.vectorizer.idf),
    weights: encodeFloats(model.weights.weights),
    bias: encodeFloats(model.weights.bias),
    temperature: model.temperature,
    threshold: model.threshold,
    clarifyMargin: model.clarifyMargin,
    meta: model.meta,
  };
}

export function encodeFloats(values: Float32Array): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

export function decodeFloats(base64: string): Float32Array {
  const bytes = Buffer.from(base64, 'base64');
  if (bytes.byteLength % 4 !== 0) throw new RangeError('float array: byte length is not a multiple of 4');
  // Copy into a fresh, aligned buffer (Buffer.from may hand back a slice of a shared pool).
  const copy = new Uint8Array(bytes.byteLength);
  copy.set(bytes);
  return new Float32Array(copy.buffer);
}
