import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMemoryBackend, createRedisBackend, type Backend } from '../../src/conversations/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

const redisUrl = inject('redisUrl');

/** Resolves once `check` holds; the bound only keeps a broken build from hanging (no timing is asserted). */
async function eventually(check: () => Promise<boolean>, boundMs = 30_000): Promise<void> {
  const until = Date.now() + boundMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function keysNaming(admin: Redis, id: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      if (key.includes(id)) found.push(key);
      else if ((await admin.type(key)) === 'zset' && (await admin.zscore(key, id)) !== null) found.push(`${key} member`);
    }
  } while (cursor !== '0');
  return found;
}

/**
 * An agency with a retention of two seconds. Each privacy level is honoured when the conversation closes:
 * `delete_on_close` after the (shortened) grace, `keep_for_retention` and `keep_and_improve` after the
 * retention; a level the agency does not offer is refused; an open conversation is not purged.
 */
describe.each(['memory', 'redis'] as const)('retention on %s', (kind) => {
  let backend: Backend;
  let server: RunningServer;
  let dir: string;
  let admin: Redis | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swb-retention-'));
    await mkdir(join(dir, 'archive', 'intents'), { recursive: true });
    await writeFile(
      join(dir, 'archive', 'manifest.yaml'),
      'id: archive\nname: { en: National Archives }\ndescription: { en: Records }\nlanguages: [en]\nprivacy: { retentionDays: 30, retentionSeconds: 2, levels: [keep_for_retention, delete_on_close] }\n',
    );
    await writeFile(
      join(dir, 'archive', 'intents', 'en.yaml'),
      'language: en\nintents:\n  - name: records\n    examples:\n      - old archive records\n      - archive documents request\n      - search the national archives\n    answers:\n      - Ask the reading room.\n',
    );
    if (kind === 'redis') {
      admin = new Redis(redisUrl);
      backend = await createRedisBackend(redisUrl, { prefix: `swb:test-${randomUUID()}:` });
    } else backend = createMemoryBackend();
    server = await startTestServer({ agenciesDir: dir, modelCacheDir: false, backend, deleteOnCloseAfterSeconds: 1, turns: { sweepEveryMs: 200, sweepAfterMs: 0 } });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await backend?.close();
    admin?.disconnect();
    await rm(dir, { recursive: true, force: true });
  });

  async function conversation(privacyLevel?: string, close = true) {
    const client = await WidgetClient.connect(server.url);
    const welcome = await client.hello({ language: 'en', agency: 'archive', ...(privacyLevel ? { privacyLevel } : {}) });
    await ask(server, client, 'old archive records for 37605030299');
    if (close) {
      client.send({ type: 'action', action: 'end' });
      await client.next('status', (frame) => frame.state === 'closed');
    }
    await client.close();
    return welcome.conversationId;
  }

  it('purges closed conversations per level, with their log, indexes and counters; keeps open ones', async () => {
    const kept = await conversation('keep_for_retention');
    const deleted = await conversation('delete_on_close');
    const byDefault = await conversation(undefined);
    const open = await conversation('keep_for_retention', false);
    expect((await server.backend.store.get(byDefault))?.privacyLevel).toBe('keep_for_retention');

    for (const id of [kept, deleted, byDefault]) await eventually(async () => (await server.backend.store.get(id)) === undefined);
    expect(await server.backend.store.get(open)).toBeDefined();
    for (const id of [kept, deleted, byDefault]) {
      await expect(server.backend.store.eventsAfter(id, 0)).rejects.toMatchObject({ code: 'SWB_ERR_CONVERSATION_NOT_FOUND' });
    }
    // Redis: nothing left naming them once the owed-turn sweeper and the rate-limit window (10 s) have passed.
    if (admin) for (const id of [kept, deleted, byDefault]) await eventually(async () => (await keysNaming(admin as Redis, id)).length === 0);
  }, 60_000);

  it('refuses a privacy level the agency does not offer, at hello and later', async () => {
    const client = await WidgetClient.connect(server.url);
    client.send({ type: 'hello', language: 'en', agency: 'archive', privacyLevel: 'keep_and_improve' });
    const error = await client.next('error');
    expect(error).toMatchObject({ code: 'SWB_ERR_PROTOCOL_INVALID' });
    expect(error.message).toMatch(/keep_and_improve/);
    await client.close();

    const other = await WidgetClient.connect(server.url);
    const welcome = await other.hello({ language: 'en', agency: 'archive' });
    other.send({ type: 'privacy', level: 'keep_and_improve' });
    await other.next('error', (frame) => frame.code === 'SWB_ERR_PROTOCOL_INVALID');
    expect((await server.backend.store.get(welcome.conversationId))?.privacyLevel).toBe('keep_for_retention');
    await other.close();
  });
});
