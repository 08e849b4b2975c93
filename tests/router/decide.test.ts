import { describe, expect, it } from 'vitest';
import { decide, type DecisionInput } from '../../src/router/index.js';
import { RoutingDecision } from '../../src/protocol/index.js';

const policy = { threshold: 0.4, clarifyMargin: 0.25 };
const en = { language: 'en' as const, confidence: 0.9, candidates: [] };

function input(ranked: Array<[string, number]>, conversation: Partial<DecisionInput['conversation']> = {}, extra: Partial<DecisionInput> = {}): DecisionInput {
  return {
    classification: { ranked: ranked.map(([intent, score]) => ({ intent, score })), outOfScope: false, evidence: ['deadline', 'tax'] },
    language: en,
    conversation: { state: 'bot', ownerAwaitsReply: false, ...conversation },
    policy,
    ...extra,
  };
}

describe('routing rules', () => {
  it('routes a confident intent to its agency, explaining the scores', () => {
    const decision = decide(input([['tax/deadline', 0.9], ['police/passport', 0.05], ['social/pension', 0.03]]));
    expect(decision).toMatchObject({ rule: 'route', agency: 'tax', intent: 'tax/deadline', confidence: 0.9 });
    expect(decision.top.map((t) => t.owner)).toEqual(['tax', 'police', 'social']);
    expect(decision.reason).toMatch(/0\.90 ≥ threshold 0\.40/);
    expect(RoutingDecision.safeParse(decision).success).toBe(true);
  });

  it('never explains with digits (they could be part of an ID code the citizen typed)', () => {
    const withDigits = input([['tax/deadline', 0.9]]);
    withDigits.classification.evidence = ['deadline', '3900', '010', 'tax'];
    expect(decide(withDigits).evidence).toEqual(['deadline', 'tax']);
  });

  it('clarifies when the best intents of two agencies are within the margin', () => {
    const decision = decide(input([['police/moving', 0.55], ['tax/residency', 0.38], ['social/abroad', 0.05]]));
    expect(decision.rule).toBe('clarify');
    expect(decision.candidates?.map((c) => c.intent)).toEqual(['police/moving', 'tax/residency']);
  });

  it('does not clarify between two intents of the same agency', () => {
    const decision = decide(input([['police/lost', 0.5], ['police/passport', 0.45], ['tax/deadline', 0.02]]));
    expect(decision).toMatchObject({ rule: 'route', agency: 'police', intent: 'police/lost' });
  });

  it('falls back below the threshold, when the model says out of scope, or when oos wins', () => {
    expect(decide(input([['tax/deadline', 0.3], ['police/lost', 0.2]])).rule).toBe('fallback');
    const flagged = input([['tax/deadline', 0.9]]);
    flagged.classification.outOfScope = true;
    expect(decide(flagged)).toMatchObject({ rule: 'fallback', reason: expect.stringMatching(/out of scope/) });
    expect(decide(input([['oos', 0.7], ['tax/deadline', 0.2]])).reason).toMatch(/out-of-scope class/);
  });

  it('answers shared intents itself, without an agency', () => {
    const decision = decide(input([['shared/greeting', 0.95], ['tax/deadline', 0.01]]));
    expect(decision).toMatchObject({ rule: 'shared', intent: 'shared/greeting' });
    expect(decision.agency).toBeUndefined();
  });

  it('keeps a follow-up with the owning agency', () => {
    expect(decide(input([['tax/refund', 0.8], ['social/pension', 0.1]], { agency: 'tax' }))).toMatchObject({ rule: 'stay', agency: 'tax' });
  });

  it('keeps an unrecognised reply with the owner while its bot waits for an answer', () => {
    const waiting = decide(input([['tax/refund', 0.1]], { agency: 'social', ownerAwaitsReply: true }));
    expect(waiting).toMatchObject({ rule: 'stay', agency: 'social' });
    expect(waiting.intent).toBeUndefined();
    expect(decide(input([['tax/refund', 0.1]], { agency: 'social', ownerAwaitsReply: false })).rule).toBe('fallback');
  });

  it('moves to another agency only when the new intent clearly belongs there', () => {
    const clear = decide(input([['police/passport', 0.85], ['tax/refund', 0.1]], { agency: 'tax' }));
    expect(clear).toMatchObject({ rule: 'route', agency: 'police' });
    const close = decide(input([['police/passport', 0.5], ['tax/refund', 0.4]], { agency: 'tax' }));
    expect(close.rule).toBe('clarify');
  });

  it('sends nothing to a bot while a human has the conversation', () => {
    expect(decide(input([['tax/deadline', 0.99]], { state: 'with_operator', agency: 'tax' }))).toMatchObject({ rule: 'human', agency: 'tax' });
    expect(decide(input([['tax/deadline', 0.99]], { state: 'waiting_human' })).rule).toBe('human');
  });

  it('honours "Something else" by falling back (a person is offered there)', () => {
    const decision = decide(input([['police/moving', 0.3], ['tax/residency', 0.2]], {}, { chosenIntent: 'oos' }));
    expect(decision.rule).toBe('fallback');
    expect(decision.intent).toBeUndefined();
  });

  it('honours a choice the citizen picked', () => {
    const decision = decide(input([['police/moving', 0.5], ['tax/residency', 0.45]], {}, { chosenIntent: 'tax/residency' }));
    expect(decision).toMatchObject({ rule: 'route', agency: 'tax', intent: 'tax/residency' });
  });
});

