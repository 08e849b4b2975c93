import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ApiKeyStore, PackStore } from '../../../src/conversations/index.js';
import type { AgencyContent } from '../../../src/protocol/index.js';

/** One suite, every PackStore and ApiKeyStore (memory and Redis). */
export interface PackStoreFixture {
  packs: PackStore;
  apiKeys: ApiKeyStore;
  dispose(): Promise<void>;
}

export function content(agency: string, example = 'how do I renew my library card'): AgencyContent {
  return {
    manifest: {
      id: agency,
      name: { en: agency },
      description: { en: agency },
      languages: ['en'],
      allowedOrigins: [],
      theme: { color: '#112233' },
      privacy: { retentionDays: 30, levels: ['delete_on_close'] },
      bot: { type: 'local' },
      operators: { cannedAnswers: [] },
    },
    packs: { en: { language: 'en', intents: [{ name: 'card', examples: [example], answers: ['Yes.'] }], outOfScope: [], synonyms: [] } },
  };
}

export function describePackStore(name: string, create: () => Promise<PackStoreFixture>): void {
  describe(`PackStore and ApiKeyStore contract: ${name}`, () => {
    let fixture: PackStoreFixture;
    beforeEach(async () => {
      fixture = await create();
    });
    afterEach(async () => {
      await fixture.dispose();
    });

    it('keeps drafts per agency: another agency cannot read one under its own id', async () => {
      const { packs } = fixture;
      const id = randomUUID();
      const now = new Date().toISOString();
      await packs.saveDraft({ id, agency: 'library', createdAt: now, updatedAt: now, content: content('library') });
      expect((await packs.draft('library', id))?.content).toEqual(content('library'));
      expect(await packs.draft('museum', id)).toBeUndefined();
      expect(await packs.drafts('museum')).toEqual([]);
      await packs.saveDraft({ id, agency: 'library', createdAt: now, updatedAt: now, content: content('library', 'changed') });
      expect((await packs.drafts('library')).map((draft) => draft.content.packs.en?.intents[0].examples[0])).toEqual(['changed']);
    });

    it('publishes numbered versions, keeps every one, and bumps the network revision each time', async () => {
      const { packs } = fixture;
      expect(await packs.revision()).toBe(0);
      expect(await packs.live()).toEqual({ revision: 0, versions: [] });
      const at = new Date().toISOString();
      const first = await packs.publish('library', content('library', 'one'), { createdAt: at, draftId: 'd1' });
      const other = await packs.publish('museum', content('museum'), { createdAt: at });
      const second = await packs.publish('library', content('library', 'two'), { createdAt: at, rolledBackFrom: 1, forced: true });
      expect([first.version.version, other.version.version, second.version.version]).toEqual([1, 1, 2]);
      expect([first.revision, other.revision, second.revision]).toEqual([1, 2, 3]);
      expect(await packs.revision()).toBe(3);
      expect(await packs.versions('library')).toEqual([
        { agency: 'library', version: 1, createdAt: at, draftId: 'd1' },
        { agency: 'library', version: 2, createdAt: at, rolledBackFrom: 1, forced: true },
      ]);
      expect((await packs.version('library', 1))?.content).toEqual(content('library', 'one'));
      expect(await packs.version('library', 3)).toBeUndefined();
      const live = await packs.live();
      expect(live.revision).toBe(3);
      expect(live.versions.map((v) => [v.agency, v.version, v.content.packs.en?.intents[0].examples[0]])).toEqual([
        ['library', 2, 'two'],
        ['museum', 1, 'how do I renew my library card'],
      ]);
    });

    it('gives concurrent publishes distinct versions and revisions', async () => {
      const { packs } = fixture;
      const at = new Date().toISOString();
      const results = await Promise.all(Array.from({ length: 10 }, (_, i) => packs.publish('library', content('library', `v${i}`), { createdAt: at })));
      expect(new Set(results.map((r) => r.version.version)).size).toBe(10);
      expect(new Set(results.map((r) => r.revision)).size).toBe(10);
      expect((await packs.live()).versions[0].version).toBe(10);
    });

    it('stores API key records, lists and removes them per agency', async () => {
      const { apiKeys } = fixture;
      const at = new Date().toISOString();
      const record = (keyId: string, agency: string) => ({ keyId, agency, salt: 'c2FsdA==', hash: 'aGFzaA==', createdAt: at });
      await apiKeys.add(record('k1', 'library'));
      await apiKeys.add(record('k2', 'library'));
      await apiKeys.add(record('k3', 'museum'));
      expect(await apiKeys.get('k1')).toEqual(record('k1', 'library'));
      expect((await apiKeys.list('library')).map((r) => r.keyId).sort()).toEqual(['k1', 'k2']);
      expect(await apiKeys.remove('museum', 'k1')).toBe(0);
      expect(await apiKeys.remove('library', 'k1')).toBe(1);
      expect(await apiKeys.get('k1')).toBeUndefined();
      expect(await apiKeys.remove('library')).toBe(1);
      expect(await apiKeys.list('library')).toEqual([]);
      expect((await apiKeys.list('museum')).map((r) => r.keyId)).toEqual(['k3']);
    });
  });
}
