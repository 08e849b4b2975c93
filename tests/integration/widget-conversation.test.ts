import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { RoutingDecision } from '../../src/protocol/index.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { ask, startTestServer } from '../helpers/switchboard.js';

let server: RunningServer;
const clients: WidgetClient[] = [];

async function open(hello: Record<string, unknown> = { language: 'en' }) {
  const client = await WidgetClient.connect(server.url);
  clients.push(client);
  const welcome = await client.hello(hello);
  return { client, welcome };
}

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

describe('a citizen talks to the router over a real WebSocket', () => {
  it('starts a conversation with a welcome and a greeting message', async () => {
    const { client, welcome } = await open({ language: 'en', agency: 'tax' });
    expect(welcome).toMatchObject({ type: 'welcome', resumed: false, state: 'bot', language: 'en', agency: 'tax' });
    expect(welcome.token).toMatch(/^[0-9a-f-]{36}\.[\w-]+$/);
    const greeting = await client.waitForSeq(1);
    expect(greeting).toMatchObject({ type: 'message', from: 'bot', seq: 1 });
  });

  it('routes an English question to the agency that owns it and answers from its pack', async () => {
    const { client } = await open();
    const replies = await ask(server, client, 'When is the deadline for filing my income tax return?');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: 'bot', agency: 'tax' });
    expect(replies[0].text).toMatch(/30 April/);
  });

  it('routes an Estonian question to the right agency and answers in Estonian', async () => {
    const { client } = await open({ language: 'et' });
    const replies = await ask(server, client, 'Kaotasin oma passi, mida ma tegema pean?');
    expect(replies[0]).toMatchObject({ from: 'bot', agency: 'police' });
    expect(replies[0].text).toMatch(/pass|dokument/i);
    const welcome = await client.waitFor((f) => f.type === 'welcome');
    const record = await server.backend.store.get(welcome.type === 'welcome' ? welcome.conversationId : '');
    expect(record?.language).toBe('et');
    expect(record?.agency).toBe('police');
  });

  it('asks which agency is meant when a question belongs to several, and a choice routes it', async () => {
    const { client } = await open();
    const replies = await ask(server, client, 'moving abroad');
    const question = replies.at(-1);
    expect(question?.choices?.length).toBeGreaterThanOrEqual(3);
    const agencies = question?.choices?.slice(0, -1).map((choice) => choice.label.split(':')[0]);
    expect(new Set(agencies).size).toBe(agencies?.length);
    const chosen = question!.choices!.find((choice) => choice.label.startsWith('Tax and Customs'))!;
    expect(chosen).toBeDefined();
    const answer = await ask(server, client, chosen.value);
    expect(answer[0]).toMatchObject({ from: 'bot', agency: 'tax' });
  });

  it('falls back plainly and offers a person for gibberish', async () => {
    const { client } = await open();
    const replies = await ask(server, client, 'blorf zynq plimbo wax');
    expect(replies).toHaveLength(1);
    expect(replies[0].from).toBe('system');
    expect(replies[0].text).toMatch(/can't answer/);
    expect(replies[0].choices?.map((c) => c.label)).toEqual(['Talk to a person']);
  });

  it('clicking "Talk to a person" queues the conversation for a human, once', async () => {
    const { client, welcome } = await open({ language: 'en', agency: 'social' });
    await ask(server, client, 'qwzx vlurp');
    await ask(server, client, 'Talk to a person');
    const status = await client.waitFor((f) => f.type === 'status' && f.state === 'waiting_human');
    expect(status).toMatchObject({ agency: 'social' });
    const record = await server.backend.store.get(welcome.conversationId);
    expect(record).toMatchObject({ state: 'waiting_human', owner: 'queue:social' });
    client.send({ type: 'action', action: 'request_human' });
    await server.router.drain();
    expect(client.events().filter((e) => e.type === 'status')).toHaveLength(1);
  });

  it('holds a multi-turn exchange in a custom handler, and hands off to another agency with context', async () => {
    const { client } = await open();
    const question = await ask(server, client, 'How much parental benefit will I get?');
    expect(question[0]).toMatchObject({ agency: 'social' });
    expect(question[0].text).toMatch(/income/i);
    // "2100" alone means nothing to the model; the social bot is waiting for it, so the turn stays there.
    const next = await ask(server, client, '2100');
    expect(next[0]).toMatchObject({ agency: 'social' });

    const fresh = (await open()).client;
    const handoff = await ask(server, fresh, 'I want my pension paid without income tax withholding');
    const agencies = handoff.map((reply) => reply.agency);
    expect(agencies).toContain('social');
    expect(agencies.at(-1)).toBe('tax');
  });

  it('a reconnect with the token replays only the missed messages, once', async () => {
    const { client, welcome } = await open();
    await ask(server, client, 'When is the deadline for filing my income tax return?');
    const seen = client.events().at(-1)!.seq;
    await client.close();

    // Meanwhile, the conversation goes on elsewhere (e.g. another tab).
    const other = await WidgetClient.connect(server.url);
    clients.push(other);
    await other.hello({ token: welcome.token, lastSeq: seen });
    await ask(server, other, 'How do I pay my taxes?');
    await other.close();

    const back = await WidgetClient.connect(server.url);
    clients.push(back);
    const again = await back.hello({ token: welcome.token, lastSeq: seen });
    expect(again).toMatchObject({ resumed: true, conversationId: welcome.conversationId });
    const record = await server.backend.store.get(welcome.conversationId);
    await back.waitForSeq(record!.lastSeq);
    const replayed = back.events().map((event) => event.seq);
    expect(replayed).toEqual(Array.from({ length: record!.lastSeq - seen }, (_, i) => seen + 1 + i));
  });

  it('a resent message (same clientId) is acknowledged as a duplicate and stored once', async () => {
    const { client, welcome } = await open();
    const clientId = 'resend-0000-1111';
    await ask(server, client, 'hello', { clientId });
    client.say('hello', { clientId });
    const acks = await client.waitFor((f) => f.type === 'ack' && f.duplicate);
    expect(acks).toMatchObject({ clientId, duplicate: true });
    const events = await server.backend.store.eventsAfter(welcome.conversationId, 0);
    expect(events.filter((e) => e.type === 'message' && e.clientId === clientId)).toHaveLength(1);
  });
});

