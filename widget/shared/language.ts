import type { Language } from '../../src/protocol/index.js';

/** The UI languages (same list as `LANGUAGES` in src/protocol, which cannot be imported without zod). */
export const UI_LANGUAGES: readonly Language[] = ['et', 'en', 'ru', 'sv'];

export function asLanguage(value: string | null | undefined): Language | undefined {
  const primary = (value ?? '').trim().toLowerCase().split(/[-_]/)[0];
  return (UI_LANGUAGES as readonly string[]).includes(primary) ? (primary as Language) : undefined;
}

/** The first supported of: the embed tag's `data-lang`, the page's `lang`, the browser's languages; else Estonian. */
export function pickLanguage(dataLang: string | null | undefined, pageLang: string | null | undefined, browser: readonly string[]): Language {
  for (const candidate of [dataLang, pageLang, ...browser]) {
    const language = asLanguage(candidate);
    if (language) return language;
  }
  return 'et';
}
