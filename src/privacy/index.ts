/** @module privacy  Keeping personal data out of logs, and retention. */
export { redactText } from './redact-text.js';
export { REDACT_PATHS } from './redact-paths.js';
