import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { redactText } from '../../src/privacy/index.js';
import { createLogger } from '../../src/log/index.js';
import { startTestServer, ask } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/** pino's test/helper.js sink(): collect the emitted JSON lines. */
function sink(): { stream: Writable; lines: string[] } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(...chunk.toString().split('\n').filter(Boolean));
      done();
    },
  });
  return { stream, lines };
}

describe('redactText', () => {
  it.each([
    ['My isikukood is 37605030299, help', 'My isikukood is [id-code], help'],
    // A mistyped check digit is no person's code, but a log masks the digit run all the same.
    ['My isikukood is 39001010005, help', 'My isikukood is [number], help'],
    ['write to mari.maasikas@example.ee please', 'write to [email] please'],
    ['call me at +372 5123 4567', 'call me at [phone]'],
    ['my account EE38 2200 2210 2014 5685', 'my account [iban]'],
    ['card 4111 1111 1111 1111', 'card [card]'],
    ['personnummer 811228-9874 och 131052-308T', 'personnummer [id-code] och [id-code]'],
    ['Elan Narva mnt 5-12, auto 123 ABC', 'Elan [address], auto [plate]'],
  ])('%s', (input, expected) => {
    expect(redactText(input)).toBe(expected);
  });

  it('leaves ordinary text and short numbers alone', () => {
    expect(redactText('My income was 2100 euros in 2024')).toBe('My income was 2100 euros in 2024');
  });
});

describe('logs', () => {
  it('scrub personal data from error messages and stacks (a bot or handler may quote the citizen)', () => {
    const { stream, lines } = sink();
    const logger = createLogger({ level: 'info', destination: stream });
    logger.warn({ err: new Error('could not parse "37605030299, 39001010005, mari@example.ee"') }, 'agency bot failed');
    logger.flush();
    const all = lines.join('\n');
    expect(all).toContain('agency bot failed');
    expect(all).toContain('[id-code]');
    expect(all).not.toContain('37605030299');
    expect(all).not.toContain('39001010005');
    expect(all).not.toContain('mari@example.ee');
  });

  it('never carry what a citizen typed, even at debug level', async () => {
    const { stream, lines } = sink();
    const server = await startTestServer({ logger: createLogger({ level: 'debug', destination: stream }) });
    const client = await WidgetClient.connect(server.url);
    try {
      await client.hello({ language: 'et' });
      await ask(server, client, 'Minu isikukood on 39001010005 ja e-post mari@example.ee, kaotasin passi');
      client.send({ type: 'message', clientId: 'bad', text: 39001010005 });
      await client.waitFor((f) => f.type === 'error');
      await client.close();
    } finally {
      await server.close();
    }
    const all = lines.join('\n');
    expect(lines.some((line) => line.includes('"routed"'))).toBe(true);
    expect(all).not.toContain('39001010005');
    expect(all).not.toContain('mari@example.ee');
    // The message itself never appears; single words may, as routing evidence (pack vocabulary only).
    expect(all).not.toContain('kaotasin passi');
    expect(all).not.toContain('isikukood on');
  });
});
