import { LANGUAGES, type Language } from '../../src/protocol/index.js';
import type { IntentTrainOptions } from '../../src/nlu/index.js';
import type { RoutingPolicy } from '../../src/router/index.js';
import { nearest, NEAR_COPY, type ParaphraseLine } from './paraphrases.js';
import { offered, ownerOf, pct, readJsonl, routingSetup, type RoutingSetup } from './routing.js';

/**
 * The dialogue set (`tests/fixtures/dialogues.jsonl`): first messages where two agencies are both plausible
 * (`ambiguous`, with the two agencies) and near-domain out-of-scope lines (`near`: close to the agencies'
 * topics, answered by none). The clear questions are the paraphrase set's agency lines.
 */
interface DialogueLine {
  kind: 'ambiguous' | 'near';
  text: string;
  language: Language;
  agencies?: string[];
}

type Tally = Record<string, number>;

export async function evaluateDialogues(sweep = false, options: IntentTrainOptions = {}, patchPolicy?: (policy: RoutingPolicy) => RoutingPolicy): Promise<{ table: string; sweep?: string; figures: Record<string, Tally>; refused: string[] }> {
  const setup = await routingSetup(options, patchPolicy);
  const dialogues = readJsonl<DialogueLine>('tests/fixtures/dialogues.jsonl');
  const clear = readJsonl<ParaphraseLine>('tests/fixtures/paraphrases.jsonl').filter((l) => ownerOf(l.intent) !== 'shared');
  // Held out means held out: a near-domain line that (nearly) copies a training example (e.g. an out-of-scope
  // line put into a pack) no longer measures rejection. Ambiguous lines may match examples: two packs claiming
  // the same words is exactly the case they test.
  const refused = dialogues
    .filter((line) => line.kind === 'near')
    .map((line) => ({ line, near: nearest(line.text, line.language, setup.examples) }))
    .filter(({ near }) => near.overlap >= NEAR_COPY)
    .map(({ line, near }) => `${line.language} "${line.text}" ~ "${near.text}" (${near.overlap.toFixed(2)})`);
  const { figures, table } = measure(setup, dialogues, clear, setup.policy);
  let sweepTable: string | undefined;
  if (sweep) {
    // Each rule alone (the other switched off), then the objective the policy's constant was chosen by:
    // clarify rate on ambiguous − 5 × false clarify rate on clear.
    const lines = ['| rule | clarify rate (ambiguous) % | both agencies offered % | false clarify (clear) % | objective |', '|---|---:|---:|---:|---:|'];
    const row = (name: string, policy: RoutingPolicy) => {
      const m = measure(setup, dialogues, clear, policy).figures.all;
      const objective = (100 * m.clarified) / m.ambiguous - (500 * m.falseClarify) / m.clear;
      lines.push(`| ${name} | ${pct(m.clarified, m.ambiguous)} | ${pct(m.bothOffered, m.ambiguous)} | ${pct(m.falseClarify, m.clear)} | ${objective.toFixed(1)} |`);
    };
    for (const margin of [0.25, 0.4, 0.5, 0.6, 0.7]) row(`margin < ${margin}`, { ...setup.policy, clarifyMargin: margin, clarifyRival: undefined });
    for (const rival of [0.02, 0.03, 0.05, 0.08, 0.1, 0.12, 0.15, 0.2]) row(`second agency ≥ ${rival}`, { ...setup.policy, clarifyMargin: 0, clarifyRival: rival });
    // The suggest floor, as a share of the threshold: right answers offered on the paraphrase set (all lines)
    // against near-domain out-of-scope lines that get suggestions.
    const paraphrases = readJsonl<ParaphraseLine>('tests/fixtures/paraphrases.jsonl');
    const near = dialogues.filter((l) => l.kind === 'near');
    lines.push('', '| suggest floor (× threshold) | paraphrases routed or suggested right % | near-domain suggested % | near-domain rejected % |', '|---:|---:|---:|---:|');
    for (const share of [0.3, 0.4, 0.5, 0.6, 0.7, 1]) {
      const policy = { ...setup.policy, suggestFloor: setup.policy.threshold * share };
      const right = paraphrases.filter((l) => {
        const d = setup.decideFirst(l.text, l.language, policy);
        return ((d.rule === 'route' || d.rule === 'shared') && d.intent === l.intent) || ((d.rule === 'suggest' || d.rule === 'clarify') && offered(d).includes(l.intent));
      }).length;
      const rules = near.map((l) => setup.decideFirst(l.text, l.language, policy).rule);
      lines.push(`| ${share} | ${pct(right, paraphrases.length)} | ${pct(rules.filter((r) => r === 'suggest').length, near.length)} | ${pct(rules.filter((r) => r === 'fallback').length, near.length)} |`);
    }
    sweepTable = lines.join('\n');
  }
  return { table, sweep: sweepTable, figures, refused };
}

function measure(setup: RoutingSetup, dialogues: DialogueLine[], clear: ParaphraseLine[], policy: RoutingPolicy) {
  const cols = [...LANGUAGES, 'all'] as const;
  const figures = Object.fromEntries(cols.map((c) => [c, { ambiguous: 0, clarified: 0, bothOffered: 0, clear: 0, falseClarify: 0, near: 0, rejected: 0, suggested: 0, routedNear: 0 }])) as unknown as Record<(typeof cols)[number], Tally>;
  const bump = (language: Language, key: string, by = 1) => {
    figures[language][key] += by;
    figures.all[key] += by;
  };
  for (const line of dialogues) {
    const d = setup.decideFirst(line.text, line.language, policy);
    if (line.kind === 'ambiguous') {
      bump(line.language, 'ambiguous');
      if (d.rule === 'clarify') bump(line.language, 'clarified');
      const owners = new Set(offered(d).map(ownerOf));
      if ((d.rule === 'clarify' || d.rule === 'suggest') && (line.agencies ?? []).every((a) => owners.has(a))) bump(line.language, 'bothOffered');
    } else {
      bump(line.language, 'near');
      if (d.rule === 'fallback') bump(line.language, 'rejected');
      else if (d.rule === 'suggest') bump(line.language, 'suggested');
      else bump(line.language, 'routedNear');
    }
  }
  for (const line of clear) {
    const d = setup.decideFirst(line.text, line.language, policy);
    bump(line.language, 'clear');
    if (d.rule === 'clarify') bump(line.language, 'falseClarify');
  }
  const rows: Array<[string, (t: Tally) => string]> = [
    ['ambiguous: clarify rate', (t) => pct(t.clarified, t.ambiguous)],
    ['ambiguous: both agencies offered (clarify or suggest)', (t) => pct(t.bothOffered, t.ambiguous)],
    ['clear: false clarify rate', (t) => pct(t.falseClarify, t.clear)],
    ['near-domain out of scope: rejected (fallback)', (t) => pct(t.rejected, t.near)],
    ['near-domain out of scope: suggestions offered', (t) => pct(t.suggested, t.near)],
    ['near-domain out of scope: routed or clarified', (t) => pct(t.routedNear, t.near)],
  ];
  const table = [
    `${figures.all.ambiguous} ambiguous, ${figures.all.clear} clear (the paraphrase set's agency lines), ${figures.all.near} near-domain out-of-scope lines; policy ${JSON.stringify(policy)}.`,
    '',
    `| measure | ${cols.map((c) => `${c} %`).join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
    ...rows.map(([name, f]) => `| ${name} | ${cols.map((c) => f(figures[c])).join(' | ')} |`),
  ].join('\n');
  return { figures, table };
}
