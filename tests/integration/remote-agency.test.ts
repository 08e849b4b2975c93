import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/** An agency whose bot lives elsewhere and never answers in time: the citizen is told, nothing is lost. */
let slowBot: Server;
let server: RunningServer;
let dir: string;

beforeAll(async () => {
  slowBot = createServer(() => {
    /* never answers */
  });
  await new Promise<void>((resolve) => slowBot.listen(0, '127.0.0.1', resolve));
  const port = (slowBot.address() as { port: number }).port;
  dir = await mkdtemp(join(tmpdir(), 'swb-remote-'));
  await mkdir(join(dir, 'library', 'intents'), { recursive: true });
  await writeFile(
    join(dir, 'library', 'manifest.yaml'),
    `id: library\nname: { en: National Library }\ndescription: { en: Books }\nlanguages: [en]\nbot: { type: http, url: "http://127.0.0.1:${port}/bot", timeoutMs: 300 }\n`,
  );
  const examples = ['when does the library open', 'library opening hours', 'is the library open on sunday', 'what time does the reading room open', 'opening times of the national library'];
  await writeFile(
    join(dir, 'library', 'intents', 'en.yaml'),
    `language: en\nintents:\n  - name: opening_hours\n    examples:\n${examples.map((e) => `      - ${e}\n`).join('')}    answers:\n      - 9 to 20.\n  - name: borrow\n    examples:\n      - how do I borrow a book\n      - can I take books home\n      - borrowing rules\n      - loan period for books\n    answers:\n      - Show your ID card.\n`,
  );
  server = await startTestServer({ agenciesDir: dir, modelCacheDir: false });
});

afterAll(async () => {
  await server?.close();
  slowBot.closeAllConnections();
  await new Promise((resolve) => slowBot.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('a remote agency bot that times out', () => {
  it('keeps the citizen message, says the agency is not answering, and offers a person', async () => {
    const client = await WidgetClient.connect(server.url);
    const welcome = await client.hello({ language: 'en' });
    const replies = await ask(server, client, 'when does the library open');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: 'system' });
    expect(replies[0].text).toMatch(/National Library is not answering/);
    expect(replies[0].choices?.[0].label).toBe('Talk to a person');
    const stored = await server.backend.store.eventsAfter(welcome.conversationId, 0);
    expect(stored.filter((e) => e.type === 'message' && e.from === 'citizen')).toHaveLength(1);
    await client.close();
  });
});
