/**
 * `npm run eval -- <dataset.jsonl> [--json] [--timeout-s N] [--only a,b]` compares our intent models with
 * natural's BayesClassifier and LogisticRegressionClassifier and nlp.js on one data set: train on `train`,
 * tune on `val`, report on `test`. Each model runs in its own child process, one after another (the machine's
 * cores are shared), baselines under a time bound.
 * `npm run eval -- --languages [--json]` measures language detection on the demo packs' examples.
 * `npm run eval -- --packs [--json]` cross-validates each model kind (linear, mlp, ensemble) on the demo packs.
 * `npm run eval -- --pii [--json]` measures the PII detectors on tests/fixtures/pii-cases.jsonl (into docs/PRIVACY.md).
 * Without --json the table is printed and written into docs/NLU.md under the data set's heading.
 */
import { basename } from 'node:path';
import { runInChild } from './eval/child.js';
import { evaluateLanguages } from './eval/languages.js';
import { evaluatePackKinds, formatPackKinds } from './eval/packs.js';
import type { ModelResult } from './eval/metrics.js';
import { formatTable, updateDoc } from './eval/report.js';
import { runPiiEval } from './eval/pii.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = flag('--json');
const timeoutS = Number(option('--timeout-s') ?? 120);
const command = `npm run eval -- ${args.filter((a) => a !== '--json').join(' ')}`.trim();

// Ours twice: the ensemble (best on CLINC150, see docs/NLU.md) and the linear model the router uses by default.
const CONTENDERS: Array<[runner: string, label: string, bounded: boolean]> = [
  ['switchboard-ensemble', 'switchboard (ensemble)', false],
  ['switchboard-linear', 'switchboard (linear)', false],
  ['natural-bayes', 'natural BayesClassifier', true],
  ['natural-logreg', 'natural LogisticRegressionClassifier', true],
  ['nlpjs', 'nlp.js', true],
];

if (flag('--pii')) {
  runPiiEval(json, command);
} else if (flag('--packs')) {
  const results = await evaluatePackKinds(['linear', 'mlp', 'ensemble']);
  if (json) console.log(JSON.stringify({ command, kinds: results }));
  else {
    const table = formatPackKinds(results);
    console.log(table);
    updateDoc('Model kinds on the demo packs', `\`${command}\`\n\n${table}`);
  }
} else if (flag('--languages')) {
  const result = await evaluateLanguages();
  if (json) console.log(JSON.stringify(result));
  else {
    console.log(result.table);
    updateDoc(`Language detection`, `\`${command}\`\n\n${result.table}`);
  }
} else {
  const dataset = args.find((a, i) => !a.startsWith('--') && !['--timeout-s', '--only'].includes(args[i - 1] ?? ''));
  if (!dataset) {
    console.error('usage: npm run eval -- <dataset.jsonl> [--json] [--timeout-s N] [--only switchboard-ensemble,nlpjs] | --languages | --packs');
    process.exit(2);
  }
  // `--only switchboard` selects both of ours.
  const only = option('--only')?.split(',').flatMap((name) => (name === 'switchboard' ? ['switchboard-ensemble', 'switchboard-linear'] : [name]));
  const results: ModelResult[] = [];
  for (const [runner, label, bounded] of CONTENDERS) {
    if (only && !only.includes(runner)) continue;
    if (!json) process.stderr.write(`${label}…\n`);
    // Our model is bounded too, but generously: the bound is for the baselines.
    results.push(await runInChild(runner, dataset, label, bounded ? timeoutS : Math.max(timeoutS, 600)));
  }
  if (json) console.log(JSON.stringify({ dataset: basename(dataset), command, models: results }));
  else {
    const table = formatTable(results);
    console.log(table);
    updateDoc(`Results: ${basename(dataset)}`, `\`${command}\`\n\n${table}`);
  }
}
