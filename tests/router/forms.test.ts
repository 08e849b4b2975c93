import { beforeAll, describe, expect, it } from 'vitest';
import { AgencyRegistry, loadAgenciesFolder, loadPackFolder } from '../../src/agencies/index.js';
import { ConversationLog, createMemoryBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { Router } from '../../src/router/index.js';
import type { Classification, IntentModel } from '../../src/nlu/index.js';
import type { ConversationEvent, Language } from '../../src/protocol/index.js';

/**
 * The form rules of the router (docs/ARCHITECTURE.md, "Forms") with the real demo agencies and handlers but a
 * scripted model: what the model says about each message is fixed here, so these tests check the rules, not
 * the model (which is tuned elsewhere). Anything not in the script is unrecognised (top score 0.05).
 */
const SCRIPT: Record<string, Array<[string, number]>> = {
  'how much parental benefit would I get': [['social/parental_benefit_amount', 0.99]],
  'kui suur on vanemahüvitis': [['social/parental_benefit_amount', 0.99]],
  'какое будет родительское пособие': [['social/parental_benefit_amount', 0.99]],
  'hur stor blir föräldrapenningen': [['social/parental_benefit_amount', 0.99]],
  'When is the deadline for my tax return?': [['tax/income_tax_return_deadline', 0.97]],
  'how much child allowance do I get until the kids turn 16': [['social/family_benefits', 0.94]],
  'so how much would child allowance be until they turn 16': [['social/family_benefits', 0.3]],
  'I want to talk to a person': [['shared/ask_human', 0.99]],
  thanks: [['shared/thanks', 0.99]],
  'What is the status of my application?': [['police/document_status', 0.98]],
  'Yes, the child is born': [['social/child_birth_benefits', 0.51]],
  'Why is income tax taken from my pension?': [['social/pension_income_tax', 0.96]],
  // A model that gets the form's own buttons confidently wrong:
  'Not yet': [['shared/ask_human', 0.9]],
  'Veel mitte': [['police/moving_abroad_documents', 0.95]],
};

function classify(text: string): Classification {
  const scripted = SCRIPT[text];
  if (scripted) return { ranked: scripted.map(([intent, score]) => ({ intent, score })), outOfScope: false, evidence: [] };
  return { ranked: [{ intent: 'social/family_benefits', score: 0.05 }], outOfScope: true, evidence: [] };
}

let registry: AgencyRegistry;
beforeAll(async () => {
  registry = new AgencyRegistry(await loadAgenciesFolder('agencies'), await loadPackFolder('intents'));
});

async function conversation(language: Language = 'en', homeAgency = 'social') {
  const backend = createMemoryBackend();
  const model: IntentModel = { intents: [], threshold: 0.45, classify, toJSON: () => ({}) };
  const router = new Router({
    instanceId: 'test',
    registry,
    conversationLog: new ConversationLog(backend.store, backend.bus),
    logger: createLogger({ level: 'silent' }),
    // "stopp" looks English to a real detector (issue 24): the cancel reply must still follow the conversation.
    detectLanguage: (text, hint) => ({ language: text === 'stopp' ? 'en' : (hint ?? 'en'), confidence: text === 'stopp' ? 0.39 : 1, candidates: [] }),
    model,
    policy: { threshold: 0.45, clarifyMargin: 0.2 },
  });
  const { record } = await router.start({ homeAgency, language });
  const id = record.id;
  let seen = record.lastSeq;
  /** Post a citizen message, run its turn, return what the turn appended. */
  async function say(text: string): Promise<Array<ConversationEvent & { type: 'message' }>> {
    const posted = await backend.store.append(id, { type: 'message', from: 'citizen', text, clientId: `c${seen}`, language });
    await router.settle(id);
    const events = await backend.store.eventsAfter(id, posted.event.seq, 100);
    seen = events.at(-1)?.seq ?? posted.event.seq;
    return events.filter((event): event is ConversationEvent & { type: 'message' } => event.type === 'message');
  }
  const record$ = async () => (await backend.store.get(id))!;
  return { say, record: record$ };
}

async function inParentalForm(language: Language = 'en') {
  const chat = await conversation(language);
  const opening = { en: 'how much parental benefit would I get', et: 'kui suur on vanemahüvitis', ru: 'какое будет родительское пособие', sv: 'hur stor blir föräldrapenningen' }[language];
  const [question] = await chat.say(opening);
  expect(question).toMatchObject({ from: 'bot', agency: 'social' });
  expect((await chat.record()).contexts.social).toMatchObject({ form: { step: 'income' } });
  return chat;
}

describe('forms never trap the citizen', () => {
  it('a value the form can use still goes to the form, unrecognised as it is', async () => {
    const chat = await inParentalForm();
    const [next] = await chat.say('2100');
    expect(next).toMatchObject({ from: 'bot', agency: 'social' });
    expect(next.text).toMatch(/born/);
    const [estimate] = await chat.say('Yes, the child is born');
    expect(estimate.text).toMatch(/self-service portal/);
    expect((await chat.record()).contexts.social?.form).toBeUndefined();
  });

  it.each([
    ['en', 'Not yet', /maternity benefit/],
    ['et', 'Veel mitte', /sünnitushüvitist/],
  ] as const)("a click on the form's own choice (%s %j) answers the form, even when the model puts it elsewhere", async (language, value, answer) => {
    const chat = await inParentalForm(language);
    const [born] = await chat.say('2100');
    expect(born.choices?.map((choice) => choice.value)).toContain(value);
    const [estimate] = await chat.say(value);
    expect(estimate).toMatchObject({ from: 'bot', agency: 'social' });
    expect(estimate.text).toMatch(answer);
    const record = await chat.record();
    expect(record.state).toBe('bot');
    expect(record.contexts.social?.form).toBeUndefined();
  });

  it('a whole sentence the form cannot use leaves it: the router falls back, the form is closed', async () => {
    const chat = await inParentalForm();
    const replies = await chat.say("What's the weather on Mars?");
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: 'system' });
    expect(replies[0].text).toMatch(/can't answer/);
    expect((await chat.record()).contexts.social?.form).toBeUndefined();
    // …and a later number is not an income any more.
    const later = await chat.say('16');
    expect(later[0].text).not.toMatch(/Has your child|would be about/);
  });

  it('a confident question for another agency is answered there, and the old form is closed', async () => {
    const chat = await inParentalForm();
    const [answer] = await chat.say('When is the deadline for my tax return?');
    expect(answer).toMatchObject({ from: 'bot', agency: 'tax' });
    const record = await chat.record();
    expect(record.agency).toBe('tax');
    expect(record.contexts.social?.form).toBeUndefined();
  });

  it("a confident question for another of the same agency's intents is answered, not read as a value", async () => {
    const chat = await inParentalForm();
    const [answer] = await chat.say('how much child allowance do I get until the kids turn 16');
    expect(answer).toMatchObject({ from: 'bot', agency: 'social' });
    expect(answer.text).toMatch(/^Family benefits include/);
    expect((await chat.record()).contexts.social?.form).toBeUndefined();
  });

  it('asking for a person leaves the form and queues the conversation', async () => {
    const chat = await inParentalForm();
    const replies = await chat.say('I want to talk to a person');
    expect(replies.at(-1)?.text).toMatch(/asked a person/);
    const record = await chat.record();
    expect(record.state).toBe('waiting_human');
    expect(record.contexts.social?.form).toBeUndefined();
  });

  it.each([
    ['en', 'cancel', /stopped those questions/],
    ['en', 'Stop, please', /stopped those questions/],
    ['et', 'stopp', /lõpetasin need küsimused/],
    ['et', 'katkesta', /lõpetasin need küsimused/],
    ['et', 'tuhista', /lõpetasin need küsimused/],
    ['ru', 'отмена', /прекратил эти вопросы/],
    ['ru', 'стоп', /прекратил эти вопросы/],
    ['sv', 'Avbryt', /avbrutit de frågorna/],
  ] as const)('a cancel word ends the form politely (%s %j)', async (language, word, polite) => {
    const chat = await inParentalForm(language);
    const replies = await chat.say(word);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toMatchObject({ from: 'bot', agency: 'social' });
    expect(replies[0].text).toMatch(polite);
    expect((await chat.record()).contexts.social?.form).toBeUndefined();
  });

  it('a cancel word is answered in the conversation\'s language when it belongs to it ("stopp" in et and sv)', async () => {
    for (const [language, polite] of [['et', /lõpetasin need küsimused/], ['sv', /avbrutit de frågorna/]] as const) {
      const chat = await inParentalForm(language);
      const [reply] = await chat.say('stopp');
      expect(reply.text).toMatch(polite);
      expect((await chat.record()).language).toBe(language);
    }
  });

  it('a cancel word keeps the rest of the agency context, and without a form it is routed like any text', async () => {
    const chat = await conversation('en', 'police');
    await chat.say('What is the status of my application?');
    expect((await chat.record()).contexts.police).toMatchObject({ form: { step: 'await_application_number' } });
    await chat.say('A1234567');
    expect((await chat.record()).contexts.police).toEqual({ applicationNumber: 'A1234567' });
    const replies = await chat.say('cancel');
    expect(replies[0].text).not.toMatch(/stopped those questions/);
  });
});

