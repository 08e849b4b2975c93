import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adjustedRandIndex, clusterQuestions, purity } from '../../src/analytics/index.js';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { IntentName } from '../../src/protocol/index.js';

/** Issue 21 item 2: the grouping on a small labelled set (intents hidden from it), and the quality measures. */
const rows = JSON.parse(readFileSync(join(PROJECT_ROOT, 'tests', 'fixtures', 'unplaced-labelled.json'), 'utf8')) as Array<{ intent: string; text: string }>;

describe('clustering unplaced questions', () => {
  const clusters = clusterQuestions(rows.map((row) => ({ text: row.text, language: 'en' })));
  const groups = new Array<number>(rows.length);
  clusters.forEach((cluster, g) => {
    for (const i of cluster.members) groups[i] = g;
  });
  const labels = rows.map((row) => row.intent);

  it('recovers the hidden intents: purity and adjusted Rand index', () => {
    const figures = { purity: purity(groups, labels), ari: adjustedRandIndex(groups, labels), groups: clusters.length };
    expect(figures.purity).toBeGreaterThanOrEqual(0.9);
    expect(figures.ari).toBeGreaterThanOrEqual(0.7);
    expect(figures.groups).toBeLessThanOrEqual(6);
  });

  it('every question is in exactly one group; names are valid, distinct intent names from the group words', () => {
    expect(clusters.flatMap((cluster) => cluster.members).sort((a, b) => a - b)).toEqual(rows.map((_, i) => i));
    for (const cluster of clusters) expect(IntentName.safeParse(cluster.name).success).toBe(true);
    expect(new Set(clusters.map((cluster) => cluster.name)).size).toBe(clusters.length);
    const named = (intent: string) => clusters.find((cluster) => labels[cluster.members[0]] === intent)?.name ?? '';
    expect(named('wifi')).toContain('wifi');
    expect(named('refund')).toContain('refund');
  });

  it('purity and ARI on known partitions', () => {
    expect(purity([0, 0, 1, 1], ['a', 'a', 'b', 'b'])).toBe(1);
    expect(adjustedRandIndex([0, 0, 1, 1], ['a', 'a', 'b', 'b'])).toBe(1);
    expect(adjustedRandIndex([5, 5, 7, 7], ['a', 'a', 'b', 'b'])).toBe(1);
    expect(purity([0, 0, 0, 0], ['a', 'a', 'b', 'b'])).toBe(0.5);
    expect(adjustedRandIndex([0, 0, 0, 0], ['a', 'a', 'b', 'b'])).toBe(0);
    // sklearn's adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.5714285714285715
    expect(adjustedRandIndex([0, 0, 1, 2], ['a', 'a', 'b', 'b'])).toBeCloseTo(0.5714285714, 9);
  });

  it('no questions, no groups', () => {
    expect(clusterQuestions([])).toEqual([]);
  });
});
