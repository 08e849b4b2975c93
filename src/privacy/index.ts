/** @module privacy  Finding personal data in text, keeping it out of logs and bots, and retention. */
export { redactText } from './redact-text.js';
export { REDACT_PATHS } from './redact-paths.js';
export { PII_KINDS, PII_LABELS, containsPii, detectPii, redactPii, type PiiKind, type PiiSpan } from './detect.js';
export { henkilotunnusValid, isikukoodValid, luhnValid, personnummerValid } from './checksums.js';
