import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ModelResult } from './metrics.js';

const DOC = fileURLToPath(new URL('../../docs/NLU.md', import.meta.url));
const pct = (x: number | null | undefined): string => (x === null || x === undefined ? 'n/a' : (x * 100).toFixed(1));

export function formatTable(results: readonly ModelResult[]): string {
  const lines = [
    '| model | in-scope acc % | OOS recall % | OOS precision % | macro-F1 % | top-1 % (no rejection) | train ms | p50 µs | p99 µs | size |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    if (r.status !== 'ok') {
      lines.push(`| ${r.model} | ${r.note ?? r.status} | | | | | | | | |`);
      continue;
    }
    const size = r.sizeBytes ? `${(r.sizeBytes / 1e6).toFixed(1)} MB` : 'n/a';
    lines.push(
      `| ${r.model} | ${pct(r.inScopeAccuracy)} | ${pct(r.oosRecall)} | ${pct(r.oosPrecision)} | ${pct(r.macroF1)} | ${pct(r.top1Accuracy)} | ${r.trainMs} | ${r.p50Us} | ${r.p99Us} | ${size} |`,
    );
  }
  return lines.join('\n');
}

/**
 * Replace (or append) the section between `<!-- eval:<key> -->` markers in docs/NLU.md, so the doc keeps
 * its prose and each data set's latest table.
 */
export function updateDoc(key: string, body: string): void {
  const start = `<!-- eval:${key} -->`;
  const end = `<!-- /eval:${key} -->`;
  const block = `${start}\n${body}\n${end}`;
  const doc = existsSync(DOC) ? readFileSync(DOC, 'utf8') : '# NLU\n';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  const next = from >= 0 && to > from ? doc.slice(0, from) + block + doc.slice(to + end.length) : `${doc.trimEnd()}\n\n### ${key}\n\n${block}\n`;
  writeFileSync(DOC, next);
}