describe('three bands: route, suggest, fall back', () => {
  const banded = { threshold: 0.4, clarifyMargin: 0.25, suggestFloor: 0.2 };
  const at = (ranked: Array<[string, number]>, extra: Partial<DecisionInput> = {}) => decide(input(ranked, {}, { policy: banded, ...extra }));

  it('routes at or above the threshold', () => {
    expect(at([['police/lost', 0.4], ['tax/deadline', 0.05]])).toMatchObject({ rule: 'route', intent: 'police/lost' });
  });

  it('suggests the best 1-3 intents between the floor and the threshold, best first', () => {
    const decision = at([['police/lost', 0.33], ['shared/thanks', 0.3], ['tax/refund', 0.25], ['police/pin', 0.21], ['social/pension', 0.2], ['tax/land', 0.05]]);
    expect(decision.rule).toBe('suggest');
    expect(decision.intent).toBeUndefined();
    expect(decision.agency).toBeUndefined();
    expect(decision.candidates?.map((c) => c.intent)).toEqual(['police/lost', 'shared/thanks', 'tax/refund']);
    expect(decision.reason).toMatch(/^Not sure enough to route .*lost \(police, 0\.33\)/);
    expect(RoutingDecision.safeParse(decision).success).toBe(true);
  });

  it('suggests a single intent when the rest are far below it', () => {
    expect(at([['tax/refund', 0.35], ['police/lost', 0.1]]).candidates?.map((c) => c.intent)).toEqual(['tax/refund']);
  });

  it('falls back below the floor, and in the band when the out-of-scope class wins', () => {
    expect(at([['police/lost', 0.19], ['tax/refund', 0.1]]).rule).toBe('fallback');
    expect(at([['oos', 0.5], ['police/lost', 0.3]]).rule).toBe('fallback');
  });

  it('without a floor there is no band (the old two-way rule)', () => {
    expect(decide(input([['police/lost', 0.35]])).rule).toBe('fallback');
  });

  it('a pick from the suggestions routes there', () => {
    expect(at([['police/lost', 0.3], ['tax/refund', 0.25]], { chosenIntent: 'tax/refund' })).toMatchObject({ rule: 'route', agency: 'tax', intent: 'tax/refund' });
  });

  it('clarifies when a second agency is plausible (≥ clarifyRival), even outside the margin', () => {
    const withRival = { ...banded, clarifyRival: 0.1 };
    const decision = decide(input([['police/moving', 0.8], ['tax/residency', 0.12], ['police/lost', 0.05]], {}, { policy: withRival }));
    expect(decision.rule).toBe('clarify');
    expect(decision.candidates?.map((c) => c.intent)).toEqual(['police/moving', 'tax/residency']);
    expect(decision.reason).toMatch(/the second scored ≥ 0\.10/);
    expect(decide(input([['police/moving', 0.8], ['tax/residency', 0.09]], {}, { policy: withRival })).rule).toBe('route');
  });

  it('a clarify reason is one plain sentence naming both agencies and the topics', () => {
    const names = { agency: (id: string) => ({ police: 'the Police', tax: 'the Tax Board' })[id] ?? id, topic: (intent: string) => intent.split('/')[1].replace(/_/g, ' ') };
    const decision = at([['police/moving_abroad', 0.55], ['tax/moving_abroad', 0.4]], { names });
    expect(decision.rule).toBe('clarify');
    expect(decision.reason).toMatch(/^Both the Police \(moving abroad, 0\.55\) and the Tax Board \(moving abroad, 0\.40\) could handle this.*; asked the citizen which one\.$/);
  });
});
