/**
 * @module registration  Agencies on their own: API keys, drafts, the sandbox evaluation, publishing with a
 * hot retrain in a worker thread, versions and rollback (docs/AGENCIES.md).
 */
export { ApiKeys, type IssuedKey } from './api-keys.js';
export { LiveNetwork, type LiveNetworkDeps } from './live-network.js';
export { NluWorker } from './nlu-worker-client.js';
export { RegistrationService, type RegistrationDeps, type RegistrationOptions, type PublishResult } from './registration-service.js';
export { createRegistrationRoutes, REGISTRATION_ROUTES, type RegistrationRoute } from './http-routes.js';
export { evaluateDraft, type EvaluationInput, type EvaluationReport } from './evaluate.js';
