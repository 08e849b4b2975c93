import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import handler, { AWAITING_APPLICATION_NUMBER, parseApplicationNumber } from '../../agencies/police/handler.js';
import type { HandlerTools } from '../../src/agencies/types.js';
import { createLogger } from '../../src/log/index.js';
import { BotRequest, BotResponse, IntentPack, type BotContext, type Language } from '../../src/protocol/index.js';

const packs = new Map<Language, IntentPack>(
  (['en', 'et', 'ru', 'sv'] as const).map((language) => [
    language,
    IntentPack.parse(parse(readFileSync(new URL(`../../agencies/police/intents/${language}.yaml`, import.meta.url), 'utf8'))),
  ]),
);

/** Like the default bot: the pack's first answer and its choices; unknown intent → an "I don't know" reply. */
const tools: HandlerTools = {
  answer(intent, language) {
    const found = packs.get(language)?.intents.find((candidate) => candidate.name === intent);
    if (!found) return { replies: [{ text: 'unknown intent' }] };
    return BotResponse.parse({ replies: [{ text: found.answers[0] }], choices: found.choices });
  },
  log: createLogger({ level: 'silent' }),
};

function packAnswer(intent: string, language: Language): string {
  return packs.get(language)!.intents.find((candidate) => candidate.name === intent)!.answers[0];
}

function request(text: string, options: { language?: Language; intent?: string; context?: BotContext } = {}): BotRequest {
  const language = options.language ?? 'en';
  return BotRequest.parse({
    conversationId: 'c-test',
    agency: 'police',
    text,
    language,
    intent: options.intent,
    context: options.context ?? {},
    decision: {
      rule: options.context?.form ? 'stay' : 'route',
      language,
      languageConfidence: 0.9,
      agency: 'police',
      intent: options.intent ? `police/${options.intent}` : undefined,
      confidence: options.intent ? 0.8 : 0.2,
      top: [],
      reason: 'test',
    },
  });
}

async function turn(req: BotRequest): Promise<BotResponse> {
  return BotResponse.parse(await handler(req, tools));
}

describe('parseApplicationNumber', () => {
  it.each([
    ['A1234567', 'A1234567'],
    ['my number is a1234567, thanks', 'A1234567'],
    ['b 123 45 67', 'B1234567'],
    ['number: C-1234567.', 'C1234567'],
    ['номер А1234567', 'A1234567'], // Cyrillic А typed on a Russian layout
  ])('finds %j', (text, expected) => {
    expect(parseApplicationNumber(text)).toBe(expected);
  });

  it.each([
    'I do not have it with me',
    'A123456',
    'A12345678',
    'isikukood 38001010000',
    'AB1234567',
  ])('finds nothing in %j', (text) => {
    expect(parseApplicationNumber(text)).toBeUndefined();
  });
});

