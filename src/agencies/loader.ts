import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AgencyManifest, IntentPack, RemoteBotPack, type Language } from '../protocol/index.js';
import { packError, readYamlWith } from './yaml-file.js';
import type { AgencyHandler } from './types.js';
import { allowPackageImportsFromHandlers } from './handler-resolution.js';

export interface LoadedPacks {
  /** One pack per language. */
  packs: Partial<Record<Language, IntentPack>>;
}

export interface LoadedAgency extends LoadedPacks {
  manifest: AgencyManifest;
  handler?: AgencyHandler;
  /** The bot URL came through the registration API: the bot-network policy applies (bot-network.ts). */
  untrustedBot?: boolean;
}

/** Shown in errors: paths relative to the working directory read better than absolute ones. */
const display = (file: string) => relative(process.cwd(), file) || file;

/** Every `<lang>.yaml` in a folder; the file name must match the pack's `language`. */
export async function loadPackFolder(dir: string, schema: typeof IntentPack | typeof RemoteBotPack = IntentPack): Promise<LoadedPacks> {
  const files = (await readdir(dir)).filter((name) => name.endsWith('.yaml') || name.endsWith('.yml')).sort();
  const packs: LoadedPacks['packs'] = {};
  for (const name of files) {
    const file = join(dir, name);
    const pack: IntentPack = await readYamlWith(schema, file, display(file));
    const stem = basename(name).replace(/\.ya?ml$/, '');
    if (stem !== pack.language) {
      throw packError(display(file), [
        { path: `${display(file)}:1 language`, code: 'custom', message: `file is named ${stem} but declares language "${pack.language}"` },
      ]);
    }
    packs[pack.language] = pack;
  }
  return { packs };
}

/** `agencies/<id>/`: manifest.yaml, intents/<lang>.yaml, optional handler.ts. */
export async function loadAgencyFolder(dir: string): Promise<LoadedAgency> {
  const manifestFile = join(dir, 'manifest.yaml');
  const manifest = await readYamlWith(AgencyManifest, manifestFile, display(manifestFile));
  const folderId = basename(dir);
  if (manifest.id !== folderId) {
    throw packError(display(manifestFile), [
      { path: `${display(manifestFile)}:1 id`, code: 'custom', message: `id "${manifest.id}" must equal the folder name "${folderId}"` },
    ]);
  }
  const intentsDir = join(dir, 'intents');
  // A remote bot answers itself: its packs need examples only.
  const { packs } = existsSync(intentsDir) ? await loadPackFolder(intentsDir, manifest.bot.type === 'local' ? IntentPack : RemoteBotPack) : { packs: {} };
  const missing = manifest.languages.filter((language) => !packs[language]);
  if (missing.length > 0) {
    throw packError(display(manifestFile), [
      {
        path: `${display(manifestFile)} languages`,
        code: 'custom',
        message: `no intent pack for ${missing.join(', ')} (expected intents/${missing[0]}.yaml)`,
      },
    ]);
  }
  return { manifest, packs, handler: await loadHandler(dir) };
}

/** Every agency folder under `dir`, sorted by id so training order (and so the model) is stable. */
export async function loadAgenciesFolder(dir: string): Promise<LoadedAgency[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('.')).map((entry) => entry.name);
  return Promise.all(folders.sort().map((name) => loadAgencyFolder(join(dir, name))));
}

async function loadHandler(dir: string): Promise<AgencyHandler | undefined> {
  const file = ['handler.ts', 'handler.js'].map((name) => join(dir, name)).find((candidate) => existsSync(candidate));
  if (!file) return undefined;
  allowPackageImportsFromHandlers();
  const module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  if (typeof module.default !== 'function') {
    throw packError(display(file), [
      { path: `${display(file)} default`, code: 'custom', message: 'handler module must default-export a function (use defineHandler)' },
    ]);
  }
  return module.default as AgencyHandler;
}
