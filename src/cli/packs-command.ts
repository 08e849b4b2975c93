import { resolve } from 'node:path';
import { AgencyRegistry, loadAgenciesFolder, loadPackFolder, type LoadedAgency } from '../agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../config/index.js';
import { createLogger } from '../log/index.js';
import { evaluateDraft, type EvaluationReport } from '../registration/index.js';
import { agencyFolders, checkAgencyFolder, exampleLines, type CheckedAgency } from './agency-files.js';

export interface PacksOptions {
  /** The live network to compare with; default `AGENCIES_DIR` / `INTENTS_DIR` or the repository's. */
  agenciesDir: string;
  intentsDir: string;
  folds: number;
  margin: number;
  json: boolean;
  out: (line: string) => void;
}

/** `validate`: every problem of every agency folder under `dir`; exit 1 when there is one. */
export function validate(dir: string, options: PacksOptions): number {
  const checked = agencyFolders(dir).map(checkAgencyFolder);
  if (checked.length === 0) {
    options.out(`${dir}: no agency folder (a manifest.yaml) found`);
    return 2;
  }
  for (const agency of checked) {
    if (agency.problems.length === 0) options.out(`ok ${agency.dir}`);
    for (const problem of agency.problems) options.out(problem);
  }
  return checked.some((agency) => agency.problems.length > 0) ? 1 : 0;
}

/**
 * `eval` and `conflicts`: each agency under `dir` as a draft against the network in `agenciesDir` (with the
 * agency's own live version replaced, or added when it is new), as `POST …/drafts/:id/evaluate` does.
 */
export async function evaluate(dir: string, what: 'eval' | 'conflicts', options: PacksOptions): Promise<number> {
  const checked = agencyFolders(dir).map(checkAgencyFolder);
  const invalid = checked.filter((agency) => !agency.content);
  for (const agency of invalid) for (const problem of agency.problems) options.out(problem);
  if (checked.length === 0 || invalid.length > 0) return checked.length === 0 ? 2 : 1;

  const network = await loadAgenciesFolder(options.agenciesDir);
  const shared = await loadPackFolder(options.intentsDir);
  const live = new AgencyRegistry(network, shared).trainingExamples();
  const lines = new Map<string, string>();
  for (const agency of network) for (const [key, line] of exampleLines(resolve(options.agenciesDir, agency.manifest.id), agency.manifest.id)) lines.set(key, line);
  let failed = false;
  const reports: EvaluationReport[] = [];
  for (const agency of checked) {
    for (const [key, line] of exampleLines(agency.dir, agency.id)) lines.set(key, line);
    const report = await evaluateDraft(
      { agency: agency.id, live, candidate: candidateExamples(network, shared, agency), folds: options.folds, seed: 42, margin: options.margin },
      { logger: createLogger({ level: 'silent' }) },
    );
    reports.push(report);
    if (!options.json) (what === 'eval' ? printEval : printConflicts)(report, lines, options.out);
    const { totals } = report.conflicts;
    if (what === 'eval' ? !report.network.publishable : totals.stolen + totals.nearDuplicates + totals.routedElsewhere > 0) failed = true;
  }
  if (options.json) options.out(JSON.stringify(reports.length === 1 ? reports[0] : reports, null, 2));
  return failed ? 1 : 0;
}

function candidateExamples(network: LoadedAgency[], shared: Awaited<ReturnType<typeof loadPackFolder>>, agency: CheckedAgency) {
  const others = network.filter((live) => live.manifest.id !== agency.id);
  const content = agency.content as NonNullable<CheckedAgency['content']>;
  return new AgencyRegistry([...others, content].sort((a, b) => a.manifest.id.localeCompare(b.manifest.id)), shared).trainingExamples();
}

const pct = (value: number) => `${(value * 100).toFixed(1)}%`;
const at = (lines: Map<string, string>, intent: string, language: string, text: string) => lines.get(`${intent}\u0000${language}\u0000${text}`) ?? '(not in a file)';

function printEval(report: EvaluationReport, _lines: Map<string, string>, out: (line: string) => void): void {
  out(`${report.agency}: ${report.folds}-fold cross-validation (${report.ms} ms)`);
  out('| intent | examples | top intent right | routed here | confused with |');
  out('|---|---:|---:|---:|---|');
  for (const intent of report.intents) {
    out(`| ${intent.intent} | ${intent.examples} | ${pct(intent.accuracy)} | ${pct(intent.routedHere)} | ${intent.confusedWith.map((c) => `${c.intent} ×${c.count}`).join(', ')} |`);
  }
  const { network, policy } = report;
  out(`network routing accuracy: ${pct(network.before)} → ${pct(network.after)} (${network.delta >= 0 ? '+' : ''}${(network.delta * 100).toFixed(1)} points over ${network.examples} examples; margin ${(network.margin * 100).toFixed(1)}): ${network.publishable ? 'publishable' : 'REFUSED without force'}`);
  out(`threshold ${policy.before.threshold.toFixed(3)} → ${policy.after.threshold.toFixed(3)}, clarify margin ${policy.before.clarifyMargin.toFixed(3)} → ${policy.after.clarifyMargin.toFixed(3)}`);
}

function printConflicts(report: EvaluationReport, lines: Map<string, string>, out: (line: string) => void): void {
  const { conflicts } = report;
  out(`${report.agency}: ${conflicts.totals.routedElsewhere} routed elsewhere, ${conflicts.totals.stolen} stolen, ${conflicts.totals.nearDuplicates} near-duplicates`);
  for (const c of conflicts.routedElsewhere) out(`${at(lines, c.intent, c.language, c.text)} ${c.intent}: the live network routes "${c.text}" to ${c.routedTo} (${c.score})`);
  for (const c of conflicts.stolen) out(`${at(lines, c.intent, c.language, c.text)} ${c.intent}: "${c.text}" would now go to ${c.now} (${c.score})`);
  for (const c of conflicts.nearDuplicates) {
    out(`${at(lines, c.intent, c.language, c.text)} ${c.intent}: "${c.text}" ≈ "${c.other.text}" of ${c.other.intent} at ${at(lines, c.other.intent, c.language, c.other.text)} (similarity ${c.similarity})`);
  }
}

export const DEFAULT_PACKS_OPTIONS = { agenciesDir: DEFAULT_AGENCIES_DIR, intentsDir: DEFAULT_INTENTS_DIR, folds: 3, margin: 0.02, json: false };
