import type { SparseVector } from './features.js';
import { createRandom, shuffle } from './prng.js';

/**
 * One-hidden-layer perceptron over the sparse TF-IDF vectors: h = relu(W1ᵀx + b1), z = W2ᵀh + b2, softmax
 * cross-entropy, per-example SGD with dropout on the input features and on the hidden units.
 * W1 is feature-major (`w1[f * hidden + u]`): a message touches only the rows of its own features, forward and
 * backward, so an epoch costs (features per message + classes) × hidden per example, not the vocabulary size.
 */
export interface MlpOptions {
  hidden: number;
  epochs: number;
  /** Initial learning rate; decays as lr / (1 + 0.2 * epoch) like the linear model. */
  learningRate: number;
  /** Share of a message's features dropped per training step (scaled up to keep the expectation). */
  inputDropout: number;
  /** Share of hidden units dropped per training step. */
  dropout: number;
  /** Initial W1 weights are uniform in ±initScale (inputs are L2-normalised, so this is the pre-activation scale). */
  initScale: number;
  seed: number;
}

export const DEFAULT_MLP: MlpOptions = { hidden: 256, epochs: 10, learningRate: 0.15, inputDropout: 0.1, dropout: 0.5, initScale: 0.5, seed: 1 };

export interface MlpWeights {
  dims: number;
  hidden: number;
  classes: number;
  /** dims × hidden, feature-major. */
  w1: Float32Array;
  b1: Float32Array;
  /** hidden × classes, unit-major. */
  w2: Float32Array;
  b2: Float32Array;
}

/** Hidden activations (after ReLU) for one vector, into `out`. */
export function mlpHidden(model: MlpWeights, x: SparseVector, out = new Float64Array(model.hidden)): Float64Array {
  const { hidden, w1, b1 } = model;
  for (let u = 0; u < hidden; u++) out[u] = b1[u];
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j] * hidden;
    const v = x.values[j];
    for (let u = 0; u < hidden; u++) out[u] += w1[base + u] * v;
  }
  for (let u = 0; u < hidden; u++) if (out[u] < 0) out[u] = 0;
  return out;
}

/** Raw class scores (logits) for one vector. */
export function mlpLogits(model: MlpWeights, x: SparseVector, out = new Float64Array(model.classes)): Float64Array {
  const { hidden, classes, w2, b2 } = model;
  const h = mlpHidden(model, x);
  for (let k = 0; k < classes; k++) out[k] = b2[k];
  for (let u = 0; u < hidden; u++) {
    const a = h[u];
    if (a === 0) continue;
    const base = u * classes;
    for (let k = 0; k < classes; k++) out[k] += w2[base + k] * a;
  }
  return out;
}

/**
 * How much each of the vector's features pushes class `k` up, to first order (input × gradient of the logit):
 * x_f · Σ_u w1[f,u] · [h_u > 0] · w2[u,k]. Exact for the linear part the active units form.
 */
export function mlpContributions(model: MlpWeights, x: SparseVector, k: number): Float64Array {
  const { hidden, classes, w1, w2 } = model;
  const h = mlpHidden(model, x);
  const out = new Float64Array(x.indices.length);
  for (let j = 0; j < x.indices.length; j++) {
    const base = x.indices[j] * hidden;
    let sum = 0;
    for (let u = 0; u < hidden; u++) if (h[u] > 0) sum += w1[base + u] * w2[u * classes + k];
    out[j] = sum * x.values[j];
  }
  return out;
}

export function trainMlp(
  xs: readonly SparseVector[],
  ys: readonly number[],
  classes: number,
  dims: number,
  options: MlpOptions,
): MlpWeights {
  const { hidden } = options;
  const random = createRandom(options.seed);
  const w1 = new Float32Array(dims * hidden);
  for (let i = 0; i < w1.length; i++) w1[i] = (random() * 2 - 1) * options.initScale;
  const b1 = new Float64Array(hidden).fill(0.01);
  const limit = Math.sqrt(6 / (hidden + classes));
  const w2 = new Float64Array(hidden * classes);
  for (let i = 0; i < w2.length; i++) w2[i] = (random() * 2 - 1) * limit;
  const b2 = new Float64Array(classes);
  const order = xs.map((_, i) => i);
  const h = new Float64Array(hidden);
  const keep = new Float64Array(hidden);
  const dh = new Float64Array(hidden);
  const z = new Float64Array(classes);
  const kept = new Float64Array(256);
  const keptIndex = new Int32Array(256);
  const inputScale = 1 / (1 - options.inputDropout);
  const hiddenScale = 1 / (1 - options.dropout);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    const lr = options.learningRate / (1 + epoch * 0.2);
    shuffle(order, random);
    for (const i of order) {
      const x = xs[i];
      // Input dropout: the kept features, scaled.
      let n = 0;
      for (let j = 0; j < x.indices.length && n < kept.length; j++) {
        if (random() < options.inputDropout) continue;
        keptIndex[n] = x.indices[j];
        kept[n++] = x.values[j] * inputScale;
      }
      for (let u = 0; u < hidden; u++) h[u] = b1[u];
      for (let j = 0; j < n; j++) {
        const base = keptIndex[j] * hidden;
        const v = kept[j];
        for (let u = 0; u < hidden; u++) h[u] += w1[base + u] * v;
      }
      for (let u = 0; u < hidden; u++) {
        keep[u] = h[u] > 0 && random() >= options.dropout ? hiddenScale : 0;
        h[u] *= keep[u];
      }
      for (let k = 0; k < classes; k++) z[k] = b2[k];
      for (let u = 0; u < hidden; u++) {
        const a = h[u];
        if (a === 0) continue;
        const base = u * classes;
        for (let k = 0; k < classes; k++) z[k] += w2[base + k] * a;
      }
      let max = -Infinity;
      for (let k = 0; k < classes; k++) if (z[k] > max) max = z[k];
      let sum = 0;
      for (let k = 0; k < classes; k++) sum += z[k] = Math.exp(z[k] - max);
      for (let k = 0; k < classes; k++) z[k] /= sum;
      z[ys[i]] -= 1; // gradient of the loss w.r.t. the logits
      for (let u = 0; u < hidden; u++) {
        if (keep[u] === 0) {
          dh[u] = 0;
          continue;
        }
        const base = u * classes;
        const a = h[u] * lr;
        let g = 0;
        for (let k = 0; k < classes; k++) {
          g += w2[base + k] * z[k];
          w2[base + k] -= a * z[k];
        }
        dh[u] = g * keep[u] * lr;
        b1[u] -= dh[u];
      }
      for (let k = 0; k < classes; k++) b2[k] -= lr * z[k];
      for (let j = 0; j < n; j++) {
        const base = keptIndex[j] * hidden;
        const v = kept[j];
        for (let u = 0; u < hidden; u++) w1[base + u] -= dh[u] * v;
      }
    }
  }
  return { dims, hidden, classes, w1, b1: Float32Array.from(b1), w2: Float32Array.from(w2), b2: Float32Array.from(b2) };
}