describe('police handler: document_status', () => {
  it('asks for the number, then explains where to check the status (en)', async () => {
    const first = await turn(request('What is the status of my application?', { intent: 'document_status' }));
    expect(first.replies[0].text).toContain('What is your application number?');
    expect(first.context).toMatchObject({ form: { step: AWAITING_APPLICATION_NUMBER, attempts: 0 } });

    // Follow-up: the model did not recognise "a 123 4567"; the pending step decides.
    const second = await turn(request('it is a 123 4567', { context: first.context }));
    expect(second.replies[0].text).toContain('A1234567');
    expect(second.replies[0].text).toContain('https://iseteenindus.politsei.ee');
    expect(second.replies[0].text).toMatch(/cannot see personal data/);
    expect(second.context).toEqual({ applicationNumber: 'A1234567' });
    expect(second.handoff).toBeUndefined();
  });

  it('takes a number under a wrong intent on the follow-up turn (et)', async () => {
    const first = await turn(request('Mis seisus on mu taotlus?', { language: 'et', intent: 'document_status' }));
    expect(first.replies[0].text).toContain('Mis on sinu taotluse number?');

    const second = await turn(
      request('Number on B7654321', { language: 'et', intent: 'passport_application', context: first.context }),
    );
    expect(second.replies[0].text).toContain('B7654321');
    expect(second.replies[0].text).toContain('iseteeninduses');
    expect(second.context?.form).toBeUndefined();
  });

  it('re-asks at most twice on garbage, then gives the pack answer and a person (en)', async () => {
    const first = await turn(request('check application status', { intent: 'document_status' }));
    const second = await turn(request("I don't have it", { context: first.context }));
    expect(second.replies[0].text).toContain('one letter followed by 7 digits');
    expect(second.context).toMatchObject({ form: { step: AWAITING_APPLICATION_NUMBER, attempts: 1 } });
    const third = await turn(request('no idea, sorry', { context: second.context }));
    expect(third.replies[0].text).toContain('one letter followed by 7 digits');
    expect(third.context).toMatchObject({ form: { step: AWAITING_APPLICATION_NUMBER, attempts: 2 } });

    const fourth = await turn(request('still lost', { context: third.context }));
    expect(fourth.replies[0].text).toBe(packAnswer('document_status', 'en'));
    expect(fourth.choices?.at(-1)).toEqual({ label: 'Talk to a person', value: 'Talk to a person' });
    expect(fourth.context).toEqual({});

    // The form is over: the next turn is answered by intent again.
    const fifth = await turn(request('how do I renew my passport', { intent: 'passport_application', context: fourth.context }));
    expect(fifth.replies[0].text).toBe(packAnswer('passport_application', 'en'));
  });

  it('re-asks in Estonian on garbage (et)', async () => {
    const context = { form: { step: AWAITING_APPLICATION_NUMBER, attempts: 1 } };
    const reply = await turn(request('ei mäleta', { language: 'et', context }));
    expect(reply.replies[0].text).toContain('Ma ei leidnud sellest taotluse numbrit');
    const last = await turn(request('ikka ei tea', { language: 'et', context: reply.context }));
    expect(last.replies[0].text).toBe(packAnswer('document_status', 'et'));
  });

  it('a whole other question, or another of its intents, is not an answer to "what is your number?"', async () => {
    const context = { form: { step: AWAITING_APPLICATION_NUMBER, attempts: 0 }, applicationNumber: 'D0000001' };
    expect(await turn(request('What is the weather like in Tartu today?', { context }))).toEqual({ replies: [], notAnAnswer: true });
    expect(await turn(request('how do I renew my passport', { intent: 'passport_application', context }))).toEqual({ replies: [], notAnAnswer: true });
    // A longer reply about the number itself is a try at answering: asked again.
    const again = await turn(request("I can't find the number on my receipt anywhere", { context }));
    expect(again.replies[0].text).toContain('one letter followed by 7 digits');
  });

  it('answers at once when the first message or the context already has the number', async () => {
    const inText = await turn(request('Is application C1112223 ready?', { intent: 'document_status' }));
    expect(inText.replies[0].text).toContain('C1112223');
    expect(inText.context?.form).toBeUndefined();

    const remembered = await turn(
      request('and the status again?', { intent: 'document_status', context: { applicationNumber: 'D0000001' } }),
    );
    expect(remembered.replies[0].text).toContain('D0000001');
  });
});

describe('police handler: handoffs and pack answers', () => {
  it('hands customs questions to tax (en)', async () => {
    const reply = await turn(request('How much alcohol can I bring across the border?', { intent: 'customs_at_border' }));
    expect(reply.handoff).toMatchObject({ to: 'agency', agency: 'tax', context: { intent: 'customs_allowances_travel' } });
    expect(reply.replies[0].text).toContain('Tax and Customs Board');
  });

  it('hands customs questions to tax (et)', async () => {
    const reply = await turn(
      request('Kui palju alkoholi võin üle piiri tuua?', { language: 'et', intent: 'customs_at_border' }),
    );
    expect(reply.handoff).toMatchObject({ to: 'agency', agency: 'tax' });
    expect(reply.replies[0].text).toContain('Maksu- ja Tolliameti');
  });

  it('hands moving abroad with a pension question to social, otherwise answers from the pack', async () => {
    const pension = await turn(
      request('Kolin Hispaaniasse, mis saab mu pensionist?', { language: 'et', intent: 'moving_abroad_documents' }),
    );
    expect(pension.handoff).toMatchObject({ to: 'agency', agency: 'social', context: { intent: 'pension_abroad' } });

    const documents = await turn(request('I am moving abroad', { intent: 'moving_abroad_documents' }));
    expect(documents.handoff).toBeUndefined();
    expect(documents.replies[0].text).toBe(packAnswer('moving_abroad_documents', 'en'));
  });

  it('adds a bank-card note to the lost-document answer only when a bank card is mentioned', async () => {
    const bank = await turn(request('I lost my wallet with my bank card and ID card', { intent: 'lost_document' }));
    expect(bank.replies.map((reply) => reply.text)).toEqual([
      expect.stringContaining('block it at once'),
      packAnswer('lost_document', 'en'),
    ]);
    const plain = await turn(request('Kaotasin ID-kaardi', { language: 'et', intent: 'lost_document' }));
    expect(plain.replies).toEqual([{ text: packAnswer('lost_document', 'et') }]);
  });

  it('answers other intents from the pack, including one passed along by another agency', async () => {
    const plain = await turn(request('Kuidas taotleda ID-kaarti?', { language: 'et', intent: 'id_card_application' }));
    expect(plain.replies[0].text).toBe(packAnswer('id_card_application', 'et'));
    expect(plain.context).toBeUndefined();

    const handedOver = BotRequest.parse({
      ...request('my baby needs a passport'),
      handoffFrom: { agency: 'social', reason: 'documents for a child', context: { intent: 'child_documents' } },
    });
    const reply = await turn(handedOver);
    expect(reply.replies[0].text).toBe(packAnswer('child_documents', 'en'));
  });
});
