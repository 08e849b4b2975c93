import { DEFAULT_FEATURES, Vectorizer, type FeatureConfig } from './features.js';
import { LinearIntentModel, OOS } from './model.js';
import { createRandom, shuffle } from './prng.js';
import { DEFAULT_SOFTMAX, logits, softmax, trainSoftmax, type SoftmaxOptions } from './softmax.js';
import { DEFAULT_THRESHOLD, fitTemperature, tuneClarifyMargin, tuneThreshold, type HeldOut } from './tune.js';
import type { TrainingExample, TrainOptions } from './types.js';

/** Knobs beyond the contract's `seed`/`validation`; the defaults are the ones docs/NLU.md measured. */
export interface IntentTrainOptions extends TrainOptions {
  features?: Partial<FeatureConfig>;
  softmax?: Partial<Omit<SoftmaxOptions, 'seed'>>;
  /** Drop character n-grams seen in fewer examples (word features are always kept). Default 1, or 2 above 5,000 examples. */
  minDf?: number;
  /**
   * Without `validation`, this share of each intent's examples (seeded pick, intents with ≥ 4 examples only) is
   * held out to calibrate and tune, then the model is retrained on everything. 0 disables. Default 0.2.
   */
  holdout?: number;
}

/**
 * Train an intent model. Deterministic: the same examples (in any order) and seed give the same model.
 * @example
 *   const model = trainIntentModel([{ text: 'kaotasin passi', intent: 'police/lost_passport', language: 'et' }, …]);
 *   model.classify('passiga juhtus midagi', 'et').ranked[0].intent; // 'police/lost_passport'
 */
export function trainIntentModel(examples: readonly TrainingExample[], options: IntentTrainOptions = {}): LinearIntentModel {
  if (examples.length === 0) throw new RangeError('trainIntentModel: no examples');
  const seed = options.seed ?? 1;
  const sorted = canonicalOrder(examples);
  let validation = options.validation ? canonicalOrder(options.validation) : undefined;
  let fitSet = sorted;
  const holdout = options.holdout ?? 0.2;
  if (!validation && holdout > 0) {
    const split = splitHoldout(sorted, holdout, seed);
    if (split.held.length > 0) {
      fitSet = split.kept;
      validation = split.held;
    }
  }
  const tuned = fit(fitSet, options, seed, validation);
  if (fitSet === sorted) return tuned;
  // Retrain on everything with the calibration learned on the held-out part.
  const full = fit(sorted, options, seed, undefined);
  return new LinearIntentModel({
    classes: full.classes,
    vectorizer: full.vectorizer,
    weights: full.weights,
    temperature: tuned.temperature,
    threshold: tuned.threshold,
    clarifyMargin: tuned.clarifyMargin,
    meta: { ...tuned.meta, examples: sorted.length, tunedOn: 'holdout' },
  });
}

function fit(
  examples: readonly TrainingExample[],
  options: IntentTrainOptions,
  seed: number,
  validation: readonly TrainingExample[] | undefined,
): LinearIntentModel {
  const features: FeatureConfig = { ...DEFAULT_FEATURES, ...options.features };
  const softmaxOptions: SoftmaxOptions = { ...DEFAULT_SOFTMAX, ...options.softmax, seed };
  const minDf = options.minDf ?? (examples.length > 5000 ? 2 : 1);
  const classes = [...new Set(examples.map((e) => e.intent))].sort();
  const classIndex = new Map(classes.map((name, i) => [name, i]));
  const vectorizer = Vectorizer.fit(examples, features, minDf);
  const xs = examples.map((e) => vectorizer.transform(e.text, e.language));
  const ys = examples.map((e) => classIndex.get(e.intent) ?? 0);
  const weights = trainSoftmax(xs, ys, classes.length, vectorizer.size, softmaxOptions);
  const meta: Record<string, unknown> = {
    seed,
    examples: examples.length,
    minDf,
    softmax: { loss: softmaxOptions.loss, epochs: softmaxOptions.epochs, learningRate: softmaxOptions.learningRate, l2: softmaxOptions.l2 },
  };
  let temperature = 1;
  let threshold = DEFAULT_THRESHOLD;
  let clarifyMargin = 0;
  if (validation && validation.length > 0) {
    const oosClass = classIndex.get(OOS) ?? -1;
    const raw = validation.map((e) => ({
      gold: classIndex.get(e.intent) ?? -1,
      isOos: e.intent === OOS || !classIndex.has(e.intent),
      logits: logits(weights, vectorizer.transform(e.text, e.language)),
    }));
    temperature = fitTemperature(raw.filter((r) => !r.isOos));
    const held: Array<HeldOut & { isOos: boolean }> = raw.map((r) => ({
      gold: r.isOos ? -1 : r.gold,
      isOos: r.isOos,
      probs: softmax(Float64Array.from(r.logits), temperature),
    }));
    const result = tuneThreshold(held, oosClass, (item) => item.gold >= 0);
    threshold = result.threshold;
    clarifyMargin = tuneClarifyMargin(held, oosClass, threshold);
    meta.tuning = { method: result.method, validation: validation.length, temperature, threshold, clarifyMargin };
  }
  return new LinearIntentModel({ classes, vectorizer, weights, temperature, threshold, clarifyMargin, meta });
}

/** Sort by (intent, language, text) so input order never changes the model. */
function canonicalOrder(examples: readonly TrainingExample[]): TrainingExample[] {
  const key = (e: TrainingExample): string => `${e.intent}\u0000${e.language}\u0000${e.text}`;
  return [...examples].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function splitHoldout(examples: TrainingExample[], share: number, seed: number): { kept: TrainingExample[]; held: TrainingExample[] } {
  const byIntent = new Map<string, TrainingExample[]>();
  for (const e of examples) {
    const group = byIntent.get(e.intent);
    if (group) group.push(e);
    else byIntent.set(e.intent, [e]);
  }
  const random = createRandom(seed ^ 0x5eed);
  const kept: TrainingExample[] = [];
  const held: TrainingExample[] = [];
  for (const group of byIntent.values()) {
    const n = group.length >= 4 ? Math.max(1, Math.floor(group.length * share)) : 0;
    const picked = shuffle([...group], random);
    held.push(...picked.slice(0, n));
    kept.push(...picked.slice(n));
  }
  return { kept: canonicalOrder(kept), held: canonicalOrder(held) };
}
