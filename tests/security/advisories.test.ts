import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { HttpBot, parseYamlWith } from '../../src/agencies/index.js';
import { createRedisBackend, parseToken, type RedisBackend } from '../../src/conversations/index.js';
import { loadIntentModel } from '../../src/nlu/index.js';
import { AgencyId, AgencyManifest, type BotRequest } from '../../src/protocol/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/**
 * One named test per class of hole found in peer chat platforms (docs/SECURITY.md, "Peer advisories"), so
 * the same hole cannot open here unnoticed. Each runs against real parts: a server on the test's own Redis,
 * real sockets, real HTTP.
 */
const redisUrl = inject('redisUrl');
let backend: RedisBackend;
let server: RunningServer;
let admin: Redis;
const prefix = `swb:test-${randomUUID()}:`;

beforeAll(async () => {
  backend = await createRedisBackend(redisUrl, { prefix });
  server = await startTestServer({ backend });
  admin = new Redis(redisUrl);
}, 60_000);

afterAll(async () => {
  await server?.close();
  await backend?.close();
  admin?.disconnect();
});

async function keys(): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    found.push(...batch);
  } while (cursor !== '0');
  return found;
}

async function conversation(text = 'When will I get my tax refund?') {
  const client = await WidgetClient.connect(server.url);
  const welcome = await client.hello({ language: 'en', agency: 'tax' });
  await ask(server, client, text);
  return { client, welcome };
}

describe('CVE-2025-21628, CVE-2021-22911: injection through filters or ids', () => {
  it('tokens that are objects, patterns or key syntax open nothing and write no key', async () => {
    const { client, welcome } = await conversation();
    const before = await keys();
    const hostile = ['*.aaaaaaaaaaaa', `${welcome.conversationId}}*.aaaaaaaaaa`, '{x}:rec.aaaaaaaaaa', 'a\r\nFLUSHALL\r\n.aaaaaaaaaa', '../../etc/passwd.aaaaaaaa', `${welcome.conversationId}.*`];
    for (const token of hostile) {
      const socket = await WidgetClient.connect(server.url);
      socket.send({ type: 'hello', token });
      expect((await socket.next('error')).code, token).toMatch(/SWB_ERR_TOKEN_INVALID|SWB_ERR_PROTOCOL_INVALID/);
      await socket.close();
      const http = await fetch(`${server.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${token.replace(/[\r\n]/g, '')}` } });
      expect(http.status, token).toBe(401);
    }
    // NoSQL-style operator objects are not strings: refused by the schema before any lookup.
    for (const token of [{ $ne: null }, { $gt: '' }, ['a', 'b']]) {
      const socket = await WidgetClient.connect(server.url);
      socket.send({ type: 'hello', token });
      expect(await socket.next('error')).toMatchObject({ code: 'SWB_ERR_PROTOCOL_INVALID' });
      await socket.close();
    }
    // Nothing new but the per-address request counters (the API's and the download route's, named after
    // 127.0.0.1, not the input).
    const added = (await keys()).filter((key) => !before.includes(key));
    expect(added.filter((key) => !key.startsWith(`${prefix}rl:citizen-data-ip:`) && key !== `${prefix}rl:api-ip:127.0.0.1`)).toEqual([]);
    expect(await server.backend.store.get(welcome.conversationId)).toBeDefined();
    await client.close();
  });
});

describe('CVE-2026-115725, CVE-2026-48616: cross-tenant reads', () => {
  it("one conversation's token never opens another's, over the socket or the download", async () => {
    const a = await conversation('tax refund for conversation A');
    const b = await conversation('tax refund for conversation B');
    const secretA = parseToken(a.welcome.token)?.secret ?? '';
    const crossed = `${b.welcome.conversationId}.${secretA}`;
    const socket = await WidgetClient.connect(server.url);
    socket.send({ type: 'hello', token: crossed });
    expect(await socket.next('error')).toMatchObject({ code: 'SWB_ERR_TOKEN_INVALID' });
    expect(socket.frames.some((frame) => frame.type === 'message')).toBe(false);
    await socket.close();
    expect((await fetch(`${server.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${crossed}` } })).status).toBe(401);
    const own = await (await fetch(`${server.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${a.welcome.token}` } })).text();
    expect(own).toContain('conversation A');
    expect(own).not.toContain('conversation B');
    await Promise.all([a.client.close(), b.client.close()]);
  });
});

describe('Rocket.Chat livechat history: unauthenticated history reads', () => {
  it('history is replayed only to the token holder; a hello without one, or with an erased one, replays nothing', async () => {
    const { client, welcome } = await conversation('history that must stay private');
    const stranger = await WidgetClient.connect(server.url);
    await stranger.hello({ language: 'en', agency: 'tax', lastSeq: 0 });
    await stranger.waitForSeq(1);
    expect(JSON.stringify(stranger.frames)).not.toContain('history that must stay private');
    await stranger.close();

    client.send({ type: 'action', action: 'delete' });
    await client.next('status', (frame) => frame.reason === 'deleted');
    const late = await WidgetClient.connect(server.url);
    late.send({ type: 'hello', token: welcome.token, lastSeq: 0 });
    expect(await late.next('error')).toMatchObject({ code: 'SWB_ERR_TOKEN_INVALID' });
    expect(JSON.stringify(late.frames)).not.toContain('history that must stay private');
    await late.close();
  });

  it('resume tokens cannot be guessed or recovered from storage: 192-bit secrets, only their hash stored', async () => {
    const { client, welcome } = await conversation();
    const secret = parseToken(welcome.token)?.secret ?? '';
    expect(Buffer.from(secret, 'base64url').length).toBe(24);
    const record = await admin.hgetall(`${prefix}conv:{${welcome.conversationId}}:rec`);
    expect(JSON.stringify(record)).not.toContain(secret);
    await client.close();
  });
});

