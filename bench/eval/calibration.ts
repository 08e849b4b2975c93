import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { trainIntentModel, type IntentTrainOptions } from '../../src/nlu/index.js';
import { loadDataset } from './dataset.js';
import { OOS_RECALL_FLOOR } from './runners.js';
import { foldOf, loadPackExamples } from './packs.js';

/** Expected calibration error over 15 equal-width bins of the top score (Guo et al. 2017). */
export const BINS = 15;

export interface Reliability {
  ece: number;
  n: number;
  /** Per bin: mean confidence, accuracy, count. */
  bins: Array<{ confidence: number; accuracy: number; count: number }>;
}

/** `items`: the top in-scope intent's score and whether it was the gold intent. */
export function reliability(items: ReadonlyArray<{ score: number; right: boolean }>): Reliability {
  const bins = Array.from({ length: BINS }, () => ({ sum: 0, right: 0, count: 0 }));
  for (const { score, right } of items) {
    const b = bins[Math.min(BINS - 1, Math.floor(score * BINS))];
    b.sum += score;
    b.count++;
    if (right) b.right++;
  }
  let ece = 0;
  for (const b of bins) if (b.count) ece += (b.count / items.length) * Math.abs(b.right / b.count - b.sum / b.count);
  return { ece, n: items.length, bins: bins.map((b) => ({ confidence: b.count ? b.sum / b.count : 0, accuracy: b.count ? b.right / b.count : 0, count: b.count })) };
}

/** The demo packs' 5-fold cross-validation (same folds as --packs), in-scope held-out examples, router training. */
export async function packReliability(options: IntentTrainOptions = {}, folds = 5): Promise<Reliability & { top1: number; rightAgency: number; rightAndKept: number; oosRecall: number }> {
  const examples = await loadPackExamples();
  const fold = foldOf(examples, folds);
  const items: Array<{ score: number; right: boolean }> = [];
  let agency = 0, kept = 0, oos = 0, caught = 0;
  for (let f = 0; f < folds; f++) {
    const model = trainIntentModel(examples.filter((_, i) => fold[i] !== f), { seed: 1, ...options });
    examples.forEach((e, i) => {
      if (fold[i] !== f) return;
      const c = model.classify(e.text, e.language);
      if (e.intent === 'oos') {
        oos++;
        if (c.outOfScope) caught++;
        return;
      }
      const top = c.ranked[0];
      items.push({ score: top.score, right: top.intent === e.intent });
      if (top.intent.split('/')[0] === e.intent.split('/')[0]) agency++;
      if (top.intent === e.intent && !c.outOfScope) kept++;
    });
  }
  const r = reliability(items);
  return { ...r, top1: items.filter((i) => i.right).length / items.length, rightAgency: agency / items.length, rightAndKept: kept / items.length, oosRecall: oos ? caught / oos : NaN };
}

/** CLINC150 (or any data set with val/test): train on train, tune on val, in-scope test rows. Slow: minutes. */
export function datasetReliability(path: string, kind: 'linear' | 'ensemble', options: IntentTrainOptions = {}): Reliability & { inScopeAccuracy: number; oosRecall: number; top1: number; trainMs: number } {
  const data = loadDataset(path);
  const toExample = (r: { text: string; intent: string }) => ({ text: r.text, intent: r.intent, language: 'en' as const });
  const started = performance.now();
  const model = trainIntentModel(data.train.map(toExample), { kind, validation: data.val.map(toExample), seed: 1, oosRecallFloor: OOS_RECALL_FLOOR, ...options });
  const trainMs = Math.round(performance.now() - started);
  const items: Array<{ score: number; right: boolean }> = [];
  let kept = 0, oos = 0, caught = 0;
  for (const row of data.test) {
    const c = model.classify(row.text, 'en');
    if (row.intent === 'oos') {
      oos++;
      if (c.outOfScope) caught++;
      continue;
    }
    items.push({ score: c.ranked[0].score, right: c.ranked[0].intent === row.intent });
    if (c.ranked[0].intent === row.intent && !c.outOfScope) kept++;
  }
  return { ...reliability(items), inScopeAccuracy: kept / items.length, oosRecall: caught / Math.max(1, oos), top1: items.filter((i) => i.right).length / items.length, trainMs };
}

