import type { BotResponse, Intent, IntentPack, Language } from '../protocol/index.js';
import { phrase } from '../i18n/index.js';

/**
 * Answers straight from a pack: the default bot, and the `tools.answer` custom handlers fall back to.
 * Looks the intent up in the requested language, then in the pack's other languages (a reply in another
 * language beats none).
 */
export class PackAnswers {
  readonly #byLanguage = new Map<Language, Map<string, Intent>>();

  constructor(packs: Partial<Record<Language, IntentPack>>) {
    for (const [language, pack] of Object.entries(packs) as Array<[Language, IntentPack]>) {
      this.#byLanguage.set(language, new Map(pack.intents.map((intent) => [intent.name, intent])));
    }
  }

  /** `seed` (e.g. the conversation id) picks among several answers, stable within a conversation. */
  answer(intentName: string | undefined, language: Language, seed = ''): BotResponse {
    const intent = intentName === undefined ? undefined : this.find(intentName, language);
    if (!intent) return { replies: [{ text: phrase('notUnderstood', language) }] };
    const text = intent.answers[hash(seed + intent.name) % intent.answers.length];
    return { replies: [{ text }], ...(intent.choices ? { choices: intent.choices } : {}) };
  }

  find(intentName: string, language: Language): Intent | undefined {
    const preferred = this.#byLanguage.get(language)?.get(intentName);
    if (preferred) return preferred;
    for (const intents of this.#byLanguage.values()) {
      const intent = intents.get(intentName);
      if (intent) return intent;
    }
    return undefined;
  }
}

/** FNV-1a: tiny, stable across runs and instances. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}
