import { parse } from 'yaml';
import type { Language } from '../protocol/index.js';

/** One intent of a Rasa import, in our pack's shape. */
export interface ImportedIntent {
  name: string;
  /** The Rasa name when it had to change (`faq/ask_hours` → `faq_ask_hours`). */
  rasaName?: string;
  examples: string[];
  answers?: string[];
}

export interface RasaImport {
  language: Language;
  intents: ImportedIntent[];
  /** Rasa `synonym:` blocks as the pack's `synonyms` (words that mean the same; training adds the variants). */
  synonyms: Array<{ value: string; synonyms: string[] }>;
  /** What was not imported and why: lookup tables, regexes, unknown blocks (`file: what`). */
  skipped: string[];
  /** Examples whose entity markup (`[Tallinn](location)`) was stripped to its text. */
  entitiesStripped: number;
}

interface NluBlock {
  intent?: string;
  synonym?: string;
  lookup?: string;
  regex?: string;
  examples?: string | Array<{ text?: string } | string>;
}

/** `[Tallinn](location)`, `[Tallinn](city:Tallinn)`, `[Tallinn]{"entity": "city"}` → `Tallinn`. */
const ENTITY = /\[([^\]]+)\](?:\([^)]*\)|\{[^}]*\})/g;

/**
 * Rasa 3 training data (`nlu.yml`, optionally `domain.yml` for answers) → our pack. Intent examples keep their
 * text with entity markup stripped; `responses.utter_<intent>` become the intent's answers; `synonym:` blocks
 * become the pack's `synonyms`; lookup tables and regexes have no counterpart in our model and are reported
 * as skipped.
 */
export function importRasa(files: Array<{ name: string; source: string }>, language: Language): RasaImport {
  const intents = new Map<string, ImportedIntent>();
  const skipped: string[] = [];
  let entitiesStripped = 0;
  const responses = new Map<string, string[]>();
  const synonyms: RasaImport['synonyms'] = [];

  for (const { name, source } of files) {
    const document = (parse(source) ?? {}) as { nlu?: NluBlock[]; responses?: Record<string, Array<{ text?: string }>> };
    for (const [key, variants] of Object.entries(document.responses ?? {})) {
      const texts = (variants ?? []).map((variant) => variant.text?.trim()).filter((text): text is string => !!text);
      if (texts.length) responses.set(key, texts);
    }
    for (const block of document.nlu ?? []) {
      if (block.synonym !== undefined) {
        const words = examplesOf(block.examples).map((word) => word.trim()).filter((word) => word && word !== block.synonym);
        if (words.length) synonyms.push({ value: String(block.synonym).slice(0, 100), synonyms: words.map((word) => word.slice(0, 100)) });
        continue;
      }
      const kind = block.lookup !== undefined ? 'lookup table' : block.regex !== undefined ? 'regex' : undefined;
      if (kind) {
        skipped.push(`${name}: ${kind} "${block.synonym ?? block.lookup ?? block.regex}" (no counterpart in Switchboard's model)`);
        continue;
      }
      if (block.intent === undefined) {
        skipped.push(`${name}: a block without intent (${Object.keys(block).join(', ')})`);
        continue;
      }
      const ours = intentName(block.intent);
      const intent = intents.get(ours) ?? { name: ours, examples: [], ...(ours !== block.intent ? { rasaName: block.intent } : {}) };
      for (const raw of examplesOf(block.examples)) {
        const text = raw.replace(ENTITY, '$1').replace(/\s+/g, ' ').trim();
        if (text !== raw.trim()) entitiesStripped++;
        if (text && !intent.examples.includes(text)) intent.examples.push(text.slice(0, 500));
      }
      intents.set(ours, intent);
    }
  }
  for (const intent of intents.values()) {
    const answers = responses.get(`utter_${intent.rasaName ?? intent.name}`) ?? responses.get(`utter_${intent.name}`);
    if (answers) intent.answers = answers;
  }
  return { language, intents: [...intents.values()], synonyms, skipped, entitiesStripped };
}

/** `- text` lines of a block scalar, or a list of strings / `{text}` entries. */
function examplesOf(examples: NluBlock['examples']): string[] {
  if (typeof examples === 'string') {
    return examples
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('- '))
      .map((line) => line.slice(2));
  }
  return (examples ?? []).map((entry) => (typeof entry === 'string' ? entry : (entry.text ?? '')));
}

/** Our intent names are snake_case, 2–64 characters, starting with a letter. */
function intentName(rasa: string): string {
  let name = rasa.toLowerCase().replace(/[^a-z0-9_]+/g, '_').replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(name)) name = `intent_${name}`;
  return name.length < 2 ? `${name}_intent` : name.slice(0, 64);
}
