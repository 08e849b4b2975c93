import { EnsembleIntentModel, memberProbabilities, type Member } from './ensemble.js';
import { DEFAULT_FEATURES, Vectorizer, type FeatureConfig, type SparseVector } from './features.js';
import { DEFAULT_MLP, mlpLogits, trainMlp, type MlpOptions } from './mlp.js';
import { LinearIntentModel } from './model.js';
import { OUT_OF_SCOPE } from '../protocol/index.js';
import { createRandom, shuffle } from './prng.js';
import { DEFAULT_SOFTMAX, logits, trainSoftmax, type LinearWeights, type SoftmaxOptions, type Target } from './softmax.js';
import { tokenize } from './text.js';
import { DEFAULT_THRESHOLD, fitTemperature, tuneClarifyMargin, tuneThreshold, type HeldOut } from './tune.js';
import type { TrainingExample, TrainOptions } from './types.js';

/**
 * `linear`: softmax regression (the default: best for the router's packs, see docs/NLU.md). `mlp`: one hidden
 * layer over the same features. `ensemble`: both, their calibrated probabilities averaged (best on CLINC150).
 */
export type IntentModelKind = 'linear' | 'mlp' | 'ensemble';

/** Knobs beyond the contract's `seed`/`validation`; the defaults are the ones docs/NLU.md measured. */
export interface IntentTrainOptions extends TrainOptions {
  kind?: IntentModelKind;
  features?: Partial<FeatureConfig>;
  softmax?: Partial<Omit<SoftmaxOptions, 'seed'>>;
  mlp?: Partial<Omit<MlpOptions, 'seed'>>;
  /** Drop character n-grams seen in fewer examples (word features are always kept). Default 1, or 2 above 5,000 examples. */
  minDf?: number;
  /**
   * Without `validation`, this share of each intent's examples (seeded pick, intents with ≥ 4 examples only) is
   * held out to calibrate and tune, then the model is retrained on everything. 0 disables. Default 0.2.
   */
  holdout?: number;
  /**
   * Threshold objective. Unset: maximise the mean of held-out in-scope accuracy and out-of-scope recall. Set (e.g.
   * 0.75): maximise held-out in-scope accuracy subject to held-out out-of-scope recall ≥ this.
   */
  oosRecallFloor?: number;
  /**
   * A text given for several intents trains once with its target split between them (default true): equal
   * evidence, equal scores. False: one example per intent, as before (for measurements).
   */
  splitSharedTargets?: boolean;
  /**
   * Augmentation from the packs: `dropout` adds, for each in-scope example of four words or more, one copy with one
   * (seeded) word left out, as citizens leave words out. Default none.
   */
  augment?: 'none' | 'dropout';
  /** Weight of the prototype scorer added to the linear logits (0 = off). Default DEFAULT_PROTOTYPE_WEIGHT. */
  prototypeWeight?: number;
}

/** Measured on the paraphrase set, the dialogue set and the packs' cross-validation (docs/NLU.md, step table). */
export const DEFAULT_PROTOTYPE_WEIGHT = 0;

type Fitted = Omit<ConstructorParameters<typeof EnsembleIntentModel>[0], 'members'> & { members: Member[] };

/**
 * Train an intent model. Deterministic: the same examples (in any order), options and seed give the same model.
 * `kind` picks the model (default `linear`); every kind implements `IntentModel` and round-trips through
 * `loadIntentModel`.
 * @example
 *   const model = trainIntentModel([{ text: 'kaotasin passi', intent: 'police/lost_passport', language: 'et' }, …]);
 *   model.classify('passiga juhtus midagi', 'et').ranked[0].intent; // 'police/lost_passport'
 */
