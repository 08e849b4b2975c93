import { describe, expect, it } from 'vitest';
import { BUDGET, checkBundleSize, measure } from '../../scripts/check-bundle-size.js';
import { buildWidget } from '../../widget/index.js';

describe('widget bundle', () => {
  it('stays within budget (gzipped) and contains no server-only modules', async () => {
    const report = await checkBundleSize();
    expect(report.problems).toEqual([]);
    expect(report.gzip.loader).toBeLessThanOrEqual(BUDGET.loader);
    expect(report.gzip.total).toBeLessThanOrEqual(BUDGET.total);
  });

  it('the check itself fails on a forbidden input and on an oversized loader', async () => {
    const bundle = await buildWidget();
    const tampered = structuredClone(bundle);
    tampered.metafiles.app.inputs['node_modules/ws/lib/websocket.js'] = { bytes: 1, imports: [] };
    tampered.metafiles.loader.inputs['widget/x.ts'] = { bytes: 1, imports: [{ path: 'node:crypto', kind: 'import-statement', external: true }] };
    tampered.loader += Array.from({ length: 4000 }, (_, i) => `var v${i}=${(i * 7919) % 104729};`).join('');
    const report = measure(tampered);
    expect(report.forbidden).toEqual(expect.arrayContaining(['node_modules/ws/lib/websocket.js', 'node:crypto']));
    expect(report.problems.some((problem) => problem.startsWith('loader is'))).toBe(true);
  });
});
