import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { isNode, LineCounter, parseDocument } from 'yaml';
import { parseYamlWith } from '../agencies/index.js';
import { SwitchboardError } from '../errors/index.js';
import { AgencyManifest, DraftPack, LocalDraftPack, type AgencyContent, type FrameIssue, type Language } from '../protocol/index.js';

/** An agency folder read for checking: its content when valid, every problem as `file:line field: message`. */
export interface CheckedAgency {
  dir: string;
  id: string;
  content?: AgencyContent;
  problems: string[];
}

const display = (file: string) => relative(process.cwd(), file) || file;

/** `dir` is one agency folder (has manifest.yaml) or a folder of them. */
export function agencyFolders(dir: string): string[] {
  if (existsSync(join(dir, 'manifest.yaml'))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && existsSync(join(dir, entry.name, 'manifest.yaml')))
    .map((entry) => join(dir, entry.name))
    .sort();
}

/**
 * The registration API's rules on files (at least five examples per intent, answers when the bot is local,
 * a pack per manifest language), without running the agency's handler. Collects every problem.
 */
export function checkAgencyFolder(dir: string): CheckedAgency {
  const problems: string[] = [];
  const manifestFile = join(dir, 'manifest.yaml');
  const manifest = attempt(() => parseYamlWith(AgencyManifest, readFileSync(manifestFile, 'utf8'), display(manifestFile)), problems);
  const id = manifest?.id ?? basename(dir);
  if (manifest && manifest.id !== basename(dir)) problems.push(`${display(manifestFile)}:1 id: "${manifest.id}" must equal the folder name "${basename(dir)}"`);
  const schema = manifest?.bot.type === 'local' ? LocalDraftPack : DraftPack;
  const packs: AgencyContent['packs'] = {};
  const intentsDir = join(dir, 'intents');
  const files = existsSync(intentsDir) ? readdirSync(intentsDir).filter((name) => /\.ya?ml$/.test(name)).sort() : [];
  for (const name of files) {
    const file = join(intentsDir, name);
    const pack = attempt(() => parseYamlWith(schema, readFileSync(file, 'utf8'), display(file)), problems);
    if (!pack) continue;
    const stem = name.replace(/\.ya?ml$/, '');
    if (stem !== pack.language) problems.push(`${display(file)}:1 language: file is named ${stem} but declares language "${pack.language}"`);
    packs[pack.language] = { ...pack, intents: pack.intents.map((intent) => ({ ...intent, answers: intent.answers ?? [] })) };
  }
  for (const language of manifest?.languages ?? []) {
    if (!packs[language as Language] && !problems.some((problem) => problem.includes(`intents/${language}.`))) {
      problems.push(`${display(manifestFile)}:${lineOf(manifestFile, ['languages'])} languages: no intent pack for ${language} (expected intents/${language}.yaml)`);
    }
  }
  return { dir, id, problems, ...(manifest && problems.length === 0 ? { content: { manifest, packs } } : {}) };
}

function attempt<T>(read: () => T, problems: string[]): T | undefined {
  try {
    return read();
  } catch (error) {
    if (error instanceof SwitchboardError && error.issues) problems.push(...error.issues.map((issue: FrameIssue) => `${issue.path}: ${issue.message}`));
    else problems.push(error instanceof Error ? error.message : String(error));
    return undefined;
  }
}

/**
 * `file:line` of every example in an agency folder's packs, keyed `<agency>/<intent>\0<language>\0<text>`:
 * conflict messages point at the line to change.
 */
export function exampleLines(dir: string, agency: string): Map<string, string> {
  const lines = new Map<string, string>();
  const intentsDir = join(dir, 'intents');
  if (!existsSync(intentsDir)) return lines;
  for (const name of readdirSync(intentsDir).filter((file) => /\.ya?ml$/.test(file))) {
    const file = join(intentsDir, name);
    const counter = new LineCounter();
    const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter });
    const language = String(document.get('language'));
    const intents = document.toJS()?.intents as Array<{ name: string; examples?: string[] }> | undefined;
    intents?.forEach((intent, i) => {
      intent.examples?.forEach((text, j) => {
        const node = document.getIn(['intents', i, 'examples', j], true);
        const line = isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
        lines.set(`${agency}/${intent.name}\u0000${language}\u0000${String(text).trim()}`, `${display(file)}:${line}`);
      });
    });
  }
  return lines;
}

function lineOf(file: string, path: string[]): number {
  const counter = new LineCounter();
  const document = parseDocument(readFileSync(file, 'utf8'), { lineCounter: counter });
  const node = document.getIn(path, true);
  return isNode(node) && node.range ? counter.linePos(node.range[0]).line : 1;
}
