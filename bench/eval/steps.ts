import type { IntentTrainOptions } from '../../src/nlu/index.js';
import type { RoutingPolicy } from '../../src/router/index.js';
import { packReliability } from './calibration.js';
import { evaluateDialogues } from './dialogues.js';
import { evaluateParaphrases } from './paraphrases.js';

interface Step {
  name: string;
  options: IntentTrainOptions;
  policy?: (policy: RoutingPolicy) => RoutingPolicy;
  adopted: boolean;
}

const OLD_FEATURES = { fold: false, estonian: 'light' as const };
const noBand = (p: RoutingPolicy): RoutingPolicy => ({ ...p, suggestFloor: undefined, clarifyRival: undefined });
const noRival = (p: RoutingPolicy): RoutingPolicy => ({ ...p, clarifyRival: undefined });

/**
 * The generalisation steps, each on top of the previous adopted ones, all measured in one run on today's packs:
 * the first row is the model and rules as they were before this work (same packs).
 */
export const STEPS: Step[] = [
  { name: 'before: per-example targets, light Estonian stripper, no folding, route/clarify/fallback', options: { splitSharedTargets: false, features: OLD_FEATURES }, policy: noBand, adopted: true },
  { name: '+ split targets for shared texts (tie fix)', options: { features: OLD_FEATURES }, policy: noBand, adopted: true },
  { name: '+ suggest band (floor = threshold / 2)', options: { features: OLD_FEATURES }, policy: noRival, adopted: true },
  { name: '+ diacritic and ё folding', options: { features: { estonian: 'light' } }, policy: noRival, adopted: true },
  { name: '+ Estonian suffix rules', options: {}, policy: noRival, adopted: true },
  { name: '+ clarify when a second agency scores ≥ 0.05 (= current default)', options: {}, adopted: true },
  { name: 'not adopted: + prototype scorer (weight 3)', options: { prototypeWeight: 3 }, adopted: false },
  { name: 'not adopted: + word-dropout augmentation', options: { augment: 'dropout' }, adopted: false },
  { name: 'not adopted: char n-grams 3-5 instead of 2-5', options: { features: { charMin: 3 } }, adopted: false },
];

export const STEP_HEADER = [
  '| step | paraphrases routed right % | routed or suggested % | wrong agency % | ambiguous clarified % | near-domain rejected % | near-domain suggested % | packs 5-fold top-1 % | packs right agency % | packs ECE % |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
].join('\n');

/** One row of the step table: the paraphrase set, the dialogue set and the packs' cross-validation. */
export async function stepRow(step: Pick<Step, 'name' | 'options' | 'policy'>): Promise<string> {
  const p = (await evaluateParaphrases(false, step.options, step.policy)).figures.all;
  const d = (await evaluateDialogues(false, step.options, step.policy)).figures.all;
  const cv = await packReliability(step.options);
  const pc = (a: number, b: number) => ((100 * a) / b).toFixed(1);
  return `| ${step.name} | ${pc(p.routed, p.n)} | ${pc(p.routed + p.suggested, p.n)} | ${pc(p.wrongAgency, p.n)} | ${pc(d.clarified, d.ambiguous)} | ${pc(d.rejected, d.near)} | ${pc(d.suggested, d.near)} | ${(100 * cv.top1).toFixed(1)} | ${(100 * cv.rightAgency).toFixed(1)} | ${(100 * cv.ece).toFixed(1)} |`;
}

export async function stepTable(log: (line: string) => void = () => {}): Promise<string> {
  const rows = [STEP_HEADER];
  for (const step of STEPS) {
    rows.push(await stepRow(step));
    log(rows.at(-1)!);
  }
  return rows.join('\n');
}
