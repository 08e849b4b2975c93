import { describe, expect, it } from 'vitest';
import { BotResponse, ClientFrame, decodeClientFrame, IntentPack, ServerFrame } from '../../src/protocol/index.js';

describe('widget frames', () => {
  it.each([
    [{ type: 'hello' }],
    [{ type: 'hello', agency: 'tax', language: 'et', token: 'a'.repeat(20), lastSeq: 4, privacyLevel: 'delete_on_close' }],
    [{ type: 'message', clientId: '0f3c2b1a-aaaa', text: 'Millal on tuludeklaratsiooni tähtaeg?' }],
    [{ type: 'typing', active: true }],
    [{ type: 'action', action: 'request_human' }],
    [{ type: 'rating', score: 5, comment: 'Aitäh' }],
    [{ type: 'privacy', level: 'keep_for_retention' }],
  ])('accepts %j', (frame) => {
    expect(ClientFrame.safeParse(frame).success).toBe(true);
  });

  it.each([
    [{ type: 'message', clientId: '0f3c2b1a-aaaa', text: '   ' }, 'text'],
    [{ type: 'message', clientId: 'short', text: 'hi' }, 'clientId'],
    [{ type: 'message', clientId: '0f3c2b1a-aaaa', text: 'x'.repeat(2001) }, 'text'],
    [{ type: 'hello', language: 'fi' }, 'language'],
    [{ type: 'hello', agency: 'Tax Board' }, 'agency'],
    [{ type: 'hello', lastSeq: -1 }, 'lastSeq'],
    [{ type: 'rating', score: 6 }, 'score'],
    [{ type: 'action', action: 'launch' }, 'action'],
    [{ type: 'nope' }, 'type'],
    [{}, 'type'],
  ])('rejects %j naming the field %s', (frame, field) => {
    const decoded = decodeClientFrame(JSON.stringify(frame));
    expect(decoded.ok).toBe(false);
    if (!decoded.ok) expect(decoded.issues.map((issue) => issue.path)).toContain(field);
  });

  it('reports invalid JSON without throwing', () => {
    expect(decodeClientFrame('{"type":')).toMatchObject({ ok: false, reason: 'json' });
    expect(decodeClientFrame('')).toMatchObject({ ok: false, reason: 'json' });
  });

  it('never copies input values into the issues', () => {
    const decoded = decodeClientFrame(JSON.stringify({ type: 'hello', language: '39001010005' }));
    expect(JSON.stringify(decoded)).not.toContain('39001010005');
  });
});

describe('server frames', () => {
  it('requires a seq on every frame, and seq ≥ 1 on logged events', () => {
    expect(ServerFrame.safeParse({ type: 'typing', from: 'bot', active: true }).success).toBe(false);
    expect(ServerFrame.safeParse({ type: 'typing', seq: 0, from: 'bot', active: true }).success).toBe(true);
    expect(ServerFrame.safeParse({ type: 'message', seq: 0, at: 'now', from: 'bot', text: 'x' }).success).toBe(false);
    expect(ServerFrame.safeParse({ type: 'message', seq: 1, at: 'now', from: 'bot', text: 'x' }).success).toBe(true);
    expect(ServerFrame.safeParse({ type: 'error', seq: 3, code: 'SWB_ERR_RATE_LIMITED', message: 'm', retryable: true }).success).toBe(true);
  });
});

describe('agency bot responses and packs', () => {
  it('accepts a handoff to another agency with context, and to a human with a reason', () => {
    expect(BotResponse.parse({ replies: [{ text: 'x' }], handoff: { to: 'agency', agency: 'tax', reason: 'tax question' } }).handoff).toMatchObject({ context: {} });
    expect(BotResponse.safeParse({ replies: [], handoff: { to: 'human' } }).success).toBe(false);
  });

  it('names the duplicated intent and where it first appeared', () => {
    const result = IntentPack.safeParse({
      language: 'en',
      intents: [
        { name: 'greet', examples: ['hi'], answers: ['Hello'] },
        { name: 'greet', examples: ['hey'], answers: ['Hello'] },
      ],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ path: ['intents', 1, 'name'] });
    expect(result.error?.issues[0].message).toMatch(/duplicate intent name "greet".*intents\[0\]/);
  });
});
