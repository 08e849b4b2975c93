import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { parse, stringify } from 'yaml';
import { importRasa } from '../agencies/index.js';
import { AgencyId, Language } from '../protocol/index.js';
import { checkAgencyFolder } from './agency-files.js';

export interface ImportOptions {
  agency?: string;
  language?: string;
  /** The agency folder to write; default `./<agency>`. */
  out?: string;
  /** The Rasa bot's REST channel, written into a new manifest. */
  botUrl?: string;
  out_: (line: string) => void;
}

/**
 * `packs import-rasa FILE|DIR --agency ID`: a Rasa 3 project (or one `nlu.yml`) → `<out>/intents/<lang>.yaml`
 * and, when there is none, a `manifest.yaml` for a `rasa` bot. Then the same checks as `validate`.
 */
export function importRasaCommand(source: string, options: ImportOptions): number {
  const say = options.out_;
  if (!options.agency || !AgencyId.safeParse(options.agency).success) {
    say('import-rasa: give --agency ID (2-32 chars, lower-case letters, digits, "-")');
    return 2;
  }
  if (!existsSync(source)) {
    say(`import-rasa: ${source} does not exist`);
    return 2;
  }
  const files = rasaFiles(source);
  const configFile = statSync(source).isDirectory() ? join(source, 'config.yml') : undefined;
  const configured = configFile && existsSync(configFile) ? (parse(readFileSync(configFile, 'utf8')) as { language?: string } | null)?.language : undefined;
  const language = Language.safeParse(options.language ?? configured);
  if (!language.success) {
    say(`import-rasa: give --language (${Language.options.join(', ')}); config.yml says ${configured ?? 'nothing'}`);
    return 2;
  }
  const imported = importRasa(files.map((file) => ({ name: relative(process.cwd(), file), source: readFileSync(file, 'utf8') })), language.data);
  const out = options.out ?? options.agency;
  mkdirSync(join(out, 'intents'), { recursive: true });
  const packFile = join(out, 'intents', `${language.data}.yaml`);
  const pack = { language: language.data, intents: imported.intents.map(({ rasaName, ...intent }) => intent), ...(imported.synonyms.length ? { synonyms: imported.synonyms } : {}) };
  writeFileSync(packFile, `# Imported from Rasa (${files.map((file) => basename(file)).join(', ')}) by switchboard packs import-rasa\n${stringify(pack, { lineWidth: 0 })}`);
  const manifestFile = join(out, 'manifest.yaml');
  if (!existsSync(manifestFile)) {
    const manifest = {
      id: options.agency,
      name: { [language.data]: options.agency },
      description: { [language.data]: `${options.agency} (imported from Rasa)` },
      languages: [language.data],
      bot: { type: 'rasa', url: options.botUrl ?? 'http://localhost:5005/webhooks/rest/webhook' },
    };
    writeFileSync(manifestFile, stringify(manifest));
  }
  say(`wrote ${packFile}: ${imported.intents.length} intents, ${imported.intents.reduce((n, intent) => n + intent.examples.length, 0)} examples, entity markup stripped in ${imported.entitiesStripped}`);
  for (const intent of imported.intents) if (intent.rasaName) say(`renamed intent ${intent.rasaName} → ${intent.name}`);
  for (const synonym of imported.synonyms) say(`synonyms for ${synonym.value}: ${synonym.synonyms.join(', ')}`);
  for (const skip of imported.skipped) say(`skipped ${skip}`);
  const checked = checkAgencyFolder(out);
  for (const problem of checked.problems) say(problem);
  return checked.problems.length > 0 ? 1 : 0;
}

/** A file as given; in a folder, `nlu.yml`, `domain.yml` and every YAML under `data/`. */
function rasaFiles(source: string): string[] {
  if (!statSync(source).isDirectory()) return [source];
  const candidates = ['nlu.yml', 'nlu.yaml', 'domain.yml', 'domain.yaml'].map((name) => join(source, name));
  const data = join(source, 'data');
  if (existsSync(data)) candidates.push(...readdirSync(data).filter((name) => /\.ya?ml$/.test(name)).map((name) => join(data, name)));
  return candidates.filter((file) => existsSync(file)).sort();
}
