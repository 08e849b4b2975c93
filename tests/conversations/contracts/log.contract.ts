import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConversationLog, type ConversationBus, type ConversationStore } from '../../../src/conversations/index.js';
import type { BusNotice, ConversationEventBody } from '../../../src/protocol/index.js';
import { expectCode, waitUntil } from './helpers.js';

export interface LogFixture {
  store: ConversationStore;
  bus: ConversationBus;
  dispose(): Promise<void>;
}

/**
 * `ConversationLog` over one backend's store and bus: every new event reaches subscribers exactly once as
 * an `events` notice carrying the event, whether the store publishes it itself (`publishesNotices`) or the
 * log does; duplicates and refused appends publish nothing.
 */
export function describeConversationLog(name: string, create: () => Promise<LogFixture>): void {
  describe(`ConversationLog: ${name}`, () => {
    let fixture: LogFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('publishes one events notice with the event per new append, none for duplicates or refusals', async () => {
      const { store, bus } = fixture;
      const log = new ConversationLog(store, bus);
      const { id } = await store.create({ id: randomUUID(), tokenHash: 'hash', language: 'et' });
      const marker = randomUUID();
      const got: BusNotice[] = [];
      const markers: BusNotice[] = [];
      bus.subscribe(id, (notice) => got.push(notice));
      bus.subscribe(marker, (notice) => markers.push(notice));
      await bus.settled();
      // Text that JSON and Lua string handling could get wrong: quotes, backslashes, non-ASCII, braces.
      const bodies: ConversationEventBody[] = [
        { type: 'message', from: 'citizen', text: 'Tere! "Jõulud" \\ {x} / ä 🙂', clientId: 'client-log-1' },
        { type: 'message', from: 'bot', text: 'Vali:', agency: 'ria', choices: [{ label: 'Pass', value: 'passport' }] },
        { type: 'status', state: 'waiting_human', queuePosition: 1 },
      ];
      const appended = [];
      for (const body of bodies) appended.push((await log.append(id, body)).event);
      expect((await log.append(id, bodies[0])).duplicate).toBe(true);
      await store.update(id, { state: 'closed' });
      await expectCode(log.append(id, { type: 'message', from: 'citizen', text: 'late', clientId: 'client-log-2' }), 'SWB_ERR_CONVERSATION_CLOSED');
      // Published after everything above on the same connection: once it is here, so is every earlier notice.
      await bus.publish({ type: 'typing', conversationId: marker, from: 'bot', active: true });
      await waitUntil(async () => markers.length === 1);
      expect(got).toEqual(appended.map((event) => ({ type: 'events', conversationId: id, seq: event.seq, event })));
      expect(appended).toEqual(await store.eventsAfter(id, 0));
    });
  });
}

