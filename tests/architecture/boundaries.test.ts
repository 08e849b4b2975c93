import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, dirname, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/index.js';

/**
 * Each folder under src/ has one front door, its index.ts (STYLE.md §1): code elsewhere — other src folders,
 * agency handlers, the widget, benchmarks — imports a folder through it and never reaches into its files.
 */
const SRC = join(PROJECT_ROOT, 'src');
const ROOTS = ['src', 'agencies', 'widget', 'console', 'bench', 'scripts'].map((dir) => join(PROJECT_ROOT, dir));

function* typeScriptFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* typeScriptFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

/** The top-level src folder a path belongs to (`src/router/decide.ts` → `router`), if any. */
function srcFolderOf(path: string): string | undefined {
  const rel = relative(SRC, path);
  if (rel.startsWith('..')) return undefined;
  const parts = rel.split(sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** Every relative import of a file, resolved: `[specifier, absolute target]`. */
function* importsOf(file: string): Generator<[string, string]> {
  const source = readFileSync(file, 'utf8');
  for (const match of source.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) yield [match[1], resolve(dirname(file), match[1])];
}

describe('module boundaries', () => {
  it('other code imports a src folder only through its index.ts', () => {
    const violations: string[] = [];
    for (const root of ROOTS) {
      for (const file of typeScriptFiles(root)) {
        for (const [specifier, target] of importsOf(file)) {
          const targetFolder = srcFolderOf(target);
          if (!targetFolder || targetFolder === srcFolderOf(file)) continue;
          const inside = relative(join(SRC, targetFolder), target);
          if (inside !== 'index.js') violations.push(`${relative(PROJECT_ROOT, file)} → ${specifier}`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  // The transport speaks to the application through the router's ports (CitizenPort, Delivery) and the
  // protocol's schemas only: it never reaches stores, tokens, agencies, the model or the widget's code, so an
  // operator console socket can reuse the same ports unchanged.
  it('src/transport imports only protocol, router (its ports), errors, log, config, privacy and metrics', () => {
    const allowed = new Set(['transport', 'protocol', 'router', 'errors', 'log', 'config', 'privacy', 'metrics']);
    const violations: string[] = [];
    for (const file of typeScriptFiles(join(SRC, 'transport'))) {
      for (const [specifier, target] of importsOf(file)) {
        const folder = srcFolderOf(target);
        const outsideSrc = relative(SRC, target).startsWith('..');
        if (outsideSrc || (folder && !allowed.has(folder))) violations.push(`${relative(PROJECT_ROOT, file)} → ${specifier}`);
      }
    }
    expect(violations).toEqual([]);
  });
});
