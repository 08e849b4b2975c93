import { z } from 'zod';
import type { EnsembleModelParts, LinearModelParts } from './model-parts.js';

/**
 * The persisted form of a model: `{ version: 1, kind, ... }`; `kind` is `tfidf-softmax` (linear), `tfidf-mlp` or
 * `tfidf-ensemble`. Float arrays travel as base64 of their little-endian
 * Float32 bytes, which round-trips bit for bit, so a loaded model gives exactly the same scores.
 */
export const MODEL_FORMAT_VERSION = 1;

const FeatureSettings = z.object({
  charMin: z.number().int().min(1).max(8),
  charMax: z.number().int().min(1).max(8),
  wordBigrams: z.boolean(),
  charWeight: z.number().positive(),
  // Absent in models saved before folding and the Estonian rules: they load with the features they were trained on.
  fold: z.boolean().default(false),
  estonian: z.enum(['light', 'rules']).default('light'),
});

export const SerializedLinearModel = z.object({
  version: z.literal(MODEL_FORMAT_VERSION),
  kind: z.literal('tfidf-softmax'),
  classes: z.array(z.string().min(1)).min(1),
  features: FeatureSettings,
  vocabulary: z.array(z.string()),
  idf: z.string(),
  weights: z.string(),
  bias: z.string(),
  temperature: z.number().positive(),
  threshold: z.number().min(0).max(1),
  clarifyMargin: z.number().min(0).max(1),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type SerializedLinearModel = z.infer<typeof SerializedLinearModel>;

/** A member of an MLP or ensemble model; float arrays as base64 Float32 like the linear model's. */
export const SerializedMember = z.discriminatedUnion('type', [
  z.object({ type: z.literal('linear'), weights: z.string(), bias: z.string(), temperature: z.number().positive() }),
  z.object({
    type: z.literal('mlp'),
    hidden: z.number().int().positive(),
    w1: z.string(),
    b1: z.string(),
    w2: z.string(),
    b2: z.string(),
    temperature: z.number().positive(),
  }),
]);
export type SerializedMember = z.infer<typeof SerializedMember>;

export const SerializedEnsembleModel = z.object({
  version: z.literal(MODEL_FORMAT_VERSION),
  kind: z.enum(['tfidf-mlp', 'tfidf-ensemble']),
  classes: z.array(z.string().min(1)).min(1),
  features: FeatureSettings,
  vocabulary: z.array(z.string()),
  idf: z.string(),
  members: z.array(SerializedMember).min(1),
  threshold: z.number().min(0).max(1),
  clarifyMargin: z.number().min(0).max(1),
  meta: z.record(z.string(), z.unknown()).default({}),
});
export type SerializedEnsembleModel = z.infer<typeof SerializedEnsembleModel>;

export const SerializedModel = z.discriminatedUnion('kind', [SerializedLinearModel, SerializedEnsembleModel]);
export type SerializedModel = z.infer<typeof SerializedModel>;

export function serializeModel(model: LinearModelParts): SerializedLinearModel {
  return {
    version: MODEL_FORMAT_VERSION,
    kind: 'tfidf-softmax',
    classes: [...model.classes],
    features: { fold: false, estonian: 'light' as const, ...model.vectorizer.config },
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

export function serializeEnsemble(model: EnsembleModelParts & { kind: 'mlp' | 'ensemble' }): SerializedEnsembleModel {
  return {
    version: MODEL_FORMAT_VERSION,
    kind: model.kind === 'mlp' ? 'tfidf-mlp' : 'tfidf-ensemble',
    classes: [...model.classes],
    features: { fold: false, estonian: 'light' as const, ...model.vectorizer.config },
    vocabulary: [...model.vectorizer.features],
    idf: encodeFloats(model.vectorizer.idf),
    members: model.members.map((m) =>
      m.type === 'linear'
        ? { type: 'linear', weights: encodeFloats(m.weights.weights), bias: encodeFloats(m.weights.bias), temperature: m.temperature }
        : {
            type: 'mlp',
            hidden: m.weights.hidden,
            w1: encodeFloats(m.weights.w1),
            b1: encodeFloats(m.weights.b1),
            w2: encodeFloats(m.weights.w2),
            b2: encodeFloats(m.weights.b2),
            temperature: m.temperature,
          },
    ),
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
