/**
 * `npm run eval -- <dataset.jsonl> [--json] [--timeout-s N] [--only a,b]` compares our intent models with
 * natural's BayesClassifier and LogisticRegressionClassifier and nlp.js on one data set: train on `train`,
 * tune on `val`, report on `test`. Each model runs in its own child process, one after another (the machine's
 * cores are shared), baselines under a time bound.
 * `npm run eval -- --languages [--json]` measures language detection on the demo packs' examples.
 * `npm run eval -- --packs [--json]` cross-validates each model kind (linear, mlp, ensemble) on the demo packs.
 * `npm run eval -- --pii [--json]` measures the PII detectors on tests/fixtures/pii-cases.jsonl (into docs/PRIVACY.md).
 * `npm run eval -- --paraphrases [--json]` routes the paraphrase set through the router's decision (docs/NLU.md).
 * `npm run eval -- --dialogues [--sweep] [--json]` measures clarify, false clarify and near-domain rejection.
 * `npm run eval -- --steps` measures each generalisation step (paraphrases, dialogues, pack cross-validation).
 * `npm run eval -- --calibration [--clinc-json out.json]` ECE on the packs' cross-validation (and CLINC150 from
 * a `bench/eval/clinc-calibration.ts` result), reliability diagram in docs/reliability.svg.
 * `npm run eval -- --clusters <dataset.jsonl> [--json]` measures the unplaced-question grouping (docs/ANALYTICS.md).
 * Without --json the table is printed and written into docs/NLU.md under the data set's heading.
 */
import { basename } from 'node:path';
import { runInChild } from './eval/child.js';
import { evaluateLanguages } from './eval/languages.js';
import { evaluatePackKinds, formatPackKinds } from './eval/packs.js';
import { evaluateParaphrases, NEAR_COPY } from './eval/paraphrases.js';
import { evaluateDialogues } from './eval/dialogues.js';
import { stepTable } from './eval/steps.js';
import { calibrationReport } from './eval/calibration.js';
import type { ModelResult } from './eval/metrics.js';
import { formatTable, updateDoc } from './eval/report.js';
import { runClusters } from './eval/clusters.js';
import { runPiiEval } from './eval/pii.js';

const args = process.argv.slice(2);
const flag = (name: string): boolean => args.includes(name);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const json = flag('--json');
const timeoutS = Number(option('--timeout-s') ?? 120);
const command = `npm run eval -- ${args.filter((a, i) => a !== '--json' && a !== '--section' && args[i - 1] !== '--section').join(' ')}`.trim();

// Ours twice: the ensemble (best on CLINC150, see docs/NLU.md) and the linear model the router uses by default.
const CONTENDERS: Array<[runner: string, label: string, bounded: boolean]> = [
  ['switchboard-ensemble', 'switchboard (ensemble)', false],
  ['switchboard-linear', 'switchboard (linear)', false],
  ['natural-bayes', 'natural BayesClassifier', true],
  ['natural-logreg', 'natural LogisticRegressionClassifier', true],
  ['nlpjs', 'nlp.js', true],
];

if (option('--clusters')) await runClusters(option('--clusters') as string, json).then(() => process.exit(0));
if (flag('--pii')) {
  runPiiEval(json, command);
} else if (flag('--paraphrases')) {
  const result = await evaluateParaphrases(!json);
  if (result.refused.length > 0) {
    console.error(`refused: ${result.refused.length} line(s) nearly copy a pack example (word overlap ≥ ${NEAR_COPY}):`);
    for (const line of result.refused) console.error(`  ${line}`);
    process.exit(1);
  }
  if (json) console.log(JSON.stringify({ command, figures: result.figures, lines: result.lines }));
  else {
    console.log(result.table);
    updateDoc(option('--section') ?? 'Paraphrases', `\`${command}\`\n\n${result.table}`);
  }
} else if (flag('--dialogues')) {
  const result = await evaluateDialogues(flag('--sweep'));
  if (result.refused.length > 0) {
    console.error(`refused: ${result.refused.length} line(s) nearly copy a training example (word overlap ≥ ${NEAR_COPY}):`);
    for (const line of result.refused) console.error(`  ${line}`);
    process.exit(1);
  }
  if (json) console.log(JSON.stringify({ command, ...result }));
  else {
    console.log(result.table);
    if (result.sweep) console.log(`\n${result.sweep}`);
    updateDoc(option('--section') ?? 'Dialogues', `\`${command}\`\n\n${result.table}${result.sweep ? `\n\nMargin sweep (same set):\n\n${result.sweep}` : ''}`);
  }
} else if (flag('--steps')) {
  const table = await stepTable((line) => process.stderr.write(`${line}\n`));
  console.log(table);
  if (!json) updateDoc('Generalisation steps', `\`${command}\`\n\n${table}`);
} else if (flag('--calibration')) {
  const table = await calibrationReport(option('--clinc-json'));
  console.log(table);
  if (!json) updateDoc('Calibration', `\`${command}\`\n\n${table}`);
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