/** A reliability diagram: accuracy against mean confidence per bin, one polyline per curve, the diagonal dashed. */
export function writeReliabilitySvg(file: string, curves: Array<{ label: string; r: Reliability; color: string }>): void {
  const size = 360, pad = 44, w = size - 2 * pad;
  const x = (v: number) => pad + v * w;
  const y = (v: number) => size - pad - v * w;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${size + 220}" height="${size}" viewBox="0 0 ${size + 220} ${size}" font-family="sans-serif" font-size="11">`,
    `<title>Reliability diagram (${BINS} bins): accuracy against confidence of the top intent</title>`,
    `<rect x="${pad}" y="${pad}" width="${w}" height="${w}" fill="#fff" stroke="#888"/>`,
    `<line x1="${x(0)}" y1="${y(0)}" x2="${x(1)}" y2="${y(1)}" stroke="#aaa" stroke-dasharray="4 3"/>`,
  ];
  for (let t = 0; t <= 10; t += 2) {
    parts.push(`<text x="${x(t / 10)}" y="${size - pad + 14}" text-anchor="middle">${t / 10}</text>`, `<text x="${pad - 6}" y="${y(t / 10) + 4}" text-anchor="end">${t / 10}</text>`);
  }
  parts.push(`<text x="${pad + w / 2}" y="${size - 8}" text-anchor="middle">confidence (top score)</text>`, `<text x="12" y="${pad + w / 2}" transform="rotate(-90 12 ${pad + w / 2})" text-anchor="middle">accuracy</text>`);
  curves.forEach(({ label, r, color }, i) => {
    const points = r.bins.filter((b) => b.count > 0).map((b) => `${x(b.confidence).toFixed(1)},${y(b.accuracy).toFixed(1)}`);
    parts.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${points.join(' ')}"/>`);
    for (const p of points) parts.push(`<circle cx="${p.split(',')[0]}" cy="${p.split(',')[1]}" r="2.5" fill="${color}"/>`);
    parts.push(`<rect x="${size}" y="${pad + i * 20}" width="12" height="3" fill="${color}"/>`, `<text x="${size + 18}" y="${pad + i * 20 + 5}">${label} (ECE ${(100 * r.ece).toFixed(1)}%)</text>`);
  });
  parts.push('</svg>');
  writeFileSync(fileURLToPath(new URL(`../../${file}`, import.meta.url)), parts.join('\n'));
}

interface ClincFile {
  linear?: Reliability & { inScopeAccuracy: number; oosRecall: number; top1: number; trainMs: number };
  ensemble?: Reliability & { inScopeAccuracy: number; oosRecall: number; top1: number; trainMs: number };
}

/**
 * ECE table: the packs' cross-validation with the model as it was before the calibration and generalisation work
 * (per-example targets, old features) and as it is; CLINC150 test from stored `clinc-calibration.ts` results
 * (docs/calibration/clinc150-{before,after}.json: CLINC150 takes minutes, so it is run apart). Writes
 * docs/reliability.svg.
 */
export async function calibrationReport(clincDir = 'docs/calibration'): Promise<string> {
  const before = await packReliability({ splitSharedTargets: false, features: { fold: false, estonian: 'light' } });
  const after = await packReliability();
  const read = (name: string): ClincFile => {
    try {
      return JSON.parse(readFileSync(fileURLToPath(new URL(`../../${clincDir}/${name}`, import.meta.url)), 'utf8')) as ClincFile;
    } catch {
      return {};
    }
  };
  const clincBefore = read('clinc150-before.json');
  const clincAfter = read('clinc150-after.json');
  const pct = (x: number | undefined) => (x === undefined ? 'n/a' : (100 * x).toFixed(1));
  const lines = [
    `ECE over ${BINS} equal-width bins of the top intent's score (in-scope messages; accuracy = top intent right).`,
    '',
    '| data | model | ECE before % | ECE after % | top-1 before % | top-1 after % | in-scope acc before / after % | OOS recall before / after % |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    `| demo packs, 5-fold (${after.n} in-scope) | linear (router) | ${pct(before.ece)} | ${pct(after.ece)} | ${pct(before.top1)} | ${pct(after.top1)} | ${pct(before.rightAndKept)} / ${pct(after.rightAndKept)} | ${pct(before.oosRecall)} / ${pct(after.oosRecall)} |`,
  ];
  for (const kind of ['linear', 'ensemble'] as const) {
    const b = clincBefore[kind];
    const a = clincAfter[kind];
    if (!b && !a) continue;
    lines.push(`| CLINC150 test (${a?.n ?? b?.n} in-scope) | ${kind} | ${pct(b?.ece)} | ${pct(a?.ece)} | ${pct(b?.top1)} | ${pct(a?.top1)} | ${pct(b?.inScopeAccuracy)} / ${pct(a?.inScopeAccuracy)} | ${pct(b?.oosRecall)} / ${pct(a?.oosRecall)} |`);
  }
  const curves = [
    { label: 'packs 5-fold, before', r: before, color: '#b0b0b0' },
    { label: 'packs 5-fold, after', r: after, color: '#1f4e79' },
    ...(clincAfter.linear ? [{ label: 'CLINC150 test, linear', r: clincAfter.linear, color: '#c0504d' }] : []),
  ];
  writeReliabilitySvg('docs/reliability.svg', curves);
  lines.push('', '![Reliability diagram](reliability.svg)');
  return lines.join('\n');
}
