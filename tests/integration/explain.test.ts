import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { ask, startTestServer } from '../helpers/switchboard.js';
import { WidgetClient } from '../helpers/widget-client.js';

/** POST /api/explain: the decision for a text, at the start of a conversation or, with its token, inside it. */
let server: RunningServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const explain = async (body: Record<string, unknown>) => {
  const response = await fetch(`${server.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { decision?: { rule: string; agency?: string; reason: string; evidence: string[] }; error?: { code: string } } };
};

describe('POST /api/explain', () => {
  it('explains in words: evidence is whole words of the message, the reason one sentence', async () => {
    const { status, body } = await explain({ text: 'When is the income tax return deadline?', language: 'en' });
    expect(status).toBe(200);
    expect(body.decision).toMatchObject({ rule: 'route', agency: 'tax' });
    const words = 'When is the income tax return deadline?'.toLowerCase().split(/\W+/);
    expect(body.decision!.evidence.length).toBeGreaterThan(0);
    for (const evidence of body.decision!.evidence) for (const word of evidence.toLowerCase().split(/\s+/)) expect(words).toContain(word);
    expect(body.decision!.reason).toMatch(/\.$/);
  });

  it('with the conversation token, explains the next turn in that conversation: an answer to an open form stays', async () => {
    const client = await WidgetClient.connect(server.url);
    const { token } = await client.hello({ language: 'en', agency: 'social' });
    const replies = await ask(server, client, 'How much parental benefit will I get?');
    expect(replies.at(-1)?.agency).toBe('social');
    const outside = await explain({ text: '2100', language: 'en' });
    expect(outside.body.decision!.rule).not.toBe('stay');
    const inside = await explain({ text: '2100', language: 'en', token });
    expect(inside.body.decision).toMatchObject({ rule: 'stay', agency: 'social' });
    const forged = await explain({ text: '2100', language: 'en', token: `${token.split('.')[0]}.not-the-secret-at-all` });
    expect(forged).toMatchObject({ status: 401, body: { error: { code: 'SWB_ERR_TOKEN_INVALID' } } });
    await client.close();
  });
});
