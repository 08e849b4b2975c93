import { describe, expect, it } from 'vitest';
import { ServerFrame } from '../../src/protocol/index.js';
import { parseServerFrame } from '../../widget/frame/frames.js';

/** The widget's hand check must agree with the zod schema on every frame the widget relies on. */
const at = '2025-01-01T00:00:00.000Z';
const valid = [
  { type: 'welcome', seq: 0, conversationId: 'c', token: 'c.secret', state: 'bot', language: 'et', resumed: false },
  { type: 'message', seq: 1, at, from: 'bot', text: 'hi', choices: [{ label: 'A', value: 'a' }] },
  { type: 'message', seq: 2, at, from: 'citizen', text: 'x', clientId: 'abcdefgh' },
  { type: 'message', seq: 3, at, from: 'operator', text: 'x', operatorName: 'Mari', agency: 'tax' },
  { type: 'status', seq: 4, at, state: 'waiting_human', queuePosition: 2 },
  { type: 'typing', seq: 4, from: 'bot', active: true },
  { type: 'ack', seq: 2, clientId: 'abcdefgh', duplicate: true },
  { type: 'error', seq: 4, code: 'SWB_ERR_RATE_LIMITED', message: 'slow down', retryable: true, clientId: 'abcdefgh' },
  { type: 'service', seq: 4, status: 'degraded' },
];
const invalid = [
  { type: 'welcome', seq: 0, conversationId: 'c', token: 'c.secret', state: 'bot', language: 'et' },
  { type: 'message', seq: 0, at, from: 'bot', text: 'hi' },
  { type: 'message', seq: 1, at, from: 'hacker', text: 'hi' },
  { type: 'message', seq: 1, at, from: 'bot', text: 5 },
  { type: 'message', seq: 1, at, from: 'bot', text: 'x', choices: [{ label: 'A' }] },
  { type: 'status', seq: 1, at, state: 'gone' },
  { type: 'typing', seq: 1, from: 'citizen', active: true },
  { type: 'ack', seq: 1, clientId: 'x' },
  { type: 'service', seq: 1, status: 'meh' },
  { type: 'unknown', seq: 1 },
  { type: 'message', seq: -1, at, from: 'bot', text: 'x' },
];

describe('parseServerFrame', () => {
  it.each(valid)('accepts what the schema accepts: $type', (frame) => {
    expect(ServerFrame.safeParse(frame).success).toBe(true);
    expect(parseServerFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it.each(invalid)('rejects what the schema rejects: $type', (frame) => {
    expect(ServerFrame.safeParse(frame).success).toBe(false);
    expect(parseServerFrame(JSON.stringify(frame))).toBeUndefined();
  });

  it('ignores non-JSON, arrays and binary data', () => {
    expect(parseServerFrame('{nope')).toBeUndefined();
    expect(parseServerFrame('[]')).toBeUndefined();
    expect(parseServerFrame(new ArrayBuffer(2))).toBeUndefined();
  });
});
