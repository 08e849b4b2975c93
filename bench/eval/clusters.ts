/**
 * `npm run eval -- --clusters <dataset.jsonl> [--json]`: how well the unplaced-question grouping
 * (src/analytics/clusters.ts) recovers intents it is not told. In-scope rows only, intents hidden: the
 * threshold is chosen on `val` (best adjusted Rand index of a sweep), then `test` is clustered once at it.
 * Reports purity, adjusted Rand index, the number of groups against the number of intents, and the time.
 */
import { adjustedRandIndex, clusterer, clusterQuestions, DEFAULT_CLUSTER_THRESHOLD, purity, SMALL_BATCH } from '../../src/analytics/index.js';
import { loadDataset, type Row } from './dataset.js';

const SWEEP = [0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5];

interface Score {
  threshold: number;
  groups: number;
  intents: number;
  purity: number;
  ari: number;
  ms: number;
}

function score(rows: Row[], thresholds: number[]): Score[] {
  const started = performance.now();
  const cluster = clusterer(rows.map((row) => ({ text: row.text, language: 'en' as const })));
  const prepared = performance.now() - started;
  const labels = rows.map((row) => row.intent);
  return thresholds.map((threshold) => {
    const t0 = performance.now();
    const groups = new Array<number>(rows.length);
    cluster(threshold).forEach((group, g) => {
      for (const i of group.members) groups[i] = g;
    });
    const found = new Set(groups).size;
    return { threshold, groups: found, intents: new Set(labels).size, purity: purity(groups, labels), ari: adjustedRandIndex(groups, labels), ms: Math.round(prepared + performance.now() - t0) };
  });
}

const row = (s: Score) => `| ${s.threshold.toFixed(2)} | ${s.groups} | ${s.intents} | ${s.purity.toFixed(3)} | ${s.ari.toFixed(3)} | ${s.ms} |`;
const HEAD = '| threshold | groups | intents | purity | ARI | ms |\n|---|---|---|---|---|---|';

export async function runClusters(path: string, json: boolean): Promise<void> {
  const data = loadDataset(path);
  const inScope = (rows: Row[]) => rows.filter((r) => r.intent !== 'oos');
  const sweep = score(inScope(data.val), SWEEP);
  const best = sweep.reduce((a, b) => (b.ari > a.ari ? b : a));
  const [test] = score(inScope(data.test), [best.threshold]);
  const small = smallBatches(inScope(data.test));
  if (json) {
    console.log(JSON.stringify({ path, sweep, chosen: best.threshold, test, small }));
    return;
  }
  console.log(`Threshold sweep on val (${inScope(data.val).length} in-scope rows):\n\n${HEAD}\n${sweep.map(row).join('\n')}\n`);
  console.log(`Test (${inScope(data.test).length} in-scope rows, intents hidden) at the val-chosen threshold:\n\n${HEAD}\n${row(test)}\n`);
  console.log(`Small batches (the size an agency's month may have; function words dropped below ${SMALL_BATCH} questions): ${small.batches} batches of ${small.intents} test intents (${small.rows} rows each), default threshold ${DEFAULT_CLUSTER_THRESHOLD}: mean purity ${small.purity.toFixed(3)}, mean ARI ${small.ari.toFixed(3)} (min ${small.minAri.toFixed(3)}).`);
}

/** Ten batches of 10 intents each (disjoint, in file order of first appearance), all their test rows: below SMALL_BATCH. */
function smallBatches(rows: Row[]) {
  const intents = [...new Set(rows.map((r) => r.intent))];
  const results: Array<{ purity: number; ari: number }> = [];
  let size = 0;
  for (let b = 0; b < 10; b++) {
    const chosen = new Set(intents.slice(b * 10, b * 10 + 10));
    const batch = rows.filter((r) => chosen.has(r.intent));
    size = batch.length;
    const groups = new Array<number>(batch.length);
    clusterQuestions(batch.map((r) => ({ text: r.text, language: 'en' as const }))).forEach((group, g) => {
      for (const i of group.members) groups[i] = g;
    });
    const labels = batch.map((r) => r.intent);
    results.push({ purity: purity(groups, labels), ari: adjustedRandIndex(groups, labels) });
  }
  const mean = (key: 'purity' | 'ari') => results.reduce((sum, r) => sum + r[key], 0) / results.length;
  return { batches: results.length, intents: 10, rows: size, purity: mean('purity'), ari: mean('ari'), minAri: Math.min(...results.map((r) => r.ari)) };
}
