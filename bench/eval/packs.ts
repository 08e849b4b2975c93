import { AgencyRegistry, loadAgenciesFolder, loadPackFolder } from '../../src/agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../../src/config/index.js';
import { trainIntentModel, type IntentModelKind, type TrainingExample } from '../../src/nlu/index.js';

/**
 * Every example of the demo packs exactly as the router trains on them: `AgencyRegistry.trainingExamples()`
 * (qualified intent names; only the shared packs' out-of-scope lines as `oos`).
 */
export async function loadPackExamples(): Promise<TrainingExample[]> {
  const registry = new AgencyRegistry(await loadAgenciesFolder(DEFAULT_AGENCIES_DIR), await loadPackFolder(DEFAULT_INTENTS_DIR));
  return registry.trainingExamples();
}

/** Deterministic k-fold assignment: every k-th example (in file order) of each (intent, language) group. */
export function foldOf(examples: readonly TrainingExample[], k: number): number[] {
  const seen = new Map<string, number>();
  return examples.map((e) => {
    const key = `${e.intent}\u0000${e.language}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n % k;
  });
}

export interface PackKindResult {
  kind: IntentModelKind;
  /** Over in-scope held-out examples. */
  top1: number;
  rightAndKept: number;
  rightAgency: number;
  /** Over the packs' held-out `outOfScope` lines. */
  oosRecall: number;
  trainMs: number;
  p50Us: number;
}

/**
 * Each model kind on the demo packs, 5-fold cross-validated (same folds as `--languages`), trained the way the
 * router trains (default options, hold-out tuning), classified with the pack's language.
 */
export async function evaluatePackKinds(kinds: readonly IntentModelKind[], folds = 5): Promise<PackKindResult[]> {
  const examples = await loadPackExamples();
  const fold = foldOf(examples, folds);
  const owner = (intent: string): string => intent.split('/')[0];
  return kinds.map((kind) => {
    let inScope = 0, top1 = 0, kept = 0, agency = 0, oos = 0, caught = 0, trainMs = 0;
    const latencies: number[] = [];
    for (let f = 0; f < folds; f++) {
      const started = performance.now();
      const model = trainIntentModel(examples.filter((_, i) => fold[i] !== f), { seed: 1, kind });
      trainMs += performance.now() - started;
      examples.forEach((e, i) => {
        if (fold[i] !== f) return;
        const t0 = process.hrtime.bigint();
        const c = model.classify(e.text, e.language);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1000);
        if (e.intent === 'oos') {
          oos++;
          if (c.outOfScope) caught++;
          return;
        }
        inScope++;
        if (c.ranked[0].intent === e.intent) top1++;
        if (c.ranked[0].intent === e.intent && !c.outOfScope) kept++;
        if (owner(c.ranked[0].intent) === owner(e.intent)) agency++;
      });
    }
    latencies.sort((a, b) => a - b);
    return {
      kind,
      top1: top1 / inScope,
      rightAndKept: kept / inScope,
      rightAgency: agency / inScope,
      oosRecall: oos ? caught / oos : NaN,
      trainMs: Math.round(trainMs / folds),
      p50Us: Math.round(latencies[Math.floor(latencies.length / 2)] * 10) / 10,
    };
  });
}

export function formatPackKinds(results: readonly PackKindResult[]): string {
  const pct = (x: number): string => (Number.isNaN(x) ? 'n/a' : (100 * x).toFixed(1));
  const lines = [
    '| kind | top intent right % | right and not rejected % | right agency % | pack OOS lines rejected % | train ms (per fold) | p50 µs |',
    '|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    lines.push(`| ${r.kind} | ${pct(r.top1)} | ${pct(r.rightAndKept)} | ${pct(r.rightAgency)} | ${pct(r.oosRecall)} | ${r.trainMs} | ${r.p50Us} |`);
  }
  return lines.join('\n');
}
