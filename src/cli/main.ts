/**
 * `npx switchboard packs validate|eval|conflicts [dir]` and `npx switchboard packs import-rasa FILE|DIR --agency ID`:
 * the registration API's checks for an agency's own CI (docs/AGENCIES.md). Exit 0 clean, 1 problems found,
 * 2 usage.
 */
import { readEnv } from '../config/index.js';
import { importRasaCommand } from './import-rasa-command.js';
import { DEFAULT_PACKS_OPTIONS, evaluate, validate, type PacksOptions } from './packs-command.js';

const USAGE = `usage: switchboard packs validate [dir]
       switchboard packs eval [dir] [--folds N] [--margin 0.02] [--json]
       switchboard packs conflicts [dir] [--folds N] [--json]
       switchboard packs import-rasa FILE|DIR --agency ID [--language et] [--out DIR] [--bot-url URL]
  dir: an agency folder (manifest.yaml, intents/<lang>.yaml) or a folder of them; default "."
  compared with the network in AGENCIES_DIR / INTENTS_DIR (default: this repository's agencies/ and intents/)`;

export async function run(argv: string[], out: (line: string) => void = console.log): Promise<number> {
  const [group, command, ...rest] = argv;
  const option = (name: string) => {
    const i = rest.indexOf(name);
    return i >= 0 ? rest[i + 1] : undefined;
  };
  const positional = rest.filter((arg, i) => !arg.startsWith('--') && !['--folds', '--margin', '--agency', '--language', '--out', '--bot-url'].includes(rest[i - 1] ?? ''));
  const dir = positional[0] ?? '.';
  const env = readEnv();
  const options: PacksOptions = {
    ...DEFAULT_PACKS_OPTIONS,
    ...(env.AGENCIES_DIR ? { agenciesDir: env.AGENCIES_DIR } : {}),
    ...(env.INTENTS_DIR ? { intentsDir: env.INTENTS_DIR } : {}),
    folds: Number(option('--folds') ?? DEFAULT_PACKS_OPTIONS.folds),
    margin: Number(option('--margin') ?? DEFAULT_PACKS_OPTIONS.margin),
    json: rest.includes('--json'),
    out,
  };
  if (group !== 'packs') {
    out(USAGE);
    return 2;
  }
  switch (command) {
    case 'validate':
      return validate(dir, options);
    case 'eval':
    case 'conflicts':
      return evaluate(dir, command, options);
    case 'import-rasa':
      if (!positional[0]) break;
      return importRasaCommand(positional[0], { agency: option('--agency'), language: option('--language'), out: option('--out'), botUrl: option('--bot-url'), out_: out });
  }
  out(USAGE);
  return 2;
}
