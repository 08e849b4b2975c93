import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import type { BotRequest } from '../../src/protocol/index.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/**
 * Two remote bots, one whose manifest allows personal data and one that leaves the default (not allowed):
 * the same citizen message reaches the first as typed and the second with ID code, phone and IBAN redacted.
 */
let bot: Server;
let server: RunningServer;
let dir: string;
const received: Record<string, BotRequest[]> = { library: [], archive: [] };

const PERSONAL = 'my isikukood 37605030299, phone +372 5123 4567, account EE38 2200 2210 2014 5685';

beforeAll(async () => {
  bot = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const request = JSON.parse(body) as BotRequest;
      received[request.agency]?.push(request);
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ replies: [{ text: `ok from ${request.agency}` }] }));
    });
  });
  await new Promise<void>((resolve) => bot.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(bot.address() as { port: number }).port}/bot`;
  dir = await mkdtemp(join(tmpdir(), 'swb-pii-'));
  const agency = async (id: string, name: string, extra: string, examples: string[]) => {
    await mkdir(join(dir, id, 'intents'), { recursive: true });
    await writeFile(join(dir, id, 'manifest.yaml'), `id: ${id}\nname: { en: ${name} }\ndescription: { en: ${name} }\nlanguages: [en]\nbot: { type: http, url: "${url}", timeoutMs: 20000${extra} }\n`);
    await writeFile(
      join(dir, id, 'intents', 'en.yaml'),
      `language: en\nintents:\n  - name: ask\n    examples:\n${examples.map((e) => `      - ${e}\n`).join('')}    answers:\n      - ok.\n`,
    );
  };
  await agency('library', 'National Library', ', personalData: true', ['when does the library open', 'library opening hours', 'borrow a library book', 'library card renewal', 'reading room of the library']);
  await agency('archive', 'National Archives', '', ['old archive records', 'archive documents request', 'search the national archives', 'archive copy of a deed', 'archives reading room']);
  server = await startTestServer({ agenciesDir: dir, modelCacheDir: false });
});

afterAll(async () => {
  await server?.close();
  bot.closeAllConnections();
  await new Promise((resolve) => bot.close(resolve));
  await rm(dir, { recursive: true, force: true });
});

describe('a remote bot and personal data', () => {
  it('reaches a bot whose manifest allows it as typed', async () => {
    const client = await WidgetClient.connect(server.url);
    await client.hello({ language: 'en', agency: 'library' });
    await ask(server, client, `library opening hours: when does the library open? ${PERSONAL}`);
    await client.close();
    expect(received.library.at(-1)?.text).toContain('37605030299');
  });

  it('reaches a bot with the default manifest redacted', async () => {
    const client = await WidgetClient.connect(server.url);
    await client.hello({ language: 'en', agency: 'archive' });
    const replies = await ask(server, client, `archive documents request: search the national archives, ${PERSONAL}`);
    await client.close();
    expect(replies.map((r) => r.text)).toContain('ok from archive');
    const text = received.archive.at(-1)?.text ?? '';
    expect(text).toBe('archive documents request: search the national archives, my isikukood [id-code], phone [phone], account [iban]');
    expect(JSON.stringify(received.archive)).not.toMatch(/37605030299|5123 4567|EE38/);
  });
});