describe('CVE-2021-3741: stored XSS through messages, bot answers, names or uploads', () => {
  let dir: string;
  let xss: RunningServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'swb-xss-'));
    await mkdir(join(dir, 'xss', 'intents'), { recursive: true });
    await writeFile(join(dir, 'xss', 'manifest.yaml'), `id: xss\nname: { en: "<script>alert('name')</script>" }\ndescription: { en: "<img src=x onerror=alert(1)>" }\nlanguages: [en]\n`);
    await writeFile(join(dir, 'xss', 'intents', 'en.yaml'), `language: en\nintents:\n  - name: museum_tickets\n    examples: [museum ticket prices, how much is a museum ticket, buy tickets for the museum, museum entry fee]\n    answers: ["<script>alert('answer')</script>"]\n`);
    xss = await startTestServer({ agenciesDir: dir, modelCacheDir: false });
  }, 60_000);
  afterAll(async () => {
    await xss?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('markup in agency names, unknown agency ids and bot answers never reaches a page as markup; pages forbid inline script', async () => {
    const embed = await fetch(`${xss.url}/embed?agency=xss&lang=en`);
    const html = await embed.text();
    expect(html).not.toContain("<script>alert('name')");
    expect(html).not.toContain('<img src=x onerror');
    const csp = embed.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).not.toContain('unsafe-inline');
    const unknown = await (await fetch(`${xss.url}/embed?agency=${encodeURIComponent('<img src=x onerror=alert(1)>')}`)).text();
    expect(unknown).not.toContain('<img src=x onerror');
    for (const path of ['/', '/demo/strict']) {
      const page = await (await fetch(`${xss.url}${path}?agency=${encodeURIComponent('"><script>alert(1)</script>')}`)).text();
      expect(page, path).not.toContain('<script>alert(1)</script>');
    }
    // Bot answers travel as JSON text; the widget renders them with textContent (browser test:
    // tests/browser/widget-chat.test.ts › "renders hostile markup from the citizen and from an operator as text").
    const client = await WidgetClient.connect(xss.url);
    await client.hello({ language: 'en', agency: 'xss' });
    const replies = await ask(xss, client, 'how much is a museum ticket');
    expect(replies.map((r) => r.text)).toContain("<script>alert('answer')</script>");
    await client.close();
  });
});

// CVE-2022-3741 (sign-in brute force) and CVE-2021-3740 (sessions surviving a password change) landed with
// the operators issue, with their tests: tests/operators/sessions.test.ts (docs/SECURITY.md names them).

describe('CVE-2021-3742: SSRF through bot URLs', () => {
  it('a manifest naming a metadata or link-local address, or credentials in the URL, is refused', () => {
    for (const url of ['http://169.254.169.254/latest/meta-data', 'http://metadata.google.internal/computeMetadata', 'http://[fe80::1]/bot', 'http://user:pass@bots.example/bot', 'file:///etc/passwd', 'http://0.0.0.0:8080/']) {
      const source = `id: lib\nname: { en: L }\ndescription: { en: L }\nlanguages: [en]\nbot: { type: http, url: "${url}" }\n`;
      expect(() => parseYamlWith(AgencyManifest, source, 'manifest.yaml'), url).toThrow(expect.objectContaining({ code: 'SWB_ERR_PACK_INVALID' }));
    }
  });

  it('a bot that redirects is not followed', async () => {
    let internalHits = 0;
    const target: Server = createServer((req, res) => {
      if (req.url === '/internal') internalHits++;
      if (req.url === '/bot') {
        res.statusCode = 302;
        res.setHeader('location', '/internal');
        res.end();
        return;
      }
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ replies: [{ text: 'secret internal page' }] }));
    });
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
    const port = (target.address() as { port: number }).port;
    const request: BotRequest = { conversationId: 'c', agency: 'lib', text: 'hi', language: 'en', decision: { rule: 'route', language: 'en', languageConfidence: 1, confidence: 1, top: [], evidence: [], reason: 'x' }, context: {} };
    await expect(new HttpBot('lib', `http://127.0.0.1:${port}/bot`, 2000).handle(request)).rejects.toMatchObject({ code: 'SWB_ERR_AGENCY_FAILED' });
    expect(internalHits).toBe(0);
    target.closeAllConnections();
    await new Promise((resolve) => target.close(resolve));
  });
});

describe('CVE-2024-49375 (model loading), GHSA-4365-fhm5-qcrx (zip-slip): loading from untrusted input', () => {
  it('a tampered model file is data, never code: refused by its schema, no prototype pollution', () => {
    const hostile = JSON.parse('{"__proto__": {"polluted": "yes"}, "constructor": {"prototype": {"polluted": "yes"}}, "kind": "tfidf-softmax", "version": 1}');
    expect(() => loadIntentModel(hostile)).toThrow();
    expect(() => loadIntentModel({ kind: "require('child_process').exec('id')" })).toThrow();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('agency ids, which name folders and keys, cannot step out of their folder', () => {
    for (const id of ['..', '../tax', 'a/b', 'a\\b', 'tax/../../etc', '.hidden', 'x'.repeat(40), 'Tax', 'a b']) {
      expect(AgencyId.safeParse(id).success, id).toBe(false);
    }
  });
});
