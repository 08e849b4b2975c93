import type { BotRequest } from '../../src/protocol/index.js';

/** A valid `BotRequest` for tests of remote bots; `overrides` replace whole fields. */
export function botRequest(overrides: Partial<BotRequest> = {}): BotRequest {
  return {
    conversationId: 'c-1',
    agency: 'remote',
    text: 'tere',
    language: 'et',
    decision: { rule: 'route', language: 'et', languageConfidence: 1, confidence: 0.9, top: [], evidence: [], reason: 'test' },
    context: {},
    ...overrides,
  };
}