describe('an old form never answers a new question', () => {
  it('after the conversation went to another agency, a number in a later social question is no income', async () => {
    const chat = await inParentalForm();
    await chat.say('When is the deadline for my tax return?');
    const replies = await chat.say('so how much would child allowance be until they turn 16');
    expect(replies.map((reply) => reply.text).join(' ')).not.toMatch(/Has your child|would be about/);
    expect((await chat.record()).contexts.social?.form).toBeUndefined();
  });

  it('after a shared intent (thanks) the form is closed too', async () => {
    const chat = await inParentalForm();
    await chat.say('thanks');
    expect((await chat.record()).contexts.social?.form).toBeUndefined();
    const replies = await chat.say('16');
    expect(replies.map((reply) => reply.text).join(' ')).not.toMatch(/Has your child|would be about/);
  });
});

describe('who is speaking', () => {
  it('a handoff between agencies says who has taken over, under the new agency', async () => {
    const chat = await conversation('en', 'social');
    const replies = await chat.say('Why is income tax taken from my pension?');
    const notice = replies.find((reply) => reply.from === 'system');
    expect(notice).toMatchObject({ agency: 'tax', text: 'Tax and Customs Board will continue from here.' });
    expect(replies.indexOf(notice!)).toBeGreaterThan(replies.findIndex((reply) => reply.agency === 'social'));
    expect(replies.at(-1)).toMatchObject({ from: 'bot', agency: 'tax' });
  });
});
