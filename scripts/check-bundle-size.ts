/**
 * Widget budget check (after hono's perf-measures/bundle-check): bundles the widget exactly as the server
 * does, measures gzipped sizes, and fails when over budget or when server-only modules leak into a bundle.
 * Run: `npx tsx scripts/check-bundle-size.ts`; tests/widget/bundle-size.test.ts runs it inside `npm test`.
 */
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget, type WidgetBundle } from '../widget/index.js';

export const BUDGET = { loader: 5 * 1024, total: 25 * 1024 } as const;

/** Inputs that must never reach a browser bundle. */
const FORBIDDEN = [/(^|\/)node_modules\/ws\//, /(^|\/)node_modules\/ioredis\//, /^node:/, /(^|\/)node_modules\/zod\//, /(^|\/)node_modules\/pino\//];

export interface BundleReport {
  gzip: { loader: number; app: number; css: number; total: number };
  raw: { loader: number; app: number; css: number };
  forbidden: string[];
  problems: string[];
}

const gz = (text: string) => gzipSync(Buffer.from(text), { level: 9 }).length;

export function measure(bundle: WidgetBundle): BundleReport {
  const gzip = { loader: gz(bundle.loader), app: gz(bundle.app), css: gz(bundle.css), total: 0 };
  gzip.total = gzip.loader + gzip.app + gzip.css;
  const inputs = [...Object.keys(bundle.metafiles.loader.inputs), ...Object.keys(bundle.metafiles.app.inputs)];
  const imports = [bundle.metafiles.loader, bundle.metafiles.app].flatMap((meta) =>
    Object.values(meta.inputs).flatMap((input) => input.imports.map((entry) => entry.path)),
  );
  const forbidden = [...new Set([...inputs, ...imports].filter((path) => FORBIDDEN.some((pattern) => pattern.test(path))))];
  const problems: string[] = [];
  if (gzip.loader > BUDGET.loader) problems.push(`loader is ${gzip.loader} B gzipped, budget ${BUDGET.loader} B`);
  if (gzip.total > BUDGET.total) problems.push(`loader + frame app + css is ${gzip.total} B gzipped, budget ${BUDGET.total} B`);
  if (forbidden.length) problems.push(`server-only modules in the widget bundle: ${forbidden.join(', ')}`);
  return { gzip, raw: { loader: bundle.loader.length, app: bundle.app.length, css: bundle.css.length }, forbidden, problems };
}

export async function checkBundleSize(): Promise<BundleReport> {
  return measure(await buildWidget());
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const report = await checkBundleSize();
  const { gzip } = report;
  console.log(`widget.js ${gzip.loader} B gz (budget ${BUDGET.loader}); frame app ${gzip.app} B + css ${gzip.css} B; total ${gzip.total} B gz (budget ${BUDGET.total})`);
  for (const problem of report.problems) console.error(`✗ ${problem}`);
  process.exitCode = report.problems.length ? 1 : 0;
}
