import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config/index.js';
import { ClientFrame, OperatorClientFrame } from '../../src/protocol/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/**
 * docs/SECURITY.md's authorisation table against the running app: every route the app serves and every
 * frame the widget protocol has must have a row, and every row must name a test that exists.
 */
const DOC = readFileSync(join(PROJECT_ROOT, 'docs', 'SECURITY.md'), 'utf8');
const ROWS = [...DOC.matchAll(/^\| `((?:GET|POST|PUT|PATCH|DELETE|WS|OPS) [^`]+)` \|(.*)\|$/gm)].map((match) => ({ route: match[1], rest: match[2] }));

let server: RunningServer;
/** The app's routes, content-hashed asset names normalised (`app.<hash>.js`) so the table need not change per build. */
const routes = () => [...new Set(server.routes().map((route) => route.replace(/\.[0-9a-f]{12}\.(js|css)$/, '.<hash>.$1')))].sort();

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

describe('the authorisation table (docs/SECURITY.md)', () => {
  it('has a row for every HTTP route the app serves', () => {
    const documented = new Set(ROWS.map((row) => row.route));
    const missing = routes().filter((route) => !documented.has(route));
    expect(missing, 'add a row to docs/SECURITY.md for each').toEqual([]);
  });

  it('has a row for every widget frame and every operator frame', () => {
    const documented = new Set(ROWS.map((row) => row.route));
    expect(ClientFrame.options.map((option) => `WS ${option.shape.type.value}`).filter((row) => !documented.has(row))).toEqual([]);
    expect(OperatorClientFrame.options.map((option) => `OPS ${option.shape.type.value}`).filter((row) => !documented.has(row))).toEqual([]);
    expect(documented.has('WS /ws (upgrade)')).toBe(true);
  });

  it('every row, and every peer advisory, names a test file that exists and a test in it', () => {
    const broken: string[] = [];
    // Advisory rows name tests of advisories.test.ts by their title alone; other files with their path.
    const advisories = [...DOC.slice(DOC.indexOf('## Peer advisories')).matchAll(/^\| ((?:CVE|GHSA|Rocket)[^|]*)\|[^|]*\|(.*)\|$/gm)].map((match) => ({
      route: match[1].trim(),
      rest: match[2].replace(/(^\s*|; )"/g, '$1`tests/security/advisories.test.ts` › "'),
    }));
    expect(advisories.length).toBeGreaterThanOrEqual(8);
    for (const row of [...ROWS, ...advisories]) {
      const refs = [...row.rest.matchAll(/`(tests\/[^`]+\.test\.ts)` › "([^"]+)"/g)];
      if (refs.length === 0) broken.push(`${row.route}: no test named`);
      for (const [, file, name] of refs) {
        const path = join(PROJECT_ROOT, file);
        if (!existsSync(path) || !readFileSync(path, 'utf8').includes(name)) broken.push(`${row.route}: ${file} › "${name}" not found`);
      }
    }
    expect(broken).toEqual([]);
  });
});

describe('who may call what', () => {
  it('public routes answer anyone and carry no conversation data', async () => {
    const client = await WidgetClient.connect(server.url);
    const welcome = await client.hello({ language: 'en', agency: 'tax' });
    await ask(server, client, 'When will I get my tax refund? My code is 37605030299');
    // Content-hashed bundles are static files built before any conversation; the rest are fetched.
    const publicRoutes = routes().filter((route) => route.startsWith('GET ') && !route.includes('/api/conversation') && !route.includes('<hash>'));
    for (const route of publicRoutes) {
      const response = await fetch(`${server.url}${route.slice(4)}${route === 'GET /embed' ? '?agency=tax' : ''}`);
      const body = await response.text();
      expect(body, route).not.toContain(welcome.conversationId);
      expect(body, route).not.toContain('37605030299');
    }
    await client.close();
  });

  it('no widget frame can name a conversation: a socket acts only on the one its hello opened', async () => {
    for (const option of ClientFrame.options) expect(Object.keys(option.shape)).not.toContain('conversationId');
    const victim = await WidgetClient.connect(server.url);
    const victimWelcome = await victim.hello({ language: 'en', agency: 'tax' });
    const attacker = await WidgetClient.connect(server.url);
    const attackerWelcome = await attacker.hello({ language: 'en', agency: 'tax' });
    // An extra field naming the victim's conversation is stripped by the schema; the message lands in the attacker's own.
    await ask(server, attacker, 'planted into whose conversation?', { conversationId: victimWelcome.conversationId });
    const victimEvents = await server.backend.store.eventsAfter(victimWelcome.conversationId, 0);
    const attackerEvents = await server.backend.store.eventsAfter(attackerWelcome.conversationId, 0);
    expect(JSON.stringify(victimEvents)).not.toContain('planted into');
    expect(JSON.stringify(attackerEvents)).toContain('planted into');
    await Promise.all([victim.close(), attacker.close()]);
  });

  it('frames other than hello are refused before hello', async () => {
    for (const frame of [{ type: 'typing', active: true }, { type: 'action', action: 'delete' }, { type: 'rating', score: 5 }, { type: 'privacy', level: 'keep_and_improve' }]) {
      const client = await WidgetClient.connect(server.url);
      client.send(frame);
      expect(await client.next('error')).toMatchObject({ code: 'SWB_ERR_NOT_STARTED' });
      await client.close();
    }
  });
});

describe('limits on the citizen data routes (token guessing)', () => {
  it('trip per IP with 429 and Retry-After, and recover once the window has passed', async () => {
    const limited = await startTestServer({ citizenDataLimit: { points: 3, durationSeconds: 1 } });
    try {
      const attempt = () => fetch(`${limited.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${'x'.repeat(20)}.${'y'.repeat(20)}` } });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(401);
      const refused = await attempt();
      expect(refused.status).toBe(429);
      const wait = Number(refused.headers.get('retry-after'));
      expect(wait).toBeGreaterThan(0);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('SWB_ERR_RATE_LIMITED');
      await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
      expect((await attempt()).status).toBe(401);
    } finally {
      await limited.close();
    }
  });
});
