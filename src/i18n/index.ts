/** @module i18n  Switchboard's own phrases in et, en, ru, sv. */
export { phrase, type PhraseKey } from './phrases.js';
