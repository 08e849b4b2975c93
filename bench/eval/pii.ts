/**
 * `npm run eval -- --pii [--json]`: precision and recall of each PII detector (`src/privacy/detect.ts`) on the
 * labelled set `tests/fixtures/pii-cases.jsonl` (made by `scripts/make-pii-cases.ts`). A detection counts as
 * a true positive when it overlaps a labelled span of the same kind; a detection of a kind over text labelled
 * as another kind, or over nothing, is a false positive of its kind; a labelled span no detection of its kind
 * overlaps is a false negative. Without --json the table is written into docs/PRIVACY.md.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { detectPii, PII_KINDS, type PiiKind } from '../../src/privacy/index.js';

export interface PiiCase {
  id: number;
  lang: string;
  text: string;
  pii: Array<{ kind: PiiKind; text: string }>;
  note?: string;
}

export interface DetectorScore {
  kind: PiiKind;
  support: number;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface PiiEvaluation {
  cases: number;
  positives: number;
  negatives: number;
  byKind: DetectorScore[];
  overall: Omit<DetectorScore, 'kind'>;
  /** Hard negatives a detector fired on, and positives it missed: for reading, not for scoring. */
  errors: Array<{ id: number; kind: PiiKind; error: 'fp' | 'fn'; text: string }>;
  microsPerCase: number;
}

const FIXTURE = new URL('../../tests/fixtures/pii-cases.jsonl', import.meta.url);
const DOC = new URL('../../docs/PRIVACY.md', import.meta.url);

export function loadPiiCases(path: URL | string = FIXTURE): PiiCase[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as PiiCase);
}

export function evaluatePii(cases: PiiCase[] = loadPiiCases()): PiiEvaluation {
  const counts = new Map<PiiKind, { support: number; tp: number; fp: number; fn: number }>(PII_KINDS.map((kind) => [kind, { support: 0, tp: 0, fp: 0, fn: 0 }]));
  const errors: PiiEvaluation['errors'] = [];
  const started = performance.now();
  for (const item of cases) {
    const gold = item.pii.map((span) => {
      const start = item.text.indexOf(span.text);
      if (start < 0) throw new Error(`case ${item.id}: "${span.text}" is not in its text`);
      return { kind: span.kind, start, end: start + span.text.length, found: false };
    });
    for (const found of detectPii(item.text)) {
      const match = gold.find((span) => span.kind === found.kind && span.start < found.end && found.start < span.end);
      const count = counts.get(found.kind) as { tp: number; fp: number };
      if (match && !match.found) {
        match.found = true;
        count.tp++;
      } else if (!match) {
        count.fp++;
        errors.push({ id: item.id, kind: found.kind, error: 'fp', text: item.text.slice(found.start, found.end) });
      }
    }
    for (const span of gold) {
      const count = counts.get(span.kind) as { support: number; fn: number };
      count.support++;
      if (!span.found) {
        count.fn++;
        errors.push({ id: item.id, kind: span.kind, error: 'fn', text: item.text.slice(span.start, span.end) });
      }
    }
  }
  const elapsed = performance.now() - started;
  const score = (c: { support: number; tp: number; fp: number; fn: number }) => ({
    ...c,
    precision: c.tp + c.fp ? c.tp / (c.tp + c.fp) : 1,
    recall: c.tp + c.fn ? c.tp / (c.tp + c.fn) : 1,
  });
  const byKind = PII_KINDS.map((kind) => ({ kind, ...score(counts.get(kind) as { support: number; tp: number; fp: number; fn: number }) }));
  const total = byKind.reduce((sum, k) => ({ support: sum.support + k.support, tp: sum.tp + k.tp, fp: sum.fp + k.fp, fn: sum.fn + k.fn }), { support: 0, tp: 0, fp: 0, fn: 0 });
  return {
    cases: cases.length,
    positives: cases.filter((c) => c.pii.length).length,
    negatives: cases.filter((c) => !c.pii.length).length,
    byKind,
    overall: score(total),
    errors,
    microsPerCase: Math.round((elapsed * 1000) / cases.length),
  };
}

const NAMES: Record<PiiKind, string> = {
  id_ee: 'Estonian isikukood (check digit)',
  id_se: 'Swedish personnummer / samordningsnummer (Luhn)',
  id_fi: 'Finnish henkilötunnus (check character)',
  email: 'e-mail address',
  phone: 'phone number (libphonenumber-js)',
  iban: 'IBAN (ibantools, mod-97)',
  card: 'payment card (Luhn)',
  plate_ee: 'Estonian vehicle plate',
  address: 'street address',
};

export function formatPii(result: PiiEvaluation): string {
  const f = (x: number) => x.toFixed(3);
  const rows = result.byKind.map((k) => `| ${NAMES[k.kind]} | ${k.support} | ${k.tp} | ${k.fp} | ${k.fn} | ${f(k.precision)} | ${f(k.recall)} |`);
  const o = result.overall;
  return [
    `${result.cases} cases (${result.positives} with personal data, ${result.negatives} hard negatives); ${result.microsPerCase} µs per case.`,
    '',
    '| detector | spans | TP | FP | FN | precision | recall |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows,
    `| **all** | ${o.support} | ${o.tp} | ${o.fp} | ${o.fn} | ${f(o.precision)} | ${f(o.recall)} |`,
  ].join('\n');
}

export function runPiiEval(json: boolean, command: string): void {
  const labelled = evaluatePii();
  const heldout = evaluatePii(loadPiiCases(HELDOUT));
  if (json) {
    console.log(JSON.stringify({ command, labelled, heldout }));
    return;
  }
  const body = [
    `\`${command}\``,
    '',
    '**Labelled set** (`tests/fixtures/pii-cases.jsonl`, generated by `scripts/make-pii-cases.ts`):',
    '',
    formatPii(labelled),
    '',
    '**Held-out set** (`tests/fixtures/pii-heldout.jsonl`, hand-written, never used for tuning):',
    '',
    formatPii(heldout),
    '',
    'Misses and false alarms on the held-out set:',
    '',
    ...heldout.errors.map((e) => `- ${e.error === 'fn' ? 'missed' : 'false alarm'} (${e.kind}): \`${e.text}\``),
  ].join('\n');
  console.log(body);
  for (const error of labelled.errors) console.log(`  labelled ${error.error} ${error.kind} #${error.id}: ${error.text}`);
  const start = '<!-- eval:pii -->';
  const end = '<!-- /eval:pii -->';
  const block = `${start}\n${body}\n${end}`;
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# Privacy\n';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  writeFileSync(DOC, from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n${block}\n`);
}

/** The second, hand-written set: never used to tune the detectors (see docs/PRIVACY.md). */
export const HELDOUT = new URL('../../tests/fixtures/pii-heldout.jsonl', import.meta.url);
