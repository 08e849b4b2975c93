/** @module router  Where each citizen message goes, and why. */
export { Router, type RouterDeps, type IncomingMessage } from './router.js';
export { decide, type Decision, type DecisionInput, type RoutingPolicy } from './decide.js';
export { KeyedQueue } from './keyed-queue.js';
export { policyOf, MIN_AGENCY_CLARIFY_MARGIN, SUGGEST_FLOOR_SHARE, CLARIFY_RIVAL } from './policy.js';
export { stickyLanguage, SWITCH_CONFIDENCE, SWITCH_MIN_WORDS, SHORT_SWITCH_CONFIDENCE } from './language.js';
