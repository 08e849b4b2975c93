import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HandoverRecord, OperatorStore } from '../../../src/operators/index.js';
import type { RoutingDecision } from '../../../src/protocol/index.js';

export interface OperatorStoreFixture {
  store: OperatorStore;
  /** A second store on the same backing service (another instance), when there is one. */
  peer?: OperatorStore;
  dispose(): Promise<void>;
}

const record = (agency = 'tax', id = randomUUID()): HandoverRecord => ({
  conversationId: id,
  agency,
  state: 'queued',
  reason: 'the citizen asked for a person',
  language: 'en',
  queuedAt: new Date().toISOString(),
});

const decision = (rule: RoutingDecision['rule']): RoutingDecision => ({ rule, language: 'en', languageConfidence: 1, confidence: 0.9, top: [], evidence: [], reason: 'test' });

/** The `OperatorStore` contract (src/operators/store.ts), run on every implementation. */
export function describeOperatorStore(name: string, create: () => Promise<OperatorStoreFixture>): void {
  describe(`OperatorStore (${name})`, () => {
    let fixture: OperatorStoreFixture;
    let store: OperatorStore;
    beforeAll(async () => {
      fixture = await create();
      store = fixture.store;
    });
    afterAll(() => fixture?.dispose());
    const agency = () => `a-${randomUUID().slice(0, 8)}`;

    it('keeps one signing secret, the same for every instance', async () => {
      const secret = await store.secret();
      expect(secret.length).toBeGreaterThanOrEqual(32);
      expect(await store.secret()).toBe(secret);
      if (fixture.peer) expect(await fixture.peer.secret()).toBe(secret);
    });

    it('queues in order, returns places, moves an id to the front, and dequeues', async () => {
      const queue = agency();
      expect(await store.enqueue(queue, 'c1')).toBe(1);
      expect(await store.enqueue(queue, 'c2')).toBe(2);
      expect(await store.enqueue(queue, 'c3')).toBe(3);
      expect(await store.enqueue(queue, 'c3', true)).toBe(1);
      expect(await store.queue(queue)).toEqual(['c3', 'c1', 'c2']);
      expect(await store.enqueue(queue, 'c1')).toBe(3);
      await store.dequeue(queue, 'c3');
      expect(await store.queue(queue)).toEqual(['c2', 'c1']);
      expect(await store.queue(agency())).toEqual([]);
    });

    it('saves handovers and lists an agency board newest first', async () => {
      const board = agency();
      const first = record(board);
      const second = record(board);
      await store.saveHandover(first);
      await store.saveHandover(second);
      expect(await store.handover(first.conversationId)).toEqual(first);
      expect((await store.board(board)).map((r) => r.conversationId)).toEqual([second.conversationId, first.conversationId]);
      await store.saveHandover({ ...first, state: 'claimed', holder: { id: 'mari', name: 'Mari' } });
      expect((await store.board(board)).map((r) => r.conversationId)).toEqual([first.conversationId, second.conversationId]);
      expect((await store.handover(first.conversationId))?.holder).toEqual({ id: 'mari', name: 'Mari' });
      expect(await store.handover(randomUUID())).toBeUndefined();
    });

    it('updateHandover writes only while the handover exists: a forgotten (erased) conversation stays gone', async () => {
      const board = agency();
      const kept = record(board);
      await store.saveHandover(kept);
      expect(await store.updateHandover({ ...kept, toldPosition: 7 })).toBe(true);
      expect((await store.handover(kept.conversationId))?.toldPosition).toBe(7);
      await store.forget(kept.conversationId);
      expect(await store.updateHandover({ ...kept, toldPosition: 8 })).toBe(false);
      expect(await store.handover(kept.conversationId)).toBeUndefined();
      expect((await store.board(board)).map((r) => r.conversationId)).not.toContain(kept.conversationId);
    });

    it('expireIn forgets the handover, notes and decisions after the retention, and the board drops it', async () => {
      const board = agency();
      const closing = record(board);
      await store.saveHandover(closing);
      await store.addDecision(closing.conversationId, { rule: 'route', language: 'en', languageConfidence: 1, confidence: 1, top: [], evidence: [], reason: 'test' });
      await store.expireIn(closing.conversationId, 1);
      const until = Date.now() + 15_000;
      while ((await store.handover(closing.conversationId)) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(await store.handover(closing.conversationId)).toBeUndefined();
      expect(await store.decisions(closing.conversationId)).toEqual([]);
      expect((await store.board(board)).map((r) => r.conversationId)).not.toContain(closing.conversationId);
    });

    it('indexes what each operator holds', async () => {
      const operator = `op-${randomUUID().slice(0, 8)}`;
      await store.hold(operator, 'x');
      await store.hold(operator, 'y');
      await store.release(operator, 'x');
      expect(await store.held(operator)).toEqual(['y']);
    });

    it('keeps notes in order and the last decisions', async () => {
      const id = randomUUID();
      await store.addNote(id, { at: 't1', author: { id: 'mari', name: 'Mari' }, text: 'one' });
      await store.addNote(id, { at: 't2', author: { id: 'jaan', name: 'Jaan' }, text: 'two' });
      expect((await store.notes(id)).map((note) => note.text)).toEqual(['one', 'two']);
      for (let i = 0; i < 25; i++) await store.addDecision(id, decision(i === 24 ? 'shared' : 'route'));
      const kept = await store.decisions(id);
      expect(kept).toHaveLength(20);
      expect(kept.at(-1)?.rule).toBe('shared');
    });

    it('availability defaults to online; connections count across instances', async () => {
      const operator = `op-${randomUUID().slice(0, 8)}`;
      expect(await store.availability(operator)).toBe('online');
      await store.setAvailability(operator, 'away');
      expect(await (fixture.peer ?? store).availability(operator)).toBe('away');
      expect(await store.connections(operator, 1)).toBe(1);
      expect(await (fixture.peer ?? store).connections(operator, 1)).toBe(2);
      expect(await store.connections(operator, -1)).toBe(1);
      expect(await store.connections(operator, 0)).toBe(1);
    });

    it('session versions and revocations are shared', async () => {
      const operator = `op-${randomUUID().slice(0, 8)}`;
      expect(await store.sessionVersion(operator)).toBe(0);
      expect(await store.bumpSessionVersion(operator)).toBe(1);
      expect(await (fixture.peer ?? store).sessionVersion(operator)).toBe(1);
      const session = randomUUID();
      expect(await store.isRevoked(session)).toBe(false);
      await store.revoke(session, 60);
      expect(await (fixture.peer ?? store).isRevoked(session)).toBe(true);
    });

    it('forgets a deleted conversation: handover, notes, decisions, queue and board places', async () => {
      const board = agency();
      const kept = record(board);
      const gone = { ...record(board), holder: { id: 'op-x', name: 'X' } };
      for (const r of [kept, gone]) {
        await store.saveHandover(r);
        await store.enqueue(board, r.conversationId);
      }
      await store.hold('op-x', gone.conversationId);
      await store.addNote(gone.conversationId, { at: 't', author: { id: 'op-x', name: 'X' }, text: 'n' });
      await store.addDecision(gone.conversationId, decision('route'));
      await store.forget(gone.conversationId);
      expect(await store.handover(gone.conversationId)).toBeUndefined();
      expect(await store.notes(gone.conversationId)).toEqual([]);
      expect(await store.decisions(gone.conversationId)).toEqual([]);
      expect(await store.queue(board)).toEqual([kept.conversationId]);
      expect((await store.board(board)).map((r) => r.conversationId)).toEqual([kept.conversationId]);
      expect(await store.held('op-x')).not.toContain(gone.conversationId);
    });

    it('keeps contact requests per agency', async () => {
      const target = agency();
      const request = { at: new Date().toISOString(), conversationId: randomUUID(), agency: target, request: { name: 'Anu', email: 'anu@example.org', question: 'When can I call?' } };
      await store.addContactRequest(request);
      expect(await store.contactRequests(target)).toEqual([request]);
      expect(await store.contactRequests(agency())).toEqual([]);
    });
  });
}
