import { normalize } from './text.js';
import type { TrainingExample } from './types.js';

/** One group of interchangeable words or phrases (a pack's `synonyms:` entry: the value and its synonyms). */
export type SynonymGroup = readonly string[];

/** At most this many extra copies per example, so one example with many synonyms cannot swamp its intent. */
const MAX_COPIES = 4;

/**
 * Pack-level synonyms as training data: every example that uses a word or phrase of a group (whole words,
 * case-insensitive) gets copies with the group's other members in its place. Deterministic (groups and members in
 * the order given); copies that equal an existing example are skipped.
 * @example expandSynonyms([{ text: 'lost my id card', intent: 'police/lost', language: 'en' }], [['id card', 'identity card']])
 *   // adds 'lost my identity card'
 */
export function expandSynonyms(examples: readonly TrainingExample[], groups: readonly SynonymGroup[]): TrainingExample[] {
  if (groups.length === 0) return [...examples];
  const seen = new Set(examples.map((e) => `${e.language}\u0000${e.intent}\u0000${normalize(e.text)}`));
  const out = [...examples];
  for (const example of examples) {
    const text = normalize(example.text);
    let copies = 0;
    for (const group of groups) {
      for (const member of group) {
        const pattern = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(normalize(member))}(?![\\p{L}\\p{N}])`, 'u');
        if (!pattern.test(text)) continue;
        for (const other of group) {
          if (other === member || copies >= MAX_COPIES) continue;
          const variant = text.replace(pattern, normalize(other));
          const key = `${example.language}\u0000${example.intent}\u0000${variant}`;
          if (seen.has(key)) continue;
          seen.add(key);
          out.push({ ...example, text: variant });
          copies++;
        }
        break;
      }
    }
  }
  return out;
}

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
