import type { IntentTrainOptions } from '../../src/nlu/index.js';
import { packReliability } from './calibration.js';
import { evaluateDialogues } from './dialogues.js';
import { evaluateParaphrases } from './paraphrases.js';

/** One row of the step table: the paraphrase set, the dialogue set and the packs' cross-validation for some options. */
export async function stepRow(name: string, options: IntentTrainOptions = {}): Promise<string> {
  const p = (await evaluateParaphrases(false, options)).figures.all;
  const d = (await evaluateDialogues(false, options)).figures.all;
  const cv = await packReliability(options);
  const pc = (a: number, b: number) => ((100 * a) / b).toFixed(1);
  return `| ${name} | ${pc(p.routed, p.n)} | ${pc(p.routed + p.suggested, p.n)} | ${pc(p.wrongAgency, p.n)} | ${pc(d.clarified, d.ambiguous)} | ${pc(d.rejected, d.near)} | ${pc(d.suggested, d.near)} | ${(100 * cv.top1).toFixed(1)} | ${(100 * cv.rightAgency).toFixed(1)} | ${(100 * cv.ece).toFixed(1)} |`;
}

export const STEP_HEADER = [
  '| step | paraphrases routed right % | routed or suggested % | wrong agency % | ambiguous clarified % | near-domain rejected % | near-domain suggested % | packs 5-fold top-1 % | packs right agency % | packs ECE % |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
].join('\n');
