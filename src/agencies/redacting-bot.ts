import type { BotContext, BotRequest } from '../protocol/index.js';
import { redactPii } from '../privacy/index.js';
import type { AgencyBot } from './types.js';

/**
 * A remote bot whose manifest does not allow personal data (`bot.personalData: false`, the default) gets
 * the citizen's text, a handing-over agency's reason and every string in the context passed along with
 * personal data replaced by labels (`[id-code]`, `[phone]`, `[iban]`, …). Case and application numbers stay:
 * the bot needs them, and the detectors leave them alone (docs/PRIVACY.md).
 */
export function withoutPersonalData(bot: AgencyBot, allowed: boolean): AgencyBot {
  if (allowed) return bot;
  return {
    agency: bot.agency,
    handle: (request, options) => bot.handle(redactRequest(request), options),
  };
}

export function redactRequest(request: BotRequest): BotRequest {
  return {
    ...request,
    text: redactPii(request.text),
    context: redactStrings(request.context) as BotContext,
    ...(request.handoffFrom
      ? { handoffFrom: { ...request.handoffFrom, reason: redactPii(request.handoffFrom.reason), context: redactStrings(request.handoffFrom.context) as BotContext } }
      : {}),
  };
}

function redactStrings(value: unknown): unknown {
  if (typeof value === 'string') return redactPii(value);
  if (Array.isArray(value)) return value.map(redactStrings);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, redactStrings(child)]));
  return value;
}

