import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/index.js';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { OperatorClient, signInDemo } from '../helpers/operator-client.js';

/**
 * One integration run that plants personal data in every input a citizen, a caller or an agency handler can
 * reach — socket query, every widget frame (valid and not), HTTP bodies, headers and query strings, an agency
 * handler that throws quoting the citizen, an operator's reply — with the log at debug level. None of it may
 * appear in the log.
 */
const PII = { id: '37605030299', email: 'mari.maasikas@example.ee', phone: '+372 5123 4567', iban: 'EE382200221020145685' };
const ALL = `${PII.id} ${PII.email} ${PII.phone} ${PII.iban}`;
const needles = [PII.id, PII.email, '5123 4567', '51234567', PII.iban, 'maasikas'];

let server: RunningServer;
let dir: string;
const lines: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'swb-planted-'));
  await mkdir(join(dir, 'clinic', 'intents'), { recursive: true });
  await writeFile(join(dir, 'clinic', 'manifest.yaml'), 'id: clinic\nname: { en: Clinic }\ndescription: { en: Appointments }\nlanguages: [en]\n');
  await writeFile(
    join(dir, 'clinic', 'intents', 'en.yaml'),
    'language: en\nintents:\n  - name: appointment\n    examples: [book a doctor appointment, see a doctor, doctor visit booking, appointment at the clinic]\n    answers: [ok]\n',
  );
  // A handler that fails by quoting what it was given: the usual way personal data reaches a log.
  await writeFile(
    join(dir, 'clinic', 'handler.ts'),
    `import { defineHandler } from '${join(process.cwd(), 'src/agencies/index.js')}';\nexport default defineHandler((request, tools) => {\n  tools.log.warn({ err: new Error('cannot parse ' + request.text) }, 'handler trouble');\n  throw new Error('could not book for: ' + request.text);\n});\n`,
  );
  const destination = new Writable({
    write(chunk, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  server = await startTestServer({ agenciesDir: dir, modelCacheDir: false, logger: createLogger({ level: 'debug', destination }) });
}, 60_000);

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('personal data planted in every input', () => {
  it('never reaches the log, at debug level', async () => {
    // Socket: query string, invalid frames, valid frames carrying it.
    const raw = new WebSocket(`${server.url.replace(/^http/, 'ws')}/ws?agency=${encodeURIComponent(ALL)}`);
    await new Promise((resolve, reject) => raw.once('open', resolve).once('error', reject));
    raw.send(JSON.stringify({ type: 'hello', agency: ALL, language: ALL, token: `${PII.id}.${PII.email}` }));
    raw.send(JSON.stringify({ type: 'message', clientId: PII.id, text: 42 }));
    raw.send(`{"type":"message","text":"${ALL}"`);
    raw.send(Buffer.from(ALL));
    raw.close();

    const client = await WidgetClient.connect(server.url);
    await client.hello({ language: 'en', agency: 'clinic' });
    await ask(server, client, `book a doctor appointment: I want to see a doctor. I am ${ALL}`);
    client.send({ type: 'rating', score: 9, comment: ALL });
    client.send({ type: 'rating', score: 4, comment: ALL });
    client.send({ type: 'privacy', level: ALL });
    client.send({ type: 'contact', request: { name: ALL, email: PII.email, phone: PII.phone, question: ALL } });
    await client.next('error', (frame) => frame.code === 'SWB_ERR_PROTOCOL_INVALID');
    client.send({ type: 'action', action: 'request_human' });
    await server.router.drain();
    await client.close();

    // HTTP: bodies, headers, query strings, paths.
    await fetch(`${server.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': PII.id }, body: JSON.stringify({ text: ALL }) });
    await fetch(`${server.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: `{"text": "${ALL}"` });
    await fetch(`${server.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: 7, language: ALL }) });
    await fetch(`${server.url}/api/conversation/transcript`, { headers: { authorization: `Bearer ${PII.id}.${PII.iban}`, 'x-request-id': PII.iban } });
    await fetch(`${server.url}/embed?agency=${encodeURIComponent(ALL)}`);
    await fetch(`${server.url}/${encodeURIComponent(ALL)}`);
    await fetch(`${server.url}/api/operators/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: PII.email, password: ALL }) });

    // An operator replying with it to a conversation id made of it (refused: kadri serves the demo agencies).
    const { token } = await signInDemo(server.url, 'kadri').catch(() => ({ token: '' }));
    if (token) {
      const operator = await OperatorClient.connect(server.url, token);
      await operator.command({ type: 'reply', conversationId: PII.id, text: ALL });
      operator.close();
    }

    const log = lines.join('');
    expect(log).toContain('"routed"');
    expect(log).toContain('could not book for');
    // Redacted, not dropped: the log still says what kind of thing was there.
    expect(log).toContain('[id-code]');
    for (const needle of needles) expect(log, needle).not.toContain(needle);
  });
});
