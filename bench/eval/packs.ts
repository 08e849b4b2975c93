import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { IntentPack, type Language } from '../../src/protocol/index.js';
import type { TrainingExample } from '../../src/nlu/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Every example of the demo packs (`agencies/<id>/intents/<lang>.yaml`, `intents/<lang>.yaml`) as training
 * examples with qualified intent names, `outOfScope` lines as `oos` — the same view the router trains from.
 */
export function loadPackExamples(root = ROOT): TrainingExample[] {
  const files: Array<{ owner: string; path: string }> = [];
  const agencies = join(root, 'agencies');
  if (existsSync(agencies)) {
    for (const id of readdirSync(agencies).sort()) {
      const dir = join(agencies, id, 'intents');
      if (existsSync(dir)) for (const f of readdirSync(dir).sort()) if (f.endsWith('.yaml')) files.push({ owner: id, path: join(dir, f) });
    }
  }
  const shared = join(root, 'intents');
  if (existsSync(shared)) for (const f of readdirSync(shared).sort()) if (f.endsWith('.yaml')) files.push({ owner: 'shared', path: join(shared, f) });
  const examples: TrainingExample[] = [];
  for (const { owner, path } of files) {
    const parsed = IntentPack.safeParse(parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      process.stderr.write(`skipping ${owner}/${basename(path)}: ${parsed.error.issues[0].message}\n`);
      continue;
    }
    const language: Language = parsed.data.language;
    for (const intent of parsed.data.intents) {
      for (const text of intent.examples) examples.push({ text, intent: `${owner}/${intent.name}`, language });
    }
    for (const text of parsed.data.outOfScope) examples.push({ text, intent: 'oos', language });
  }
  return examples;
}

/** Deterministic k-fold assignment: every k-th example (in file order) of each (intent, language) group. */
export function foldOf(examples: readonly TrainingExample[], k: number): number[] {
  const seen = new Map<string, number>();
  return examples.map((e) => {
    const key = `${e.intent}\u0000${e.language}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n % k;
  });
}
