import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationBus } from '../../../src/conversations/index.js';
import type { BusNotice } from '../../../src/protocol/index.js';
import { waitUntil } from './helpers.js';

/** One suite, every ConversationBus (memory and Redis pub/sub). */
export interface BusFixture {
  bus: ConversationBus;
  dispose(): Promise<void>;
}

export function describeConversationBus(name: string, create: () => Promise<BusFixture>): void {
  describe(`ConversationBus contract: ${name}`, () => {
    let fixture: BusFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('delivers a notice to the subscribers of its conversation only, once', async () => {
      const { bus } = fixture;
      const [a, b] = [randomUUID(), randomUUID()];
      const gotA: BusNotice[] = [];
      const gotA2: BusNotice[] = [];
      const gotB: BusNotice[] = [];
      const gotAll: BusNotice[] = [];
      bus.subscribe(a, (notice) => gotA.push(notice));
      bus.subscribe(a, (notice) => gotA2.push(notice));
      bus.subscribe(b, (notice) => gotB.push(notice));
      bus.subscribeAll((notice) => gotAll.push(notice));
      await fixture.bus.settled();
      const notice: BusNotice = { type: 'events', conversationId: a, seq: 3 };
      await bus.publish(notice);
      // A marker on b, published after: once b has it, a's notice has been delivered everywhere it would be.
      await bus.publish({ type: 'typing', conversationId: b, from: 'bot', active: true });
      await waitUntil(async () => gotB.length === 1);
      expect(gotA).toEqual([notice]);
      expect(gotA2).toEqual([notice]);
      expect(gotB).toEqual([{ type: 'typing', conversationId: b, from: 'bot', active: true }]);
      expect(gotAll).toEqual([]);
    });

    it('delivers service notices to subscribeAll listeners', async () => {
      const { bus } = fixture;
      const id = randomUUID();
      const gotAll: BusNotice[] = [];
      const gotOne: BusNotice[] = [];
      bus.subscribeAll((notice) => gotAll.push(notice));
      bus.subscribe(id, (notice) => gotOne.push(notice));
      await fixture.bus.settled();
      await bus.publish({ type: 'service', status: 'degraded' });
      await waitUntil(async () => gotAll.length === 1);
      expect(gotAll).toEqual([{ type: 'service', status: 'degraded' }]);
      expect(gotOne).toEqual([]);
    });

    it('stops delivering after unsubscribe, keeps other listeners', async () => {
      const { bus } = fixture;
      const id = randomUUID();
      const marker = randomUUID();
      const gone: BusNotice[] = [];
      const kept: BusNotice[] = [];
      const markers: BusNotice[] = [];
      const unsubscribe = bus.subscribe(id, (notice) => gone.push(notice));
      const unsubscribeKept = bus.subscribe(id, (notice) => kept.push(notice));
      bus.subscribe(marker, (notice) => markers.push(notice));
      await fixture.bus.settled();
      unsubscribe();
      unsubscribe(); // twice is harmless
      await bus.publish({ type: 'events', conversationId: id, seq: 1 });
      await waitUntil(async () => kept.length === 1);
      unsubscribeKept();
      await fixture.bus.settled();
      await bus.publish({ type: 'events', conversationId: id, seq: 2 });
      await bus.publish({ type: 'events', conversationId: marker, seq: 1 });
      await waitUntil(async () => markers.length === 1);
      expect(gone).toEqual([]);
      expect(kept).toEqual([{ type: 'events', conversationId: id, seq: 1 }]);
    });

    it('keeps per-conversation publish order', async () => {
      const { bus } = fixture;
      const id = randomUUID();
      const got: number[] = [];
      bus.subscribe(id, (notice) => notice.type === 'events' && got.push(notice.seq));
      await fixture.bus.settled();
      for (let seq = 1; seq <= 50; seq++) await bus.publish({ type: 'events', conversationId: id, seq });
      await waitUntil(async () => got.length === 50);
      expect(got).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    });
  });
}

