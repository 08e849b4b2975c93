/**
 * `npx tsx bench/eval/clinc-calibration.ts <clinc150.jsonl> <out.json> [linear,ensemble]`: in-scope accuracy,
 * OOS recall and reliability (ECE) on CLINC150 test for our model kinds, one after another. Slow (minutes).
 */
import { writeFileSync } from 'node:fs';
import { datasetReliability } from './calibration.js';

const [path, out, kinds = 'linear,ensemble'] = process.argv.slice(2);
const results: Record<string, unknown> = {};
for (const kind of kinds.split(',') as Array<'linear' | 'ensemble'>) {
  results[kind] = datasetReliability(path, kind);
  writeFileSync(out, JSON.stringify(results, null, 1));
  process.stderr.write(`${kind} done\n`);
}
