/**
 * @module sdk  The public entry point for agency code: `import { defineHandler } from 'switchboard/agency'`.
 * A `handler.ts` in an agency folder anywhere (`AGENCIES_DIR` outside this repository) imports only this;
 * the server resolves the package name for it (agencies/handler-resolution.ts).
 */
export {
  defineHandler,
  MAX_REPROMPTS,
  isAnswerAttempt,
  isOfferedChoice,
  personChoice,
  verifyBotRequest,
  type AgencyHandler,
  type HandlerTools,
  type SignatureCheck,
} from '../agencies/index.js';
export { FORM_KEY, withoutForm, type BotContext, type BotRequest, type BotResponse, type Choice, type Language } from '../protocol/index.js';
