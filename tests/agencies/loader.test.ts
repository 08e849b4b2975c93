import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AgencyRegistry, loadAgenciesFolder, loadAgencyFolder, loadPackFolder } from '../../src/agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../../src/config/index.js';
import { failure } from '../helpers/errors.js';

let dir: string;
const manifest = (id: string, extra = '') => `id: ${id}\nname: { en: Test }\ndescription: { en: Test agency }\nlanguages: [en]\n${extra}`;
const pack = `language: en
intents:
  - name: opening_hours
    examples:
      - when are you open
    answers:
      - We are open 9-17.
`;

async function agency(id: string, files: Record<string, string>): Promise<string> {
  const root = join(dir, id);
  await mkdir(join(root, 'intents'), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(join(root, name), content);
  return root;
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swb-packs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('agency folder loader', () => {
  it('a rasa or http agency needs examples only; a local one still needs answers', async () => {
    const examplesOnly = 'language: en\nintents:\n  - name: opening_hours\n    examples: [when are you open]\n';
    const rasa = await loadAgencyFolder(await agency('remote', { 'manifest.yaml': manifest('remote', 'bot: { type: rasa, url: "https://rasa.example/webhooks/rest/webhook" }\n'), 'intents/en.yaml': examplesOnly }));
    expect(rasa.packs.en?.intents[0]).toEqual({ name: 'opening_hours', examples: ['when are you open'], answers: [] });
    const local = await failure(loadAgencyFolder(await agency('local', { 'manifest.yaml': manifest('local'), 'intents/en.yaml': examplesOnly })));
    expect(local.issues?.[0].path).toMatch(/local\/intents\/en\.yaml:3 intents\.0\.answers$/);
  });

  it('loads a manifest, its packs and defaults', async () => {
    const root = await agency('library', { 'manifest.yaml': manifest('library'), 'intents/en.yaml': pack });
    const loaded = await loadAgencyFolder(root);
    expect(loaded.manifest).toMatchObject({ id: 'library', bot: { type: 'local' }, privacy: { retentionDays: 30 } });
    expect(loaded.packs.en?.intents[0].name).toBe('opening_hours');
    expect(loaded.handler).toBeUndefined();
  });

  it('names file, line and field for a missing field', async () => {
    const broken = pack.replace('    answers:\n      - We are open 9-17.\n', '');
    const root = await agency('library', { 'manifest.yaml': manifest('library'), 'intents/en.yaml': broken });
    const error = await failure(loadAgencyFolder(root));
    expect(error.code).toBe('SWB_ERR_PACK_INVALID');
    expect(error.issues?.[0].path).toMatch(/library\/intents\/en\.yaml:3 intents\.0\.answers$/);
    expect(error.message).toMatch(/en\.yaml:3 intents\.0\.answers/);
  });

  it('names the line of a duplicate intent name', async () => {
    const twice = pack + pack.split('\n').slice(2).join('\n');
    const root = await agency('library', { 'manifest.yaml': manifest('library'), 'intents/en.yaml': twice });
    const error = await failure(loadAgencyFolder(root));
    expect(error.issues?.[0].path).toMatch(/en\.yaml:8 intents\.1\.name$/);
    expect(error.issues?.[0].message).toMatch(/duplicate intent name "opening_hours"/);
  });

  it('rejects an unknown language, and a file named for another language', async () => {
    const root = await agency('library', { 'manifest.yaml': manifest('library'), 'intents/en.yaml': pack.replace('language: en', 'language: fi') });
    const error = await failure(loadAgencyFolder(root));
    expect(error.issues?.[0].path).toMatch(/en\.yaml:1 language$/);
    const other = await agency('museum', { 'manifest.yaml': manifest('museum'), 'intents/et.yaml': pack });
    const mismatch = await failure(loadAgencyFolder(other));
    expect(mismatch.issues?.[0].message).toMatch(/named et but declares language "en"/);
  });

  it('reports YAML syntax errors with their line', async () => {
    const root = await agency('library', { 'manifest.yaml': manifest('library'), 'intents/en.yaml': 'language: en\nintents:\n  - name: [unclosed\n' });
    const error = await failure(loadAgencyFolder(root));
    expect(error.issues?.[0]).toMatchObject({ code: 'invalid_yaml' });
    expect(error.issues?.[0].path).toMatch(/en\.yaml:\d+$/);
  });

  it('checks the manifest: id equals folder, every listed language has a pack, bot URL', async () => {
    const wrongId = await agency('library', { 'manifest.yaml': manifest('museum'), 'intents/en.yaml': pack });
    expect((await failure(loadAgencyFolder(wrongId))).issues?.[0].message).toMatch(/must equal the folder name "library"/);
    await rm(wrongId, { recursive: true });
    const missing = await agency('library', { 'manifest.yaml': manifest('library').replace('[en]', '[en, et]'), 'intents/en.yaml': pack });
    expect((await failure(loadAgencyFolder(missing))).issues?.[0].message).toMatch(/no intent pack for et/);
    await rm(missing, { recursive: true });
    const badBot = await agency('library', { 'manifest.yaml': manifest('library', 'bot: { type: http, url: "ftp://x" }\n'), 'intents/en.yaml': pack });
    expect((await failure(loadAgencyFolder(badBot))).issues?.[0].path).toMatch(/manifest\.yaml:5 bot\.url$/);
  });

  it('rejects a handler that exports no function', async () => {
    const root = await agency('library', { 'manifest.yaml': manifest('library'), 'intents/en.yaml': pack, 'handler.ts': 'export default 42;\n' });
    expect((await failure(loadAgencyFolder(root))).issues?.[0].message).toMatch(/default-export a function/);
  });
});

describe('the demo agencies', () => {
  it('load, validate, and give the model qualified intents in en and et', async () => {
    const registry = new AgencyRegistry(await loadAgenciesFolder(DEFAULT_AGENCIES_DIR), await loadPackFolder(DEFAULT_INTENTS_DIR));
    const ids = registry.manifests().map((m) => m.id);
    expect(ids.length).toBeGreaterThanOrEqual(3);
    const examples = registry.trainingExamples();
    for (const id of ids) {
      for (const language of ['en', 'et'] as const) {
        const intents = new Map<string, number>();
        for (const e of examples) if (e.language === language && e.intent.startsWith(`${id}/`)) intents.set(e.intent, (intents.get(e.intent) ?? 0) + 1);
        expect(intents.size, `${id} ${language} intents`).toBeGreaterThanOrEqual(8);
        expect(Math.min(...intents.values()), `${id} ${language} examples per intent`).toBeGreaterThanOrEqual(10);
      }
    }
    for (const shared of ['greeting', 'thanks', 'goodbye', 'ask_human', 'capabilities']) {
      expect(examples.some((e) => e.intent === `shared/${shared}`)).toBe(true);
    }
    expect(examples.some((e) => e.intent === 'oos')).toBe(true);
  });
});
