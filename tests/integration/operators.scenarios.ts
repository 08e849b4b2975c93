import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import type { ServerFrame } from '../../src/protocol/index.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { OperatorClient, api, signInDemo, type DemoOperator } from '../helpers/operator-client.js';

/**
 * The operator scenarios over real WebSockets, run on memory (one instance) and on Redis (citizens on
 * instance A, operators on instance B): `describeOperatorScenarios(name, start)`. No timed assertions: every
 * wait is for a frame.
 */
export interface ScenarioStack {
  /** Where citizens connect. */
  citizens: RunningServer;
  /** Where operators connect (the other instance on Redis). */
  operators: RunningServer;
  close(): Promise<void>;
}

export function describeOperatorScenarios(name: string, start: () => Promise<ScenarioStack>): void {
  describe(`operators (${name})`, () => {
    let stack: ScenarioStack;
    const widgets: WidgetClient[] = [];
    const consoles: OperatorClient[] = [];
    const tokens = new Map<DemoOperator, string>();

    beforeAll(async () => {
      stack = await start();
      for (const id of ['mari', 'jaan', 'kadri'] as const) tokens.set(id, (await signInDemo(stack.operators.url, id)).token);
    }, 120_000);

    afterAll(async () => {
      await Promise.all([...widgets, ...consoles].map((client) => client.close()));
      await stack?.close();
    });

    async function citizen(agency = 'tax', language = 'en') {
      const client = await WidgetClient.connect(stack.citizens.url);
      widgets.push(client);
      const welcome = await client.hello({ language, agency });
      return { client, id: welcome.conversationId };
    }

    async function operator(id: DemoOperator, server = stack.operators): Promise<OperatorClient> {
      const client = await OperatorClient.connect(server.url, tokens.get(id)!);
      consoles.push(client);
      return client;
    }

    /** The citizen asks for a person; resolves with the waiting status (its queue position). */
    async function queue(client: WidgetClient) {
      client.send({ type: 'action', action: 'request_human' });
      return client.next('status', (frame) => frame.state === 'waiting_human');
    }

    const boardHas = (console: OperatorClient, agency: string, id: string, state: string) =>
      console.next('board', (frame) => frame.agency === agency && frame.items.some((item) => item.conversationId === id && item.state === state));

    it('a request for a person queues the conversation; the operator on the other instance sees it with reason and decisions', async () => {
      const mari = await operator('mari');
      const { client, id } = await citizen();
      await client.next('message', (frame) => frame.from === 'bot');
      client.say('When is the income tax return deadline?');
      await client.next('message', (frame) => frame.from === 'bot' && frame.agency === 'tax');
      client.say('I want to talk to a person');
      const waiting = await client.next('status', (frame) => frame.state === 'waiting_human');
      expect(waiting).toMatchObject({ agency: 'tax', queuePosition: expect.any(Number) });
      const told = await client.next('message', (frame) => frame.from === 'system' && /number \d+ in the queue/.test(frame.text));
      expect(told.text).toContain('Tax and Customs Board');
      const board = await boardHas(mari, 'tax', id, 'queued');
      expect(board.items.find((item) => item.conversationId === id)).toMatchObject({ state: 'queued', language: 'en', reason: 'the citizen asked for a person' });
      const detail = await api(stack.operators.url, tokens.get('mari'), 'GET', `/api/operators/conversations/${id}`);
      expect(detail.status).toBe(200);
      expect(detail.body.decisions.map((decision: { rule: string }) => decision.rule)).toEqual(['route', 'shared']);
      expect(detail.body.decisions[0].top[0]).toMatchObject({ owner: 'tax', score: expect.any(Number) });
      expect(detail.body.transcript.some((event: ServerFrame) => event.type === 'message' && event.text === 'When is the income tax return deadline?')).toBe(true);
    });

    it('a fallback offers a person, and the choice queues the conversation', async () => {
      const { client } = await citizen('social');
      client.say('blorf zynq plimbo wax');
      const fallback = await client.next('message', (frame) => frame.from === 'system' && !!frame.choices?.length);
      client.say(fallback.choices![0].value);
      const waiting = await client.next('status', (frame) => frame.state === 'waiting_human');
      expect(waiting.agency).toBe('social');
    });

    it('queue positions: each waiting citizen is told their place, and again as the queue moves', async () => {
      const jaan = await operator('jaan');
      const queued = [];
      for (let i = 0; i < 3; i++) {
        const c = await citizen('police');
        queued.push({ ...c, status: await queue(c.client) });
      }
      const positions = queued.map((entry) => entry.status.queuePosition!);
      expect(positions[1]).toBe(positions[0] + 1);
      expect(positions[2]).toBe(positions[0] + 2);
      // Claim the first: the two behind it each move up one place.
      expect((await jaan.command({ type: 'claim', conversationId: queued[0].id })).type).toBe('done');
      for (const [index, entry] of queued.slice(1).entries()) {
        const moved = await entry.client.next('status', (frame) => frame.state === 'waiting_human' && frame.queuePosition === positions[index]);
        expect(moved.queuePosition).toBe(positions[index + 1] - 1);
      }
      await jaan.command({ type: 'close', conversationId: queued[0].id, outcome: 'resolved' });
      for (const entry of queued.slice(1)) await jaan.command({ type: 'close', conversationId: entry.id, outcome: 'no_response' });
    });

    it('claim race: of two operators on two instances, exactly one wins, 50 times; the loser is told who holds it', async () => {
      const mari = await operator('mari', stack.citizens);
      const kadri = await operator('kadri', stack.operators);
      const winners = { mari: 0, kadri: 0 };
      for (let round = 0; round < 50; round++) {
        const { client, id } = await citizen();
        await queue(client);
        // Who sends first alternates, so neither has the edge of going first every round.
        const claims = round % 2 === 0 ? [mari, kadri] : [kadri, mari];
        const settled = await Promise.all(claims.map((console) => console.command({ type: 'claim', conversationId: id })));
        const [a, b] = round % 2 === 0 ? settled : [settled[1], settled[0]];
        const results = [a, b];
        expect(results.filter((result) => result.type === 'done')).toHaveLength(1);
        const lost = results.find((result) => result.type === 'error') as Extract<typeof a, { type: 'error' }>;
        expect(lost.code).toBe('SWB_ERR_CONFLICT');
        const winner = a.type === 'done' ? 'mari' : 'kadri';
        winners[winner]++;
        expect(lost.message).toContain(winner === 'mari' ? 'Mari Tamm' : 'Kadri Saar');
        await (winner === 'mari' ? mari : kadri).command({ type: 'close', conversationId: id, outcome: 'resolved' });
      }
      expect(winners.mari + winners.kadri).toBe(50);
      // eslint-disable-next-line no-console
      console.info(`claim race (${name}): 50 rounds, exactly one winner each; mari ${winners.mari}, kadri ${winners.kadri}`);
    });

    it('live exchange, transfer to another agency, return to the bot: every message once, in order, on both sides', async () => {
      const mari = await operator('mari');
      const jaan = await operator('jaan');
      const { client, id } = await citizen();
      await queue(client);
      expect((await mari.command({ type: 'watch', conversationId: id })).type).toBe('done');
      expect((await mari.command({ type: 'claim', conversationId: id })).type).toBe('done');
      const joined = await client.next('status', (frame) => frame.state === 'with_operator');
      expect(joined.operatorName).toBe('Mari');

      // Both ways, with presence (never text) for typing.
      client.send({ type: 'typing', active: true });
      const typing = await mari.next('typing', (frame) => frame.conversationId === id && frame.active);
      expect(Object.keys(typing).sort()).toEqual(['active', 'conversationId', 'type']);
      await mari.command({ type: 'typing', conversationId: id, active: true });
      await client.next('typing', (frame) => frame.from === 'operator' && frame.active);
      expect((await mari.command({ type: 'reply', conversationId: id, text: 'Hello, I am Mari. How can I help?' })).type).toBe('done');
      const reply = await client.next('message', (frame) => frame.from === 'operator');
      expect(reply).toMatchObject({ operatorName: 'Mari', agency: 'tax', text: 'Hello, I am Mari. How can I help?' });
      client.say('My question is about a lost passport, actually.');
      await mari.next('event', (frame) => frame.conversationId === id && frame.event.type === 'message' && frame.event.from === 'citizen' && frame.event.text.includes('lost passport'));

      // An internal note: operators see it, the citizen never does.
      await mari.command({ type: 'note', conversationId: id, text: 'Citizen lost passport abroad; police should take it.' });
      await mari.next('notes', (frame) => frame.conversationId === id && frame.notes.length === 1);

      const transfer = await mari.command({ type: 'transfer', conversationId: id, to: { agency: 'police' }, note: 'Passport question.' });
      expect(transfer.type).toBe('done');
      const moved = await client.next('status', (frame) => frame.state === 'waiting_human' && frame.agency === 'police');
      expect(moved.queuePosition).toBeGreaterThanOrEqual(1);
      await boardHas(jaan, 'police', id, 'queued');
      // Mari no longer serves this conversation.
      const refused = await mari.command({ type: 'reply', conversationId: id, text: 'still there?' });
      expect(refused).toMatchObject({ type: 'error', code: 'SWB_ERR_FORBIDDEN' });
      // A citizen message while it moves between queues reaches whoever holds it next.
      client.say('Are you still there?');
      expect((await jaan.command({ type: 'claim', conversationId: id })).type).toBe('done');
      expect((await jaan.command({ type: 'watch', conversationId: id })).type).toBe('done');
      await jaan.next('event', (frame) => frame.conversationId === id && frame.event.type === 'message' && frame.event.text === 'Are you still there?');
      const notes = await jaan.next('notes', (frame) => frame.conversationId === id);
      expect(notes.notes.map((note) => note.text)).toEqual(['Citizen lost passport abroad; police should take it.', 'Passport question.']);
      await client.next('status', (frame) => frame.state === 'with_operator' && frame.operatorName === 'Jaan');

      expect((await jaan.command({ type: 'return', conversationId: id })).type).toBe('done');
      const back = await client.next('status', (frame) => frame.state === 'bot');
      const clientId = client.say('I lost my passport, what should I do?');
      const ack = await client.next('ack', (frame) => frame.clientId === clientId);
      const answer = await client.next('message', (frame) => frame.seq > ack.seq && frame.from === 'bot');
      expect(answer.agency).toBe('police');
      expect(back.seq).toBeLessThan(answer.seq);

      // Nothing lost or doubled: the citizen's log and the operator's feed are the store's log.
      const stored = await stack.operators.backend.store.eventsAfter(id, 0);
      await client.waitForSeq(stored.at(-1)!.seq);
      expect(client.events().map((event) => event.seq)).toEqual(stored.map((event) => event.seq));
      await jaan.next('event', (frame) => frame.conversationId === id && frame.event.seq === stored.at(-1)!.seq);
      expect(jaan.events(id).map((event) => event.seq)).toEqual(stored.map((event) => event.seq));
      expect(JSON.stringify(client.events())).not.toContain('Citizen lost passport abroad');
    });

    it('close with an outcome: the citizen is told, the board keeps the outcome', async () => {
      const mari = await operator('mari');
      const { client, id } = await citizen();
      await queue(client);
      await mari.command({ type: 'claim', conversationId: id });
      expect((await mari.command({ type: 'close', conversationId: id, outcome: 'resolved' })).type).toBe('done');
      await client.next('status', (frame) => frame.state === 'closed');
      const board = await boardHas(mari, 'tax', id, 'closed');
      expect(board.items.find((item) => item.conversationId === id)?.outcome).toBe('resolved');
      const again = await mari.command({ type: 'reply', conversationId: id, text: 'one more thing' });
      expect(again).toMatchObject({ type: 'error', code: 'SWB_ERR_CONFLICT' });
    });

    it('grace period: an operator who disconnects and stays away loses the claim; the citizen is first in the queue again', async () => {
      const liis = await OperatorClient.connect(stack.operators.url, (await signInDemo(stack.operators.url, 'liis')).token);
      const { client, id } = await citizen('social');
      await queue(client);
      await liis.command({ type: 'claim', conversationId: id });
      await client.next('status', (frame) => frame.state === 'with_operator');
      await liis.close();
      const requeued = await client.next('status', (frame) => frame.state === 'waiting_human' && frame.reason === 'the operator was disconnected', 15_000);
      expect(requeued.queuePosition).toBe(1);
      await client.next('message', (frame) => frame.from === 'system' && frame.text.includes('disconnected'));
    });

    it('a citizen who deletes the conversation leaves nothing on the board; those behind move up', async () => {
      const jaan = await operator('jaan');
      const first = await citizen('police');
      const second = await citizen('police');
      await queue(first.client);
      const behind = await queue(second.client);
      await boardHas(jaan, 'police', second.id, 'queued');
      first.client.send({ type: 'action', action: 'delete' });
      await second.client.next('status', (frame) => frame.state === 'waiting_human' && frame.queuePosition === behind.queuePosition! - 1);
      await jaan.next('board', (frame) => frame.agency === 'police' && !frame.items.some((item) => item.conversationId === first.id));
      const refused = await jaan.command({ type: 'watch', conversationId: first.id });
      expect(refused).toMatchObject({ type: 'error', code: 'SWB_ERR_FORBIDDEN' });
      await jaan.command({ type: 'close', conversationId: second.id, outcome: 'no_response' });
    });

    // Last: it closes social's doors on every instance for the rest of the file.
    it('outside opening hours the citizen is told at once and leaves a contact request the operators see', async () => {
      for (const server of new Set([stack.citizens, stack.operators])) {
        const social = server.registry.get('social')!;
        server.registry.upsert({ manifest: { ...social.manifest, operators: { ...social.manifest.operators, openingHours: { timeZone: 'Europe/Tallinn', week: {}, holidays: [] } } }, packs: social.packs });
      }
      const { client, id } = await citizen('social');
      client.send({ type: 'action', action: 'request_human' });
      const closed = await client.next('message', (frame) => frame.offer === 'contact_request');
      expect(closed.text).toContain('closed right now');
      client.send({ type: 'contact', request: { name: 'Anu Saar', email: 'anu@example.org', question: 'When can I call you?' } });
      await client.next('message', (frame) => frame.from === 'system' && frame.text.startsWith('Thank you.'));
      const { token } = await signInDemo(stack.operators.url, 'liis');
      const requests = await api(stack.operators.url, token, 'GET', '/api/operators/agencies/social/contact-requests');
      expect(requests.body.requests).toContainEqual(expect.objectContaining({ conversationId: id, request: { name: 'Anu Saar', email: 'anu@example.org', question: 'When can I call you?' } }));
      expect((await stack.citizens.backend.store.get(id))?.owner).toBe('bot');
    });
  });
}

export const newClientId = () => randomUUID();
