import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server.js';
import { WidgetClient } from '../helpers/widget-client.js';
import { ask, startTestServer } from '../helpers/switchboard.js';

/**
 * Forms over a real WebSocket with the real model (issue 19 item 4, issue 24 item 6): the parental-benefit
 * form of the social agency is left by an unrelated question, ended by a cancel word, and an old form never
 * takes a later question as its answer.
 */
let server: RunningServer;
const clients: WidgetClient[] = [];

async function open(hello: Record<string, unknown> = { language: 'en' }) {
  const client = await WidgetClient.connect(server.url);
  clients.push(client);
  const welcome = await client.hello(hello);
  return { client, welcome };
}

async function inParentalForm(language = 'en', opening = 'How much parental benefit will I get?') {
  const { client, welcome } = await open({ language, agency: 'tax' });
  const [question] = await ask(server, client, opening);
  expect(question).toMatchObject({ from: 'bot', agency: 'social' });
  return { client, conversationId: welcome.conversationId };
}

const formOf = async (conversationId: string) => (await server.backend.store.get(conversationId))?.contexts.social?.form;

beforeAll(async () => {
  server = await startTestServer();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.close()));
  await server.close();
});

describe('a form never traps the citizen', () => {
  it('an unrelated question leaves the form and is answered by the agency that owns it', async () => {
    const { client, conversationId } = await inParentalForm();
    const replies = await ask(server, client, 'When is the deadline for filing my income tax return?');
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: 'bot', agency: 'tax' });
    expect(replies[0].text).toMatch(/30 April/);
    expect(await formOf(conversationId)).toBeUndefined();
  });

  it('a question no agency answers leaves the form with a plain fallback, not "I did not catch an amount"', async () => {
    const { client, conversationId } = await inParentalForm();
    const replies = await ask(server, client, "What's the weather on Mars?");
    expect(replies.map((reply) => reply.text).join(' ')).not.toMatch(/did not catch an amount/);
    expect(replies[0]).toMatchObject({ from: 'system' });
    expect(await formOf(conversationId)).toBeUndefined();
  });

  it('a value the form can use still goes to the form', async () => {
    const { client } = await inParentalForm();
    const [next] = await ask(server, client, '2100');
    expect(next).toMatchObject({ from: 'bot', agency: 'social' });
    expect(next.text).toMatch(/born/);
    const [estimate] = await ask(server, client, next.choices![0].value);
    expect(estimate.text).toMatch(/100% of your average income/);
  });

  it.each([
    ['en', 'How much parental benefit will I get?', 'cancel'],
    ['sv', 'Hur mycket föräldrapenning får jag?', 'Avbryt'],
    ['et', 'Kui suurt vanemahüvitist ma saan?', 'stopp'],
    ['ru', 'Какой будет родительская компенсация?', 'отмена'],
  ])('a cancel word ends the form politely (%s %j)', async (language, opening, word) => {
    const { client, conversationId } = await inParentalForm(language, opening);
    const replies = await ask(server, client, word);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: 'bot', agency: 'social' });
    const polite = { en: /stopped those questions/, sv: /avbrutit de frågorna/, et: /lõpetasin need küsimused/, ru: /прекратил эти вопросы/ }[language as 'en'];
    expect(replies[0].text).toMatch(polite);
    expect(await formOf(conversationId)).toBeUndefined();
  });
});

describe('an old form never answers a new question', () => {
  it('after leaving the form, "until the kids turn 16" is a child allowance question, not an income of 16', async () => {
    const { client, conversationId } = await inParentalForm();
    await ask(server, client, 'When is the deadline for filing my income tax return?');
    const replies = await ask(server, client, 'how much child allowance do I get until the kids turn 16');
    const text = replies.map((reply) => reply.text).join(' ');
    expect(text).not.toMatch(/Has your child|would be about/);
    expect(replies.at(-1)).toMatchObject({ from: 'bot', agency: 'social' });
    expect(text).toMatch(/child allowance/i);
    expect(await formOf(conversationId)).toBeUndefined();
  });
});

describe('who is speaking', () => {
  it('every agency bot message carries its agency, and a handoff says who has taken over', async () => {
    const { client } = await open({ language: 'en', agency: 'tax' });
    const replies = await ask(server, client, 'I want my pension paid without income tax withholding');
    expect(replies.filter((reply) => reply.from === 'bot').every((reply) => reply.agency)).toBe(true);
    const notice = replies.find((reply) => reply.from === 'system');
    expect(notice).toMatchObject({ agency: 'tax', text: 'Tax and Customs Board will continue from here.' });
    expect(replies.map((reply) => reply.agency)).toEqual(['social', 'tax', 'tax']);
  });
});
