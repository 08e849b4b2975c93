import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SwitchboardError } from '../../src/errors/index.js';
import { ErrorFrame } from '../../src/protocol/index.js';
import { PROJECT_ROOT } from '../../src/config/index.js';

describe('error catalogue', () => {
  const doc = readFileSync(join(PROJECT_ROOT, 'docs', 'ERRORS.md'), 'utf8');

  it.each(Object.keys(ERROR_CODES))('%s is documented in docs/ERRORS.md', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });

  it('documents no code that does not exist', () => {
    const documented = [...doc.matchAll(/`(SWB_ERR_[A-Z_]+)`/g)].map((match) => match[1]);
    expect(documented.filter((code) => !(code in ERROR_CODES))).toEqual([]);
  });

  it.each(Object.entries(ERROR_CODES))('%s: the table row gives its HTTP status, retry and ws close code', (code, entry) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${code}\` |`));
    const [, status, retry, close] = (row ?? '').split('|').map((cell) => cell.trim()).slice(1);
    expect(Number(status)).toBe(entry.status);
    expect(retry).toBe(entry.retryable ? 'yes' : 'no');
    expect(close).toBe('wsClose' in entry ? String(entry.wsClose) : '');
    expect(new SwitchboardError(code as keyof typeof ERROR_CODES).wsCloseCode).toBe('wsClose' in entry ? entry.wsClose : undefined);
  });

  it('renders a valid protocol error frame without the cause', () => {
    const error = new SwitchboardError('SWB_ERR_STORE_UNAVAILABLE', undefined, { cause: new Error('ECONNREFUSED 10.0.0.1') });
    const frame = error.toFrame(7, 'client-1');
    expect(ErrorFrame.parse(frame)).toMatchObject({ code: 'SWB_ERR_STORE_UNAVAILABLE', retryable: true, seq: 7, clientId: 'client-1' });
    expect(JSON.stringify(frame)).not.toContain('ECONNREFUSED');
  });
});
