import type { BotRequest, BotResponse, Language } from '../protocol/index.js';
import type { Logger } from '../log/index.js';

/**
 * An agency's bot as the router sees it: in-process (pack answers or a handler module) or remote
 * (HTTP, Rasa REST). Implementations validate what comes back with `BotResponse` before returning it.
 */
export interface AgencyBot {
  readonly agency: string;
  handle(request: BotRequest, options?: { signal?: AbortSignal; log?: Logger }): Promise<BotResponse>;
}

/** What a custom handler gets besides the request. */
export interface HandlerTools {
  /** The pack's own answer for an (agency-local) intent, as the default bot would give it. */
  answer(intent: string | undefined, language: Language): BotResponse;
  /** Child logger bound to the conversation and agency. Never log `request.text` unredacted. */
  log: Logger;
}

/**
 * `agencies/<id>/handler.ts` default-exports one of these (wrap it in `defineHandler` for types).
 * `request.intent` is agency-local (`passport_renewal`, not `police/passport_renewal`).
 */
export type AgencyHandler = (request: BotRequest, tools: HandlerTools) => BotResponse | Promise<BotResponse>;

export function defineHandler(handler: AgencyHandler): AgencyHandler {
  return handler;
}
