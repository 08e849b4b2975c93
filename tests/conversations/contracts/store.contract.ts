import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationStore } from '../../../src/conversations/index.js';
import type { ConversationEventBody } from '../../../src/protocol/index.js';
import { expectCode, waitUntil } from './helpers.js';

/**
 * One suite, every ConversationStore: `memory-store.test.ts` and `redis-store.test.ts` call it with their
 * factory (hono `common.case.test.ts` style). `create` returns a fresh, isolated store; `dispose` removes
 * whatever it left behind.
 */
export interface StoreFixture {
  store: ConversationStore;
  dispose(): Promise<void>;
}

export function describeConversationStore(name: string, create: () => Promise<StoreFixture>): void {
  describe(`ConversationStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: ConversationStore;
    beforeEach(async () => {
      fixture = await create();
      store = fixture.store;
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    const newConversation = async (extra: { homeAgency?: string; agency?: string } = {}) =>
      store.create({ id: randomUUID(), tokenHash: 'hash', language: 'et', ...extra });
    const citizen = (text: string, clientId?: string) =>
      ({ type: 'message', from: 'citizen', text, ...(clientId ? { clientId } : {}) }) as const;

    it('creates with defaults and reads back; an unknown id reads as undefined', async () => {
      const created = await newConversation({ homeAgency: 'ria' });
      expect(created).toMatchObject({ state: 'bot', owner: 'bot', contexts: {}, lastSeq: 0, homeAgency: 'ria' });
      expect(await store.get(created.id)).toEqual(created);
      expect(await store.get(randomUUID())).toBeUndefined();
    });

    it('keeps the defaults when optional fields are passed as undefined', async () => {
      const created = await store.create({ id: randomUUID(), tokenHash: 'hash', language: 'en', privacyLevel: undefined, agency: undefined });
      expect(created.privacyLevel).toBe('keep_for_retention');
      expect(await store.get(created.id)).toEqual(created);
    });

    it('gives seq 1, 2, 3, … without gaps, even to concurrent appends', async () => {
      const { id } = await newConversation();
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => store.append(id, citizen(`m${i}`))));
      const seqs = results.map((result) => result.event.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(results.every((result) => !result.duplicate)).toBe(true);
      expect((await store.get(id))?.lastSeq).toBe(40);
      const log = await store.eventsAfter(id, 0);
      expect(log.map((event) => event.seq)).toEqual(seqs);
    });

    it('keeps the event body, adds seq and at', async () => {
      const { id } = await newConversation();
      const body: ConversationEventBody = {
        type: 'message',
        from: 'bot',
        text: 'Tere! Kuidas saan aidata?',
        agency: 'ria',
        choices: [{ label: 'Pass', value: 'passport' }],
      };
      const { event } = await store.append(id, body);
      expect(event).toMatchObject({ ...body, seq: 1 });
      expect(Number.isNaN(Date.parse(event.at))).toBe(false);
      await store.append(id, { type: 'status', state: 'waiting_human', queuePosition: 2 });
      expect(await store.eventsAfter(id, 0)).toEqual([
        event,
        expect.objectContaining({ type: 'status', state: 'waiting_human', queuePosition: 2, seq: 2 }),
      ]);
    });

    it('dedups by clientId: a second append returns the earlier event and writes nothing', async () => {
      const { id } = await newConversation();
      const first = await store.append(id, citizen('first', 'client-0001'));
      await store.append(id, citizen('other', 'client-0002'));
      const again = await store.append(id, citizen('changed text', 'client-0001'));
      expect(again).toEqual({ event: first.event, duplicate: true });
      expect((await store.get(id))?.lastSeq).toBe(2);
      expect((await store.eventsAfter(id, 0)).map((event) => event.seq)).toEqual([1, 2]);
    });

    it('dedups concurrent appends of one clientId: exactly one is new', async () => {
      const { id } = await newConversation();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.append(id, citizen('same', 'client-race-1'))),
      );
      expect(results.filter((result) => !result.duplicate)).toHaveLength(1);
      expect(new Set(results.map((result) => result.event.seq))).toEqual(new Set([1]));
      expect((await store.get(id))?.lastSeq).toBe(1);
    });

    it('refuses a new citizen message to a closed conversation; a resend and other senders still pass', async () => {
      const { id } = await newConversation();
      const stored = await store.append(id, citizen('before the close', 'client-closed-1'));
      await store.update(id, { state: 'closed' });
      await expectCode(store.append(id, citizen('after the close', 'client-closed-2')), 'SWB_ERR_CONVERSATION_CLOSED');
      await expectCode(store.append(id, citizen('no clientId')), 'SWB_ERR_CONVERSATION_CLOSED');
      expect(await store.append(id, citizen('resent', 'client-closed-1'))).toEqual({ event: stored.event, duplicate: true });
      const status = await store.append(id, { type: 'status', state: 'closed', reason: 'ended' });
      const system = await store.append(id, { type: 'message', from: 'system', text: 'bye' });
      expect([status.event.seq, system.event.seq]).toEqual([2, 3]);
      expect((await store.get(id))?.lastSeq).toBe(3);
      expect((await store.eventsAfter(id, 0)).map((event) => event.seq)).toEqual([1, 2, 3]);
      await store.update(id, { state: 'bot' });
      expect((await store.append(id, citizen('reopened', 'client-closed-2'))).event.seq).toBe(4);
    });

    it('slices eventsAfter by seq and honours limit', async () => {
      const { id } = await newConversation();
      for (let i = 1; i <= 10; i++) await store.append(id, citizen(`m${i}`));
      const seqs = async (after: number, limit?: number) =>
        (await store.eventsAfter(id, after, limit)).map((event) => event.seq);
      expect(await seqs(3)).toEqual([4, 5, 6, 7, 8, 9, 10]);
      expect(await seqs(3, 2)).toEqual([4, 5]);
      expect(await seqs(0, 1)).toEqual([1]);
      expect(await seqs(10)).toEqual([]);
      expect(await seqs(25)).toEqual([]);
      expect((await store.eventsAfter(id, 6)).map((event) => 'text' in event && event.text)).toEqual([
        'm7',
        'm8',
        'm9',
        'm10',
      ]);
    });

    it('update changes the given fields and keeps the others', async () => {
      const created = await newConversation({ homeAgency: 'ria', agency: 'ppa' });
      await store.append(created.id, citizen('hello'));
      const updated = await store.update(created.id, { state: 'waiting_human' });
      expect(updated).toMatchObject({ state: 'waiting_human', homeAgency: 'ria', agency: 'ppa', owner: 'bot', lastSeq: 1 });
      const withContext = await store.update(created.id, { contexts: { ppa: { step: 'ask-date' } } });
      expect(withContext).toMatchObject({ state: 'waiting_human', contexts: { ppa: { step: 'ask-date' } } });
      expect(await store.get(created.id)).toEqual(withContext);
      const cleared = await store.update(created.id, { agency: undefined });
      expect(cleared.agency).toBeUndefined();
      expect(cleared.homeAgency).toBe('ria');
    });

    it('compare-and-set owner: of 20 concurrent calls exactly one wins', async () => {
      const { id } = await newConversation();
      const outcomes = await Promise.all(
        Array.from({ length: 20 }, (_, i) => store.compareAndSetOwner(id, 'bot', `operator:${i}`)),
      );
      expect(outcomes.filter(Boolean)).toHaveLength(1);
      const winner = outcomes.indexOf(true);
      expect((await store.get(id))?.owner).toBe(`operator:${winner}`);
      expect(await store.compareAndSetOwner(id, 'bot', 'operator:late')).toBe(false);
      expect(await store.compareAndSetOwner(id, `operator:${winner}`, 'queue:ria')).toBe(true);
      expect((await store.get(id))?.owner).toBe('queue:ria');
    });

    it('expireIn forgets the conversation and its log after the time', async () => {
      const { id } = await newConversation();
      await store.append(id, citizen('before'));
      await store.expireIn(id, 1);
      await store.append(id, citizen('after the deadline was set', 'client-late-1'));
      expect(await store.get(id)).toBeDefined();
      await waitUntil(async () => (await store.get(id)) === undefined, 4_000);
      await expectCode(store.eventsAfter(id, 0), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      await expectCode(store.append(id, citizen('x')), 'SWB_ERR_CONVERSATION_NOT_FOUND');
    });

    it('delete forgets the conversation and its log now', async () => {
      const { id } = await newConversation();
      await store.append(id, citizen('to be forgotten', 'client-del-1'));
      await store.delete(id);
      expect(await store.get(id)).toBeUndefined();
      await expectCode(store.eventsAfter(id, 0), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      await store.delete(id); // deleting twice is fine
      // The same id created again starts empty: no old clientIds, no old events.
      await store.create({ id, tokenHash: 'hash', language: 'en' });
      const again = await store.append(id, citizen('new', 'client-del-1'));
      expect(again).toMatchObject({ duplicate: false, event: { seq: 1, text: 'new' } });
    });

    it('refuses an unknown id with SWB_ERR_CONVERSATION_NOT_FOUND', async () => {
      const id = randomUUID();
      await expectCode(store.update(id, { state: 'closed' }), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      await expectCode(store.append(id, citizen('x')), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      await expectCode(store.eventsAfter(id, 0), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      await expectCode(store.compareAndSetOwner(id, 'bot', 'operator:1'), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      await expectCode(store.expireIn(id, 10), 'SWB_ERR_CONVERSATION_NOT_FOUND');
      expect(await store.get(id)).toBeUndefined();
    });

    it('hands out copies or frozen values: changing a returned record changes nothing stored', async () => {
      const created = await newConversation();
      try {
        created.contexts.ria = { leaked: true };
      } catch (error) {
        expect(error).toBeInstanceOf(TypeError); // frozen (memory): the write is refused
      }
      const read = await store.get(created.id);
      expect(read?.contexts).toEqual({});
    });
    it('a citizen message sets lastCitizenSeq and lists the conversation as owing a turn; other events do neither', async () => {
      const { id } = await newConversation();
      await store.append(id, { type: 'message', from: 'bot', text: 'Tere!' });
      expect((await store.get(id))?.lastCitizenSeq).toBe(0);
      expect((await store.owedTurns(0, 1_000)).map((entry) => entry.id)).not.toContain(id);
      await store.append(id, citizen('küsimus', 'client-owed-1'));
      await store.append(id, { type: 'message', from: 'bot', text: 'vastus' });
      const record = await store.get(id);
      expect(record).toMatchObject({ lastSeq: 3, lastCitizenSeq: 2, turnSeq: 0 });
      expect((await store.owedTurns(0, 1_000)).map((entry) => entry.id)).toContain(id);
      expect((await store.update(id, { turnSeq: 2 })).turnSeq).toBe(2);
    });

    it('lists by age, and forgetOwedTurn keeps a listing renewed after the read', async () => {
      const { id } = await newConversation();
      await store.append(id, citizen('one', 'client-owed-2'));
      expect((await store.owedTurns(60_000, 1_000)).map((entry) => entry.id)).not.toContain(id);
      const [read] = (await store.owedTurns(0, 1_000)).filter((entry) => entry.id === id);
      expect(read).toBeDefined();
      await store.append(id, citizen('two', 'client-owed-3'));
      // A renewal within the same millisecond is listed 1 ms later: let the clock pass it.
      await new Promise((resolve) => setTimeout(resolve, 5));
      await store.forgetOwedTurn(id, read.since);
      const [renewed] = (await store.owedTurns(0, 1_000)).filter((entry) => entry.id === id);
      expect(renewed?.since).toBeGreaterThan(read.since);
      await store.forgetOwedTurn(id, renewed.since);
      expect((await store.owedTurns(0, 1_000)).map((entry) => entry.id)).not.toContain(id);
    });

    it('a resend of a stored message renews the listing (its turn may still be owed)', async () => {
      const { id } = await newConversation();
      await store.append(id, citizen('one', 'client-owed-4'));
      const [first] = (await store.owedTurns(0, 1_000)).filter((entry) => entry.id === id);
      await store.forgetOwedTurn(id, first.since);
      expect((await store.append(id, citizen('one', 'client-owed-4'))).duplicate).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 5));
      expect((await store.owedTurns(0, 1_000)).map((entry) => entry.id)).toContain(id);
    });

    it('turn lease: one holder at a time, renewable by its holder, free after release or expiry', async () => {
      const { id } = await newConversation();
      expect(await store.acquireTurnLease(id, 'a', 10_000)).toBe(true);
      expect(await store.acquireTurnLease(id, 'b', 10_000)).toBe(false);
      expect(await store.acquireTurnLease(id, 'a', 10_000)).toBe(true);
      await store.releaseTurnLease(id, 'b');
      expect(await store.acquireTurnLease(id, 'b', 10_000)).toBe(false);
      await store.releaseTurnLease(id, 'a');
      expect(await store.acquireTurnLease(id, 'b', 50)).toBe(true);
      await new Promise((resolve) => setTimeout(resolve, 120));
      expect(await store.acquireTurnLease(id, 'c', 10_000)).toBe(true);
    });

    it('of 20 concurrent lease takers exactly one wins', async () => {
      const { id } = await newConversation();
      const wins = await Promise.all(Array.from({ length: 20 }, (_, i) => store.acquireTurnLease(id, `holder-${i}`, 10_000)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    });

    it('delete also drops the owed-turn listing', async () => {
      const { id } = await newConversation();
      await store.append(id, citizen('one', 'client-owed-5'));
      await store.delete(id);
      expect((await store.owedTurns(0, 10_000)).map((entry) => entry.id)).not.toContain(id);
    });
  });
}

