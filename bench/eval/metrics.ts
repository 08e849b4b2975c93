/** What every model in the comparison reports; the `--json` output has one of these per model. */
export interface ModelResult {
  model: string;
  status: 'ok' | 'timeout' | 'error';
  note?: string;
  inScopeAccuracy?: number;
  /** Top intent right on in-scope rows, rejection ignored: the classifier alone, without the OOS decision. */
  top1Accuracy?: number;
  oosRecall?: number | null;
  oosPrecision?: number | null;
  macroF1?: number;
  trainMs?: number;
  p50Us?: number;
  p99Us?: number;
  sizeBytes?: number | null;
  threshold?: number | null;
}

export interface Prediction {
  gold: string;
  /** Predicted intent, or 'oos' when the model rejected the message. */
  predicted: string;
  /** The top intent before any rejection. */
  top: string;
}

import { OUT_OF_SCOPE as OOS } from '../../src/protocol/index.js';
export { OOS };

/**
 * In-scope accuracy: right intent and not rejected, over in-scope rows (a rejected in-scope row is an error).
 * OOS recall/precision: over rows whose gold / prediction is `oos`. Macro-F1: mean per-class F1 over every gold
 * class, `oos` included when present.
 */
export function score(
  predictions: readonly Prediction[],
): Pick<ModelResult, 'inScopeAccuracy' | 'top1Accuracy' | 'oosRecall' | 'oosPrecision' | 'macroF1'> {
  const inScope = predictions.filter((p) => p.gold !== OOS);
  const oosGold = predictions.filter((p) => p.gold === OOS);
  const oosPredicted = predictions.filter((p) => p.predicted === OOS);
  const classes = [...new Set(predictions.map((p) => p.gold))];
  const stats = new Map(classes.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  for (const p of predictions) {
    if (p.predicted === p.gold) stats.get(p.gold)!.tp++;
    else {
      stats.get(p.gold)!.fn++;
      const s = stats.get(p.predicted);
      if (s) s.fp++;
    }
  }
  let f1Sum = 0;
  for (const { tp, fp, fn } of stats.values()) f1Sum += tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
  return {
    inScopeAccuracy: inScope.filter((p) => p.predicted === p.gold).length / Math.max(1, inScope.length),
    top1Accuracy: inScope.filter((p) => p.top === p.gold).length / Math.max(1, inScope.length),
    oosRecall: oosGold.length ? oosGold.filter((p) => p.predicted === OOS).length / oosGold.length : null,
    oosPrecision: oosGold.length ? (oosPredicted.length ? oosPredicted.filter((p) => p.gold === OOS).length / oosPredicted.length : 0) : null,
    macroF1: f1Sum / Math.max(1, classes.length),
  };
}

export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}
