/**
 * Calibration and decision thresholds, all fitted on held-out examples:
 * - temperature: one scalar dividing the logits, chosen to minimise the held-out negative log-likelihood, so a
 *   score of 0.8 means "right about 80% of the time" rather than whatever the training loss left behind;
 * - threshold: top in-scope score below which a message is out of scope;
 * - clarify margin: top-1 minus top-2 score below which the router should ask instead of guessing.
 */
export interface HeldOut {
  /** Index of the gold class in the model's classes (the `oos` class included), or -1 for out-of-scope gold. */
  gold: number;
  /** Calibrated probabilities over the model's classes. */
  probs: Float64Array;
}

export interface Decision {
  top: number;
  topScore: number;
  secondScore: number;
  oosScore: number;
}

/** Best in-scope class and the scores the decisions look at. `oosClass` is -1 when the model has none. */
export function decide(probs: Float64Array, oosClass: number): Decision {
  let top = -1;
  let topScore = -1;
  let secondScore = 0;
  for (let k = 0; k < probs.length; k++) {
    if (k === oosClass) continue;
    if (probs[k] > topScore) {
      secondScore = Math.max(secondScore, topScore);
      top = k;
      topScore = probs[k];
    } else if (probs[k] > secondScore) secondScore = probs[k];
  }
  return { top, topScore, secondScore, oosScore: oosClass >= 0 ? probs[oosClass] : 0 };
}

export function isOutOfScope(d: Decision, threshold: number): boolean {
  return d.topScore < threshold || d.oosScore > d.topScore;
}

/** Grid search for the temperature that minimises held-out NLL (only examples whose gold is a model class). */
export function fitTemperature(items: ReadonlyArray<{ gold: number; logits: Float64Array }>): number {
  const usable = items.filter((item) => item.gold >= 0);
  if (usable.length < 10) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (let step = -56; step <= 24; step++) {
    const t = 2 ** (step / 8); // 1/128 … 8: hinge-trained scores need small temperatures
    let loss = 0;
    for (const { gold, logits } of usable) {
      let max = -Infinity;
      for (const z of logits) max = Math.max(max, z / t);
      let sum = 0;
      for (const z of logits) sum += Math.exp(z / t - max);
      loss += Math.log(sum) + max - logits[gold] / t;
    }
    if (loss < bestLoss - 1e-9) {
      bestLoss = loss;
      best = t;
    }
  }
  return best;
}

export interface ThresholdResult {
  threshold: number;
  /** How the threshold was chosen, for docs and logs. */
  method: 'balanced' | 'recall-floor' | 'quantile' | 'default';
}

export const DEFAULT_THRESHOLD = 0.3;

/**
 * With out-of-scope examples held out, choose the threshold that maximises the mean of in-scope accuracy
 * (right intent AND kept) and out-of-scope recall (`balanced`); or, given `oosRecallFloor`, the one that
 * maximises in-scope accuracy among those whose held-out out-of-scope recall is at least the floor
 * (`recall-floor`: the lowest such threshold). Ties go to the lower threshold. Without out-of-scope examples,
 * reject the 5% least confident correctly classified in-scope examples (a quantile), capped to [0.05, 0.5].
 */
export function tuneThreshold(
  items: readonly HeldOut[],
  oosClass: number,
  inScopeGold: (i: HeldOut) => boolean,
  oosRecallFloor?: number,
): ThresholdResult {
  const decided = items.map((item) => ({ item, d: decide(item.probs, oosClass) }));
  const inScope = decided.filter(({ item }) => inScopeGold(item));
  const oos = decided.filter(({ item }) => !inScopeGold(item));
  if (inScope.length < 5) return { threshold: DEFAULT_THRESHOLD, method: 'default' };
  if (oos.length === 0) {
    const correct = inScope.filter(({ item, d }) => d.top === item.gold).map(({ d }) => d.topScore).sort((a, b) => a - b);
    if (correct.length === 0) return { threshold: DEFAULT_THRESHOLD, method: 'default' };
    const q = correct[Math.floor(correct.length * 0.05)];
    return { threshold: round(Math.min(0.5, Math.max(0.05, q))), method: 'quantile' };
  }
  let best = { threshold: DEFAULT_THRESHOLD, value: -1 };
  for (let step = 0; step <= 200; step++) {
    const threshold = step / 200;
    const kept = inScope.filter(({ item, d }) => d.top === item.gold && !isOutOfScope(d, threshold)).length;
    const caught = oos.filter(({ d }) => isOutOfScope(d, threshold)).length;
    if (oosRecallFloor !== undefined && caught / oos.length < oosRecallFloor - 1e-12) continue;
    const value = oosRecallFloor !== undefined ? kept / inScope.length : (kept / inScope.length + caught / oos.length) / 2;
    if (value > best.value + 1e-12) best = { threshold, value };
  }
  return { threshold: best.threshold, method: oosRecallFloor !== undefined ? 'recall-floor' : 'balanced' };
}

/**
 * The margin below which clarifying beats guessing: over held-out in-scope examples that pass the threshold,
 * the margin m (grid 0…0.5) that maximises (wrong guesses caught) − (right guesses needlessly questioned) when
 * every example with top1 − top2 < m is clarified instead. 0 when guessing is always better.
 */
export function tuneClarifyMargin(items: readonly HeldOut[], oosClass: number, threshold: number): number {
  const kept = items
    .filter((item) => item.gold >= 0 && item.gold !== oosClass)
    .map((item) => ({ item, d: decide(item.probs, oosClass) }))
    .filter(({ d }) => !isOutOfScope(d, threshold));
  let best = { margin: 0, value: 0 };
  for (let step = 1; step <= 100; step++) {
    const margin = step / 200;
    let value = 0;
    for (const { item, d } of kept) if (d.topScore - d.secondScore < margin) value += d.top === item.gold ? -1 : 1;
    if (value > best.value) best = { margin, value };
  }
  return best.margin;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
