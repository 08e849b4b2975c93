import { LANGUAGES, type Language } from '../../src/protocol/index.js';
import type { IntentTrainOptions } from '../../src/nlu/index.js';
import type { RoutingPolicy } from '../../src/router/index.js';
import { normalize, tokenize, type TrainingExample } from '../../src/nlu/index.js';
import { offered, ownerOf, pct, readJsonl, routingSetup } from './routing.js';

/**
 * The paraphrase set (`tests/fixtures/paraphrases.jsonl`): citizens' own wording of every demo intent. A line
 * that nearly copies a pack example no longer tests generalisation, so the eval refuses the set when any line's
 * word overlap with its nearest pack example (Jaccard of the two word sets, diacritics and ё folded) reaches
 * NEAR_COPY. 0.6 lets a line share the topic words ("passport", "lost") with an example but not most of the
 * sentence: "i lost my passport" vs "i have lost my passport" is 0.8, and is refused.
 */
export const NEAR_COPY = 0.6;

export interface ParaphraseLine {
  text: string;
  language: Language;
  intent: string;
}

type Outcome = 'routed' | 'suggested' | 'fallback' | 'wrongAgency' | 'other';

export interface ParaphraseResult {
  table: string;
  refused: string[];
  lines: Array<ParaphraseLine & { outcome: Outcome; rule: string; got?: string; score: number; nearest: string; overlap: number }>;
  figures: Record<Language | 'all', Record<Outcome, number> & { n: number }>;
}

const fold = (text: string): string => normalize(text).normalize('NFD').replace(/\p{M}/gu, '').replace(/ё/g, 'е');
const words = (text: string): Set<string> => new Set(tokenize(fold(text)));

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter || 1);
}

export function nearest(text: string, language: Language, examples: readonly TrainingExample[]): { text: string; overlap: number } {
  const mine = words(text);
  let best = { text: '', overlap: -1 };
  for (const e of examples) {
    if (e.language !== language) continue;
    const overlap = jaccard(mine, words(e.text));
    if (overlap > best.overlap) best = { text: e.text, overlap };
  }
  return best;
}

export async function evaluateParaphrases(verbose = true, options: IntentTrainOptions = {}, patchPolicy?: (policy: RoutingPolicy) => RoutingPolicy): Promise<ParaphraseResult> {
  const setup = await routingSetup(options, patchPolicy);
  const lines = readJsonl<ParaphraseLine>('tests/fixtures/paraphrases.jsonl');
  const result: ParaphraseResult['lines'] = [];
  const refused: string[] = [];
  const empty = () => ({ n: 0, routed: 0, suggested: 0, fallback: 0, wrongAgency: 0, other: 0 });
  const figures = Object.fromEntries([...LANGUAGES, 'all'].map((l) => [l, empty()])) as ParaphraseResult['figures'];
  for (const line of lines) {
    const near = nearest(line.text, line.language, setup.examples);
    if (near.overlap >= NEAR_COPY) refused.push(`${line.language} "${line.text}" ~ "${near.text}" (${near.overlap.toFixed(2)})`);
    const d = setup.decideFirst(line.text, line.language);
    const expectedOwner = ownerOf(line.intent);
    let outcome: Outcome;
    if ((d.rule === 'route' || d.rule === 'shared') && d.intent === line.intent) outcome = 'routed';
    else if ((d.rule === 'suggest' || d.rule === 'clarify') && offered(d).includes(line.intent)) outcome = 'suggested';
    else if (d.rule === 'fallback') outcome = 'fallback';
    else if (d.rule === 'route' && d.agency !== undefined && d.agency !== expectedOwner) outcome = 'wrongAgency';
    else outcome = 'other';
    for (const key of [line.language, 'all'] as const) {
      figures[key].n++;
      figures[key][outcome]++;
    }
    result.push({ ...line, outcome, rule: d.rule, got: d.intent ?? offered(d).join('|'), score: d.confidence, nearest: near.text, overlap: near.overlap });
    if (verbose) {
      process.stderr.write(`${outcome.padEnd(11)} ${line.language} ${d.rule.padEnd(8)} ${(d.intent ?? offered(d).join('|') ?? '').padEnd(40)} ${d.confidence.toFixed(2)}  "${line.text}"  ~ "${near.text}" (${near.overlap.toFixed(2)})\n`);
    }
  }
  const rows: Array<[string, (f: ParaphraseResult['figures']['all']) => string]> = [
    ['routed right (agency and intent)', (f) => pct(f.routed, f.n)],
    ['right intent among the suggestions / clarify choices', (f) => pct(f.suggested, f.n)],
    ['routed or suggested right', (f) => pct(f.routed + f.suggested, f.n)],
    ['fell back', (f) => pct(f.fallback, f.n)],
    ['confidently wrong agency (routed elsewhere)', (f) => pct(f.wrongAgency, f.n)],
    ['other (wrong intent of the right agency, wrong suggestions)', (f) => pct(f.other, f.n)],
  ];
  const cols = [...LANGUAGES, 'all'] as const;
  const table = [
    `${lines.length} lines (${LANGUAGES.map((l) => `${l} ${figures[l].n}`).join(', ')}); model threshold ${setup.model.threshold.toFixed(3)}, policy ${JSON.stringify(setup.policy)}.`,
    '',
    `| measure | ${cols.map((c) => `${c} %`).join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
    ...rows.map(([name, f]) => `| ${name} | ${cols.map((c) => f(figures[c])).join(' | ')} |`),
  ].join('\n');
  return { table, refused, lines: result, figures };
}
