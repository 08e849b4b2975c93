/**
 * Cluster quality against known labels: purity (share of items in their group's majority label) and the
 * adjusted Rand index (Hubert & Arabie 1985: 0 for chance agreement, 1 for identical partitions).
 */
export function purity(groups: readonly number[], labels: readonly string[]): number {
  const counts = new Map<number, Map<string, number>>();
  groups.forEach((group, i) => {
    const byLabel = counts.get(group) ?? new Map<string, number>();
    byLabel.set(labels[i], (byLabel.get(labels[i]) ?? 0) + 1);
    counts.set(group, byLabel);
  });
  let majority = 0;
  for (const byLabel of counts.values()) majority += Math.max(...byLabel.values());
  return groups.length ? majority / groups.length : 0;
}

export function adjustedRandIndex(groups: readonly number[], labels: readonly string[]): number {
  const n = groups.length;
  const pairs = (k: number) => (k * (k - 1)) / 2;
  const table = new Map<string, number>();
  const rows = new Map<number, number>();
  const cols = new Map<string, number>();
  groups.forEach((group, i) => {
    const key = `${group}\n${labels[i]}`;
    table.set(key, (table.get(key) ?? 0) + 1);
    rows.set(group, (rows.get(group) ?? 0) + 1);
    cols.set(labels[i], (cols.get(labels[i]) ?? 0) + 1);
  });
  let index = 0;
  for (const count of table.values()) index += pairs(count);
  let a = 0;
  for (const count of rows.values()) a += pairs(count);
  let b = 0;
  for (const count of cols.values()) b += pairs(count);
  const expected = (a * b) / pairs(n);
  const max = (a + b) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