export function trainIntentModel(examples: readonly TrainingExample[], options?: IntentTrainOptions & { kind?: 'linear' }): LinearIntentModel;
export function trainIntentModel(examples: readonly TrainingExample[], options: IntentTrainOptions & { kind: 'mlp' | 'ensemble' }): EnsembleIntentModel;
export function trainIntentModel(examples: readonly TrainingExample[], options: IntentTrainOptions): LinearIntentModel | EnsembleIntentModel;
export function trainIntentModel(examples: readonly TrainingExample[], options: IntentTrainOptions = {}): LinearIntentModel | EnsembleIntentModel {
  if (examples.length === 0) throw new RangeError('trainIntentModel: no examples');
  const seed = options.seed ?? 1;
  const sorted = canonicalOrder(options.augment === 'dropout' ? withWordDropout(examples, seed) : examples);
  let validation = options.validation ? canonicalOrder(options.validation) : undefined;
  let fitSet = sorted;
  // One vocabulary rule for the tuning fit and the final one: decided on the whole training set.
  options = { ...options, minDf: options.minDf ?? (sorted.length > 5000 ? 2 : 1) };
  const holdout = options.holdout ?? 0.2;
  if (!validation && holdout > 0) {
    const split = splitHoldout(sorted, holdout, seed);
    if (split.held.length > 0) {
      fitSet = split.kept;
      validation = split.held;
    }
  }
  const tuned = fit(fitSet, options, seed, validation);
  if (fitSet === sorted) return build(options.kind ?? 'linear', tuned);
  // Retrain on everything with the calibration learned on the held-out part.
  const full = fit(sorted, options, seed, undefined);
  return build(options.kind ?? 'linear', {
    ...full,
    members: full.members.map((m, i) => ({ ...m, temperature: tuned.members[i].temperature }) as Member),
    threshold: tuned.threshold,
    clarifyMargin: tuned.clarifyMargin,
    meta: { ...tuned.meta, examples: sorted.length, tunedOn: 'holdout' },
  });
}

function build(kind: IntentModelKind, fitted: Fitted): LinearIntentModel | EnsembleIntentModel {
  if (kind !== 'linear') return new EnsembleIntentModel(fitted);
  const member = fitted.members[0] as Extract<Member, { type: 'linear' }>;
  const { members: _members, ...rest } = fitted;
  return new LinearIntentModel({ ...rest, weights: member.weights, temperature: member.temperature });
}

function fit(
  examples: readonly TrainingExample[],
  options: IntentTrainOptions,
  seed: number,
  validation: readonly TrainingExample[] | undefined,
): Fitted {
  const kind = options.kind ?? 'linear';
  const features: FeatureConfig = { ...DEFAULT_FEATURES, ...options.features };
  const softmaxOptions: SoftmaxOptions = { ...DEFAULT_SOFTMAX, ...options.softmax, seed };
  // Small packs get more passes (about 150,000 example steps in all, 10 to 60 epochs): the MLP underfits otherwise.
  const epochs = Math.min(60, Math.max(DEFAULT_MLP.epochs, Math.round(150_000 / examples.length)));
  const mlpOptions: MlpOptions = { ...DEFAULT_MLP, epochs, ...options.mlp, seed };
  const minDf = options.minDf ?? (examples.length > 5000 ? 2 : 1);
  const classes = [...new Set(examples.map((e) => e.intent))].sort();
  const classIndex = new Map(classes.map((name, i) => [name, i]));
  const vectorizer = Vectorizer.fit(examples, features, minDf);
  const xs = examples.map((e) => vectorizer.transform(e.text, e.language));
  const ys = examples.map((e) => classIndex.get(e.intent) ?? 0);
  const shared = options.splitSharedTargets === false ? { indices: examples.map((_, i) => i), targets: ys } : sharedTargets(examples, classIndex);
  const members: Member[] = [];
  if (kind !== 'mlp') {
    const weights = trainSoftmax(shared.indices.map((i) => xs[i]), shared.targets, classes.length, vectorizer.size, softmaxOptions);
    const prototypeWeight = options.prototypeWeight ?? DEFAULT_PROTOTYPE_WEIGHT;
    if (prototypeWeight > 0) addPrototypes(weights, xs, ys, prototypeWeight);
    members.push({ type: 'linear', weights, temperature: 1 });
  }
  if (kind !== 'linear') members.push({ type: 'mlp', weights: trainMlp(xs, ys, classes.length, vectorizer.size, mlpOptions), temperature: 1 });
  const meta: Record<string, unknown> = {
    seed,
    examples: examples.length,
    minDf,
    ...(kind !== 'mlp' && {
      softmax: { loss: softmaxOptions.loss, epochs: softmaxOptions.epochs, learningRate: softmaxOptions.learningRate, l2: softmaxOptions.l2 },
    }),
    ...(kind !== 'linear' && { kind, mlp: { hidden: mlpOptions.hidden, epochs: mlpOptions.epochs, learningRate: mlpOptions.learningRate, inputDropout: mlpOptions.inputDropout, dropout: mlpOptions.dropout } }),
  };
  let threshold = DEFAULT_THRESHOLD;
  let clarifyMargin = 0;
  if (validation && validation.length > 0) {
    const oosClass = classIndex.get(OUT_OF_SCOPE) ?? -1;
    const vx = validation.map((e) => vectorizer.transform(e.text, e.language));
    const gold = validation.map((e) => classIndex.get(e.intent) ?? -1);
    const isOos = validation.map((e) => e.intent === OUT_OF_SCOPE || !classIndex.has(e.intent));
    // Each member is calibrated on its own (held-out in-scope NLL), then the calibrated probabilities are averaged.
    for (const member of members) {
      const raw = vx.map((x, i) => ({ gold: gold[i], logits: member.type === 'linear' ? logits(member.weights, x) : mlpLogits(member.weights, x) }));
      member.temperature = fitTemperature(raw.filter((_, i) => !isOos[i]));
    }
    const held: HeldOut[] = vx.map((x, i) => {
      const probs = memberProbabilities(members[0], x);
      for (let m = 1; m < members.length; m++) {
        const p = memberProbabilities(members[m], x);
        for (let k = 0; k < p.length; k++) probs[k] += p[k];
      }
      if (members.length > 1) for (let k = 0; k < probs.length; k++) probs[k] /= members.length;
      return { gold: isOos[i] ? -1 : gold[i], probs };
    });
    const result = tuneThreshold(held, oosClass, (item) => item.gold >= 0, options.oosRecallFloor);
    threshold = result.threshold;
    clarifyMargin = tuneClarifyMargin(held, oosClass, threshold);
    const temperature = members.length === 1 ? members[0].temperature : members.map((m) => m.temperature);
    meta.tuning = {
      method: result.method,
      ...(options.oosRecallFloor !== undefined && { oosRecallFloor: options.oosRecallFloor }),
      validation: validation.length,
      temperature,
      threshold,
      clarifyMargin,
    };
  }
  return { classes, vectorizer, members, threshold, clarifyMargin, meta };
}

