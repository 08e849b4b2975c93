import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createMemoryBackend, createRedisBackend, type Backend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { OperatorClient, api, signInDemo } from '../helpers/operator-client.js';

const redisUrl = inject('redisUrl');

/**
 * Every key in the test's own Redis, and every member, field and value inside it, that names `id`. Not only
 * our prefix: an erased conversation must not survive anywhere, under any name we might have forgotten.
 */
async function tracesOf(admin: Redis, ids: string[]): Promise<string[]> {
  const found: string[] = [];
  const note = (key: string, where: string, text: string) => {
    for (const id of ids) if (text.includes(id)) found.push(`${key} (${where}) names ${id}`);
  };
  let cursor = '0';
  do {
    const [next, keys] = await admin.scan(cursor, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      note(key, 'key', key);
      const type = await admin.type(key);
      if (type === 'string') note(key, 'value', (await admin.get(key)) ?? '');
      else if (type === 'hash') note(key, 'hash', JSON.stringify(await admin.hgetall(key)));
      else if (type === 'zset') note(key, 'zset member', JSON.stringify(await admin.zrange(key, '0', '-1')));
      else if (type === 'set') note(key, 'set member', JSON.stringify(await admin.smembers(key)));
      else if (type === 'list') note(key, 'list item', JSON.stringify(await admin.lrange(key, 0, -1)));
      else if (type === 'stream') note(key, 'stream entry', JSON.stringify(await admin.xrange(key, '-', '+')));
    }
  } while (cursor !== '0');
  return found;
}

/** A conversation with everything that leaves traces: messages (owed turns, rate-limit counter), a turn lease, a handoff. */
async function busyConversation(server: RunningServer): Promise<{ client: WidgetClient; id: string; token: string }> {
  const client = await WidgetClient.connect(server.url);
  const welcome = await client.hello({ language: 'et', agency: 'police' });
  await ask(server, client, 'Minu isikukood on 37605030299, kaotasin passi');
  await ask(server, client, 'Tahan rääkida inimesega');
  return { client, id: welcome.conversationId, token: welcome.token };
}

describe.each(['memory', 'redis'] as const)('erasure and download on %s', (kind) => {
  let backends: Backend[] = [];
  let servers: RunningServer[] = [];
  let admin: Redis | undefined;
  const logLines: string[] = [];

  beforeAll(async () => {
    const prefix = `swb:test-${randomUUID()}:`;
    const logger = createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } });
    if (kind === 'redis') {
      admin = new Redis(redisUrl);
      // Two instances on one Redis: erasure must reach the widgets on both.
      backends = [await createRedisBackend(redisUrl, { prefix, logger }), await createRedisBackend(redisUrl, { prefix, logger })];
    } else backends = [createMemoryBackend()];
    servers = await Promise.all(backends.map((backend) => startTestServer({ backend, logger })));
  }, 120_000);

  afterAll(async () => {
    await Promise.all(servers.map((server) => server.close()));
    await Promise.all(backends.map((backend) => backend.close()));
    admin?.disconnect();
  });

  it('downloads everything stored, only with the right token', async () => {
    const [server] = servers;
    const { client, token, id } = await busyConversation(server);
    const response = await fetch(`${server.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const transcript = (await response.json()) as { conversation: Record<string, unknown>; events: Array<{ seq: number; type: string; from?: string; text?: string }> };
    expect(transcript.conversation).toMatchObject({ id, language: 'et', privacyLevel: 'delete_on_close' });
    expect(transcript.conversation).not.toHaveProperty('tokenHash');
    expect(transcript.conversation).not.toHaveProperty('contexts');
    const stored = await server.backend.store.eventsAfter(id, 0);
    expect(transcript.events.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
    expect(transcript.events.filter((e) => e.from === 'citizen').map((e) => e.text)).toEqual(['Minu isikukood on 37605030299, kaotasin passi', 'Tahan rääkida inimesega']);

    const forged = `${id}.${'x'.repeat(32)}`;
    for (const authorization of [`Bearer ${forged}`, 'Bearer nonsense-token', 'Basic abc', '']) {
      const refused = await fetch(`${server.url}/api/conversation/transcript`, { headers: authorization ? { authorization } : {} });
      expect(refused.status, authorization).toBe(401);
      expect(JSON.stringify(await refused.json())).not.toContain('37605030299');
    }
    await client.close();
  });

  it('erases from every store and index, tells every open widget, logs without content', async () => {
    const [server, other = servers[0]] = servers;
    const kept = await busyConversation(server);
    const bySocket = await busyConversation(server);
    const byHttp = await busyConversation(server);
    // A second widget on the other instance, resumed into the conversation erased over HTTP.
    const watcher = await WidgetClient.connect(other.url);
    await watcher.hello({ token: byHttp.token });
    await Promise.all(servers.map((s) => s.router.drain()));

    bySocket.client.send({ type: 'action', action: 'delete' });
    await bySocket.client.next('status', (frame) => frame.reason === 'deleted');
    const response = await fetch(`${server.url}/api/conversation`, { method: 'DELETE', headers: { authorization: `Bearer ${byHttp.token}` } });
    expect(response.status).toBe(204);
    await byHttp.client.next('status', (frame) => frame.reason === 'deleted');
    await watcher.next('status', (frame) => frame.reason === 'deleted');
    await Promise.all(servers.map((s) => s.router.drain()));

    const erased = [bySocket.id, byHttp.id];
    for (const id of erased) {
      expect(await server.backend.store.get(id)).toBeUndefined();
      await expect(server.backend.store.eventsAfter(id, 0)).rejects.toMatchObject({ code: 'SWB_ERR_CONVERSATION_NOT_FOUND' });
      expect((await server.backend.store.owedTurns(0, 10_000)).map((owed) => owed.id)).not.toContain(id);
      // The lease is gone too: any holder may take it at once.
      expect(await server.backend.store.acquireTurnLease(id, 'someone-else', 1000)).toBe(true);
      await server.backend.store.releaseTurnLease(id, 'someone-else');
    }
    // The token no longer opens anything: neither the download nor a resume.
    expect((await fetch(`${server.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${byHttp.token}` } })).status).toBe(401);

    if (admin) {
      // The scan finds the conversation that was kept (so it can find things), and nothing of the erased ones.
      expect((await tracesOf(admin, [kept.id])).length).toBeGreaterThan(0);
      expect(await tracesOf(admin, erased)).toEqual([]);
    }
    const erasures = logLines.filter((line) => line.includes('"conversation erased"'));
    expect(erasures.filter((line) => erased.some((id) => line.includes(id)))).toHaveLength(2);
    expect(logLines.join('\n')).not.toContain('37605030299');
    await Promise.all([kept.client.close(), bySocket.client.close(), byHttp.client.close(), watcher.close()]);
  });

  it('an operator watching the conversation is told it was erased; nothing of it is served afterwards', async () => {
    const [server, other = servers[0]] = servers;
    const { client, id } = await busyConversation(server);
    const { token } = await signInDemo(other.url, 'jaan');
    const operator = await OperatorClient.connect(other.url, token);
    expect(await operator.command({ type: 'watch', conversationId: id })).toMatchObject({ type: 'done' });
    client.send({ type: 'action', action: 'delete' });
    await operator.waitFor((frame) => frame.type === 'erased' && frame.conversationId === id);
    // The same answer as for an id that never existed: the API is no oracle for what was erased.
    expect((await api(other.url, token, 'GET', `/api/operators/conversations/${id}`)).status).toBe(403);
    operator.close();
    await client.close();
  });
});
