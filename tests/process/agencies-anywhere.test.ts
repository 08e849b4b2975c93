/**
 * An agency folder outside the repository, as a new user has it: its `handler.ts` imports the public entry point
 * by package name (`switchboard/agency`), not `../../src/...`. The server is started as `npm start` starts it
 * (node with tsx), on a free port, with `AGENCIES_DIR` pointing at a temporary folder.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { WidgetClient } from '../helpers/widget-client.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let child: ChildProcess | undefined;
afterAll(() => {
  if (child?.pid) process.kill(-child.pid, 'SIGKILL');
});

function agencyOutside(): string {
  const dir = mkdtempSync(join(tmpdir(), 'swb-agencies-'));
  // As `npm init` with `"type": "module"` leaves it: handler.ts is an ES module (a CommonJS handler would
  // need `require` hooks, which Node 20 does not offer to loaders).
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n');
  const library = join(dir, 'library');
  mkdirSync(join(library, 'intents'), { recursive: true });
  writeFileSync(join(library, 'manifest.yaml'), 'id: library\nname: { en: National Library }\ndescription: { en: Library cards }\nlanguages: [en]\nbot: { type: local }\n');
  writeFileSync(
    join(library, 'intents', 'en.yaml'),
    [
      'language: en',
      'intents:',
      '  - name: opening_hours',
      '    examples: [When is the library open?, library opening hours, is the reading room open on Sunday, what time does the library close, library hours on holidays]',
      '    answers: ["Mon-Fri 10-20."]',
      '  - name: library_card',
      '    examples: [How do I get a library card?, library card application, become a library reader, register as a reader online, lost my library card]',
      '    answers: ["Register at the desk."]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(library, 'handler.ts'),
    [
      "import { defineHandler, type BotRequest } from 'switchboard/agency';",
      'export default defineHandler((request: BotRequest, tools) =>',
      "  request.intent === 'opening_hours' ? { replies: [{ text: 'Answered by a handler outside the repository.' }] } : tools.answer(request.intent, request.language),",
      ');',
      '',
    ].join('\n'),
  );
  return dir;
}

describe('agency folders anywhere', () => {
  it('a handler outside the repository imports switchboard/agency and answers', { timeout: 120_000 }, async () => {
    child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', AGENCIES_DIR: agencyOutside(), DRAIN_DELAY_MS: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let output = '';
    const url = await new Promise<string>((resolve, reject) => {
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        const match = /"url":"(http:\/\/[^"]+)".*switchboard listening/.exec(output);
        if (match) resolve(match[1]);
      };
      child?.stdout?.on('data', onData);
      child?.stderr?.on('data', onData);
      child?.once('exit', (code) => reject(new Error(`server exited with ${code}: ${output.slice(-2000)}`)));
    });
    const client = await WidgetClient.connect(url);
    try {
      await client.hello({ language: 'en', agency: 'library' });
      const clientId = client.say('When is the library open?');
      const ack = await client.next('ack', (frame) => frame.clientId === clientId);
      const reply = await client.next('message', (frame) => frame.seq > ack.seq && frame.from === 'bot', 60_000);
      expect(reply.text).toBe('Answered by a handler outside the repository.');
    } finally {
      await client.close();
    }
    expect(output).not.toMatch(/MODULE_NOT_FOUND|ERR_MODULE_NOT_FOUND/);
  });
});