/**
 * One training item per distinct (language, normalised text): a text given for several classes (two agencies
 * with the same example) gets a target split evenly between them, so equal evidence trains equal scores.
 * `indices` point at the first example of each text, in canonical order.
 */
function sharedTargets(examples: readonly TrainingExample[], classIndex: ReadonlyMap<string, number>): { indices: number[]; targets: Target[] } {
  const byText = new Map<string, { index: number; classes: number[] }>();
  examples.forEach((e, i) => {
    const key = `${e.language}\u0000${tokenize(e.text).join(' ')}`;
    const k = classIndex.get(e.intent) ?? 0;
    const seen = byText.get(key);
    if (!seen) byText.set(key, { index: i, classes: [k] });
    else seen.classes.push(k);
  });
  const indices: number[] = [];
  const targets: Target[] = [];
  for (const { index, classes } of byText.values()) {
    if (classes.every((k) => k === classes[0])) {
      // Repeats within one class count once per copy, as before.
      for (const k of classes) {
        indices.push(index);
        targets.push(k);
      }
      continue;
    }
    indices.push(index);
    const weight = 1 / classes.length;
    const shares = new Map<number, number>();
    for (const k of classes) shares.set(k, (shares.get(k) ?? 0) + weight);
    targets.push([...shares.entries()].sort((a, b) => a[0] - b[0]));
  }
  return { indices, targets };
}

/**
 * The prototype scorer, folded into the linear weights: each class's prototype is the L2-normalised mean of its
 * examples' TF-IDF vectors, and `weight × cos(x, prototype)` is added to the class's logit. A score for "how much
 * does this message look like the class's examples as a whole", which SGD's per-example updates do not give: two
 * classes that share an example get the same similarity from it. Being linear, it costs nothing at classify time.
 */
function addPrototypes(model: LinearWeights, xs: readonly SparseVector[], ys: readonly number[], weight: number): void {
  const { classes, weights } = model;
  const sums = new Float64Array(weights.length);
  xs.forEach((x, i) => {
    for (let j = 0; j < x.indices.length; j++) sums[x.indices[j] * classes + ys[i]] += x.values[j];
  });
  const norms = new Float64Array(classes);
  for (let f = 0; f < sums.length; f++) norms[f % classes] += sums[f] * sums[f];
  for (let f = 0; f < sums.length; f++) {
    const norm = Math.sqrt(norms[f % classes]);
    if (norm > 0 && sums[f] !== 0) weights[f] += (weight * sums[f]) / norm;
  }
}

/** One copy of each in-scope example of ≥ 4 words with one word left out (seeded pick per example). */
function withWordDropout(examples: readonly TrainingExample[], seed: number): TrainingExample[] {
  const random = createRandom(seed ^ 0xd409);
  const out = [...canonicalOrder(examples)];
  for (const e of canonicalOrder(examples)) {
    if (e.intent === OUT_OF_SCOPE) continue;
    const words = tokenize(e.text);
    if (words.length < 4) continue;
    const drop = Math.floor(random() * words.length);
    out.push({ ...e, text: words.filter((_, i) => i !== drop).join(' ') });
  }
  return out;
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
