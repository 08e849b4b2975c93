/** @module router  Where each citizen message goes, and why. */
export { Router, TURN_LEASE_MS, type RouterDeps, type IncomingMessage } from './router.js';
export { TurnRunner, type TurnRunnerOptions } from './turn-runner.js';
export { decide, type Decision, type DecisionInput, type RoutingPolicy } from './decide.js';
export { cancelLanguages, isCancelWord } from './cancel-words.js';
export { KeyedQueue } from './keyed-queue.js';
export { policyOf, MIN_AGENCY_CLARIFY_MARGIN, SUGGEST_FLOOR_SHARE, CLARIFY_RIVAL } from './policy.js';
export { CitizenService, type CitizenServiceDeps } from './citizen-service.js';
export { createDelivery } from './delivery.js';
export type { CitizenPort, Delivery, OpenedConversation, PublicAgency, Transcript } from './ports.js';
export type { OperatorPort, OperatorPrincipal, HumanHandoff } from './operator-port.js';
export { stickyLanguage, SWITCH_CONFIDENCE, SWITCH_MIN_WORDS, SHORT_SWITCH_CONFIDENCE } from './language.js';
