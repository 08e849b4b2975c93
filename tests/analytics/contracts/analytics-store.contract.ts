import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AnalyticsStore } from '../../../src/analytics/index.js';

/** One contract for every `AnalyticsStore` (STYLE.md §4): memory and Redis run the same cases. */
export function describeAnalyticsStore(name: string, create: () => Promise<{ store: AnalyticsStore; dispose(): Promise<void> }>) {
  describe(`AnalyticsStore (${name})`, () => {
    let store: AnalyticsStore;
    let dispose: () => Promise<void>;
    beforeEach(async () => ({ store, dispose } = await create()));
    afterEach(() => dispose());

    it('adds counters and waits per agency and day, apart from other agencies and days', async () => {
      await store.increment('tax', '2026-01-02', 'messages');
      await store.increment('tax', '2026-01-02', 'messages', 2);
      await store.increment('tax', '2026-01-02', 'intent:tax/deadline');
      await store.increment('police', '2026-01-02', 'messages');
      await store.increment('tax', '2026-01-03', 'messages');
      await store.addWait('tax', '2026-01-02', 12.5);
      await store.addWait('tax', '2026-01-02', 3);
      expect(await store.day('tax', '2026-01-02')).toEqual({ counters: { messages: 3, 'intent:tax/deadline': 1 }, waits: [12.5, 3] });
      expect(await store.day('police', '2026-01-02')).toEqual({ counters: { messages: 1 }, waits: [] });
      expect(await store.day('tax', '2026-01-04')).toEqual({ counters: {}, waits: [] });
    });

    it('sees a conversation first once per agency', async () => {
      expect(await store.firstSight('c1', 'tax', 60)).toBe(true);
      expect(await store.firstSight('c1', 'tax', 60)).toBe(false);
      expect(await store.firstSight('c1', 'police', 60)).toBe(true);
      expect(await store.firstSight('c2', 'tax', 60)).toBe(true);
      await store.forget('c1');
      expect(await store.firstSight('c1', 'tax', 60)).toBe(true);
    });

    it('keeps unplaced questions per agency and day range until they expire', async () => {
      const now = Date.now();
      await store.addUnplaced('tax', { day: '2026-01-02', kind: 'fallback', language: 'en', text: 'where is my refund' }, now + 60_000);
      await store.addUnplaced('tax', { day: '2026-01-02', kind: 'fallback', language: 'en', text: 'where is my refund' }, now + 60_000);
      await store.addUnplaced('tax', { day: '2026-01-03', kind: 'abandoned_clarification', language: 'et' }, now + 60_000);
      await store.addUnplaced('tax', { day: '2026-01-03', kind: 'fallback', language: 'en', text: 'gone soon' }, now + 1_000);
      await store.addUnplaced('police', { day: '2026-01-02', kind: 'fallback', language: 'en', text: 'not tax' }, now + 60_000);
      const all = await store.unplaced('tax', '2026-01-01', '2026-01-31', now);
      expect(all.map((q) => q.text ?? '(counted)').sort()).toEqual(['(counted)', 'gone soon', 'where is my refund', 'where is my refund']);
      expect((await store.unplaced('tax', '2026-01-03', '2026-01-03', now + 2_000)).map((q) => q.kind)).toEqual(['abandoned_clarification']);
      expect(await store.unplaced('tax', '2026-01-01', '2026-01-31', now + 61_000)).toEqual([]);
    });
  });
}