describe('bad input gets a clear error and loses nothing', () => {
  it('answers invalid JSON and invalid frames with an error frame naming the field, and stays open', async () => {
    const { client } = await open();
    client.sendRaw('{not json');
    const notJson = await client.waitFor((f) => f.type === 'error');
    expect(notJson).toMatchObject({ code: 'SWB_ERR_PROTOCOL_INVALID', retryable: false });
    const before = client.frames.length;
    client.send({ type: 'message', clientId: 'abcdefgh-1', text: '' });
    const empty = await client.waitFor((f) => f.type === 'error', { from: before });
    expect(empty.type === 'error' && empty.issues?.[0].path).toBe('text');
    const mid = client.frames.length;
    client.send({ type: 'teleport' });
    const unknown = await client.waitFor((f) => f.type === 'error', { from: mid });
    expect(unknown.type === 'error' && unknown.issues?.[0].path).toBe('type');
    const replies = await ask(server, client, 'hello');
    expect(replies[0].from).toBe('bot');
  });

  it('answers a binary frame with an error and stays open', async () => {
    const { client } = await open();
    client.socket.send(Buffer.from([1, 2, 3]));
    const error = await client.waitFor((f) => f.type === 'error');
    expect(error).toMatchObject({ code: 'SWB_ERR_PROTOCOL_INVALID', message: expect.stringMatching(/binary/) });
    expect((await ask(server, client, 'hello'))[0].from).toBe('bot');
  });

  it('never echoes the rejected input back in the error', async () => {
    const { client } = await open();
    const secret = '39001010005';
    client.send({ type: 'message', clientId: 'abcdefgh-2', text: secret.repeat(300) });
    const error = await client.waitFor((f) => f.type === 'error');
    expect(JSON.stringify(error)).not.toContain(secret);
  });

  it('closes with 1009 on a frame larger than maxPayload', async () => {
    const client = await WidgetClient.connect(server.url);
    clients.push(client);
    client.sendRaw('x'.repeat(64 * 1024));
    expect(await client.closed()).toBe(1009);
  });

  it('refuses a browser socket opened from another origin than its own', async () => {
    const { default: WebSocket } = await import('ws');
    const foreign = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { origin: 'https://evil.example' });
    const status = await new Promise<number | undefined>((resolve) => foreign.on('unexpected-response', (_req, res) => resolve(res.statusCode)));
    expect(status).toBe(403);
    const own = new WebSocket(`${server.url.replace('http', 'ws')}/ws`, { origin: server.url });
    await new Promise((resolve, reject) => own.on('open', resolve).on('error', reject));
    own.close();
  });

  it('refuses a message before hello, a bad token, and an unknown agency', async () => {
    const client = await WidgetClient.connect(server.url);
    clients.push(client);
    client.say('hello');
    expect(await client.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'SWB_ERR_NOT_STARTED' });
    client.send({ type: 'hello', token: 'nope.nope.nope' });
    expect(await client.waitFor((f) => f.type === 'error' && f.code !== 'SWB_ERR_NOT_STARTED')).toMatchObject({ code: 'SWB_ERR_TOKEN_INVALID' });
    client.send({ type: 'hello', agency: 'atlantis' });
    expect(await client.waitFor((f) => f.type === 'error' && f.code === 'SWB_ERR_UNKNOWN_AGENCY')).toBeDefined();
  });

  it('rate-limits a flood of messages in one conversation with a retryable error', async () => {
    const { client } = await open();
    for (let i = 0; i < 21; i++) client.say(`hello ${i}`);
    const limited = await client.waitFor((f) => f.type === 'error');
    expect(limited).toMatchObject({ code: 'SWB_ERR_RATE_LIMITED', retryable: true });
    expect(limited.type === 'error' && limited.clientId).toBeTruthy();
    await server.router.drain();
    expect(client.frames.filter((f) => f.type === 'ack')).toHaveLength(20);
  });

  it('refuses messages to a closed conversation', async () => {
    const { client } = await open();
    client.send({ type: 'action', action: 'end' });
    await client.waitFor((f) => f.type === 'status' && f.state === 'closed');
    client.say('are you there?');
    expect(await client.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'SWB_ERR_CONVERSATION_CLOSED' });
  });

  it('deletes the conversation when the citizen asks, and the token stops working', async () => {
    const { client, welcome } = await open();
    await ask(server, client, 'hello');
    client.send({ type: 'action', action: 'delete' });
    await client.waitFor((f) => f.type === 'status' && f.reason === 'deleted');
    expect(await server.backend.store.get(welcome.conversationId)).toBeUndefined();
    const again = await WidgetClient.connect(server.url);
    clients.push(again);
    again.send({ type: 'hello', token: welcome.token });
    expect(await again.waitFor((f) => f.type === 'error')).toMatchObject({ code: 'SWB_ERR_TOKEN_INVALID' });
  });
});

describe('the router explains itself over HTTP', () => {
  const explain = (body: unknown) =>
    fetch(`${server.url}/api/explain`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

  it('returns the decision for a text: rule, top intents with scores, language, evidence and reason', async () => {
    const response = await explain({ text: 'Millal on tuludeklaratsiooni esitamise tähtaeg?' });
    expect(response.status).toBe(200);
    const { decision } = (await response.json()) as { decision: RoutingDecision };
    expect(RoutingDecision.parse(decision)).toMatchObject({ rule: 'route', agency: 'tax', language: 'et' });
    expect(decision.top).toHaveLength(3);
    expect(decision.top[0].score).toBeGreaterThan(decision.top[1].score);
    expect(decision.evidence.length).toBeGreaterThan(0);
    expect(decision.reason).toMatch(/threshold/);
  });

  it('answers a bad body with a clear error naming the field', async () => {
    const response = await explain({ text: '', language: 'xx' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: string; issues: Array<{ path: string }> } };
    expect(body.error.code).toBe('SWB_ERR_PROTOCOL_INVALID');
    expect(body.error.issues.map((issue) => issue.path).sort()).toEqual(['language', 'text']);
  });
});
