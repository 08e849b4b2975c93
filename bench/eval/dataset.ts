import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** One row of a benchmark file (see /work/shared/data/README.md). `intent: "oos"` is out of scope. */
export const Row = z.object({
  text: z.string(),
  intent: z.string().min(1),
  split: z.enum(['train', 'val', 'test']),
  domain: z.string().optional(),
});
export type Row = z.infer<typeof Row>;

export interface Dataset {
  path: string;
  train: Row[];
  val: Row[];
  test: Row[];
  /** True when the data has out-of-scope rows; otherwise thresholds are not applied. */
  hasOos: boolean;
}

export function loadDataset(path: string): Dataset {
  const rows = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line, i) => {
      const parsed = Row.safeParse(JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.error.issues[0].path.join('.')}: ${parsed.error.issues[0].message}`);
      return parsed.data;
    });
  const pick = (split: Row['split']): Row[] => rows.filter((row) => row.split === split);
  return { path, train: pick('train'), val: pick('val'), test: pick('test'), hasOos: rows.some((row) => row.intent === 'oos') };
}
