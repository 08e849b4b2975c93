import { describe, expect, it } from 'vitest';
import { ConversationSession, MAX_KEPT_EVENTS, type LoggedEvent } from '../../widget/frame/session.js';

const at = '2025-01-01T10:00:00.000Z';
const bot = (seq: number, text = `bot ${seq}`): LoggedEvent => ({ type: 'message', seq, at, from: 'bot', text });
const citizen = (seq: number, clientId: string, text = `me ${seq}`): LoggedEvent => ({ type: 'message', seq, at, from: 'citizen', text, clientId });
const welcome = (conversationId = 'c1', resumed = false) => ({ token: `${conversationId}.secret-token`, conversationId, resumed });
const texts = (session: ConversationSession) =>
  session.items().map((item) => (item.kind === 'pending' ? `pending:${item.item.text}` : item.event.type === 'message' ? item.event.text : `status:${item.event.state}`));

describe('ConversationSession', () => {
  it('shows replayed and live events once each, in seq order', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    expect(session.receive(bot(2))).toBe(true);
    expect(session.receive(bot(1))).toBe(true);
    expect(session.receive(bot(2))).toBe(false);
    expect(session.receive(bot(3))).toBe(true);
    expect(session.receive(bot(1))).toBe(false);
    expect(texts(session)).toEqual(['bot 1', 'bot 2', 'bot 3']);
    expect(session.lastSeq).toBe(3);
  });

  it('resumes from below a gap so the server replays what was missed', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.receive(bot(1));
    session.receive(bot(2));
    session.receive(bot(5));
    expect(session.resumeFields()).toEqual({ token: 'c1.secret-token', lastSeq: 2 });
    session.welcome(welcome('c1', true), 2);
    for (const seq of [3, 4, 5]) session.receive(bot(seq));
    expect(texts(session)).toEqual(['bot 1', 'bot 2', 'bot 3', 'bot 4', 'bot 5']);
    expect(session.lastSeq).toBe(5);
  });

  it('turns a pending message into the stored one on ack, and ignores the echoed citizen event', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.queue('hello', 'id-aaaaaaaa');
    expect(texts(session)).toEqual(['pending:hello']);
    expect(session.takeUnsent().map((item) => item.clientId)).toEqual(['id-aaaaaaaa']);
    expect(session.ack('id-aaaaaaaa', 1, at)).toBe(true);
    expect(session.receive(citizen(1, 'id-aaaaaaaa', 'hello'))).toBe(false);
    session.receive(bot(2, 'hi'));
    expect(texts(session)).toEqual(['hello', 'hi']);
    expect(session.items().map((item) => item.key)).toEqual(['c:id-aaaaaaaa', 's:2']);
  });

  it('matches the citizen event to the outbox by clientId when it arrives before the ack', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.queue('hello', 'id-bbbbbbbb');
    session.takeUnsent();
    expect(session.receive(citizen(1, 'id-bbbbbbbb', 'hello'))).toBe(true);
    expect(session.ack('id-bbbbbbbb', 1, at)).toBe(false);
    expect(texts(session)).toEqual(['hello']);
    expect(session.awaitingAck()).toEqual([]);
  });

  it('offers each unacknowledged message exactly once per connection, with the same clientId', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.queue('one', 'id-11111111');
    session.queue('two', 'id-22222222');
    expect(session.takeUnsent().map((item) => item.clientId)).toEqual(['id-11111111', 'id-22222222']);
    expect(session.takeUnsent()).toEqual([]);
    session.ack('id-11111111', 1, at);
    // The socket dies before "two" is acknowledged; a new connection resends it, once.
    session.welcome(welcome('c1', true), 2);
    expect(session.takeUnsent().map((item) => item.clientId)).toEqual(['id-22222222']);
    expect(session.takeUnsent()).toEqual([]);
    // A duplicate ack (the server had stored it already) under the same seq shows it once.
    session.ack('id-22222222', 2, at);
    session.receive(citizen(2, 'id-22222222', 'two'));
    expect(texts(session)).toEqual(['one', 'two']);
  });

  it('keeps messages typed while offline and sends them after the first welcome', () => {
    const session = new ConversationSession();
    session.queue('offline 1', 'id-33333333');
    session.queue('offline 2', 'id-44444444');
    expect(session.resumeFields()).toEqual({});
    session.welcome(welcome(), 1);
    expect(session.takeUnsent().map((item) => item.text)).toEqual(['offline 1', 'offline 2']);
  });

  it('survives a reload through its snapshot: shown events, outbox, token; the outbox is resent', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.receive(bot(1));
    session.queue('unsent', 'id-55555555');
    session.takeUnsent();
    const restored = new ConversationSession(JSON.parse(JSON.stringify(session.snapshot())));
    expect(texts(restored)).toEqual(['bot 1', 'pending:unsent']);
    expect(restored.resumeFields()).toEqual({ token: 'c1.secret-token', lastSeq: 1 });
    restored.welcome(welcome('c1', true), 1);
    expect(restored.takeUnsent().map((item) => item.clientId)).toEqual(['id-55555555']);
    expect(restored.receive(bot(1))).toBe(false);
  });

  it('forgets the shown log when the server starts another conversation, keeping the outbox', () => {
    const session = new ConversationSession();
    session.welcome(welcome('c1'), 1);
    session.receive(bot(1));
    session.queue('still mine', 'id-66666666');
    const { reset } = session.welcome(welcome('c2'), 2);
    expect(reset).toBe(true);
    expect(texts(session)).toEqual(['pending:still mine']);
    expect(session.resumeFields().token).toBe('c2.secret-token');
  });

  it('keeps retryable rejections queued and marks the others failed', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.queue('limited', 'id-77777777');
    session.queue('refused', 'id-88888888');
    session.takeUnsent();
    session.reject('id-77777777', true);
    session.reject('id-88888888', false);
    expect(session.takeUnsent().map((item) => item.clientId)).toEqual(['id-77777777']);
    const failed = session.items().find((item) => item.kind === 'pending' && item.item.failed);
    expect(failed?.key).toBe('c:id-88888888');
  });

  it('derives state and queue position from the latest status event', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.receive({ type: 'status', seq: 2, at, state: 'waiting_human', queuePosition: 3 });
    session.receive({ type: 'status', seq: 1, at, state: 'bot' });
    expect(session.state).toBe('waiting_human');
    expect(session.lastStatus?.queuePosition).toBe(3);
  });

  it('bounds what it keeps and still resumes from the right seq', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    for (let seq = 1; seq <= MAX_KEPT_EVENTS + 20; seq++) session.receive(bot(seq));
    expect(session.items()).toHaveLength(MAX_KEPT_EVENTS);
    expect(session.lastSeq).toBe(MAX_KEPT_EVENTS + 20);
    expect(session.receive(bot(3))).toBe(false);
    const restored = new ConversationSession(session.snapshot());
    expect(restored.lastSeq).toBe(MAX_KEPT_EVENTS + 20);
  });

  it('forget() drops token, log and outbox', () => {
    const session = new ConversationSession();
    session.welcome(welcome(), 1);
    session.receive(bot(1));
    session.queue('x', 'id-99999999');
    session.forget();
    expect(session.hasConversation).toBe(false);
    expect(session.items()).toEqual([]);
    expect(session.lastSeq).toBe(0);
  });
});
