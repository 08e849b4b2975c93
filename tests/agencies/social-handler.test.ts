import { describe, expect, it } from 'vitest';
import { BotRequest, BotResponse, type BotContext, type Language } from '../../src/protocol/index.js';
import { loadAgencyFolder, PackAnswers, type AgencyHandler, type HandlerTools } from '../../src/agencies/index.js';
import { createLogger } from '../../src/log/index.js';
import handler from '../../agencies/social/handler.js';
import { parseAmount, parseYesNo } from '../../agencies/social/parse-answer.js';

const agency = await loadAgencyFolder('agencies/social');
const packs = new PackAnswers(agency.packs);
const tools: HandlerTools = {
  answer: (intent, language) => packs.answer(intent, language, 'c1'),
  log: createLogger({ level: 'silent' }),
};

function request(text: string, language: Language, intent: string | undefined, context: BotContext = {}): BotRequest {
  return BotRequest.parse({
    conversationId: 'c1',
    agency: 'social',
    text,
    language,
    ...(intent ? { intent } : {}),
    decision: {
      rule: intent ? 'route' : 'stay',
      language,
      languageConfidence: 0.9,
      agency: 'social',
      ...(intent ? { intent: `social/${intent}` } : {}),
      confidence: intent ? 0.8 : 0.2,
      top: [],
      reason: 'test',
    },
    context,
  });
}

async function turn(text: string, language: Language, intent: string | undefined, context: BotContext = {}) {
  return BotResponse.parse(await handler(request(text, language, intent, context), tools));
}

const digits = (text: string) => text.replace(/[\s\u00a0\u202f.,]/g, '');

describe('social handler: parental benefit form', () => {
  it('is the module the agency loader picks up', () => {
    expect(agency.handler).toBe(handler satisfies AgencyHandler);
  });

  it('asks for the income, then whether the child is born, then answers (en)', async () => {
    const first = await turn('How much parental benefit will I get?', 'en', 'parental_benefit_amount');
    expect(first.replies[0].text).toMatch(/average monthly gross income/);
    expect(first.context).toEqual({ form: { name: 'parental', step: 'income', attempts: 0 } });

    // The model did not recognise "about 2 100 euros": no intent, the pending step decides.
    const second = await turn('about 2 100 euros', 'en', undefined, first.context);
    expect(second.replies[0].text).toMatch(/born/);
    expect(second.choices?.map((choice) => choice.label)).toEqual(['Yes', 'Not yet']);
    expect(second.context).toEqual({ form: { name: 'parental', step: 'born', attempts: 0, income: 2100 } });

    // …and here it guessed another intent entirely.
    const third = await turn(second.choices![0].value, 'en', 'child_birth_benefits', second.context);
    const text = third.replies[0].text;
    expect(digits(text)).toContain('€2100');
    expect(text).toMatch(/100% of your average income/);
    expect(text).toMatch(/self-service portal/);
    expect(text).toContain('sotsiaalkindlustusamet.ee');
    expect(third.context).toEqual({});
  });

  it('runs the same exchange in Estonian and keeps unrelated context', async () => {
    const first = await turn('Kui suurt vanemahüvitist ma saan?', 'et', 'parental_benefit_amount', { visits: 2 });
    expect(first.replies[0].text).toMatch(/brutokuutulul/);
    const second = await turn('umbes 1800 eurot', 'et', 'pension_amount', first.context);
    expect(second.replies[0].text).toBe('Aitäh. Kas laps on juba sündinud?');
    const third = await turn('Ei ole veel sündinud', 'et', undefined, second.context);
    const text = third.replies[0].text;
    expect(digits(text)).toContain('1800€');
    expect(text).toMatch(/enne seda saab ema sünnitushüvitist/);
    expect(third.context).toEqual({ visits: 2 });
  });

  it('skips the income question when the first message names an amount', async () => {
    const first = await turn('I earn 2000 € a month, how much parental benefit is that?', 'en', 'parental_benefit_amount');
    expect(first.context).toEqual({ form: { name: 'parental', step: 'born', attempts: 0, income: 2000 } });
  });

  it('caps the example at the ceiling and raises it to the floor', async () => {
    const high = await turn('9000', 'en', undefined, { form: { name: 'parental', step: 'income', attempts: 0 } });
    const capped = await turn('yes', 'en', undefined, high.context);
    expect(digits(capped.replies[0].text)).toContain('€5496');
    expect(capped.replies[0].text).toMatch(/capped at the ceiling/);
    const low = await turn('nope', 'en', undefined, { form: { name: 'parental', step: 'born', attempts: 0, income: 300 } });
    expect(low.replies[0].text).toMatch(/raised to the minimum rate/);
  });

  it('asks again at most twice on an answer without a number, then gives the pack answer and a person (en)', async () => {
    const first = await turn('How much parental benefit?', 'en', 'parental_benefit_amount');
    const again = await turn('no idea really', 'en', undefined, first.context);
    expect(again.replies[0].text).toMatch(/did not catch an amount/);
    expect(again.context).toEqual({ form: { name: 'parental', step: 'income', attempts: 1 } });
    const twice = await turn('a lot', 'en', undefined, again.context);
    expect(twice.replies[0].text).toMatch(/did not catch an amount/);
    expect(twice.context).toEqual({ form: { name: 'parental', step: 'income', attempts: 2 } });
    const fallback = await turn('dunno', 'en', undefined, twice.context);
    expect(fallback.replies).toEqual(tools.answer('parental_benefit_amount', 'en').replies);
    expect(fallback.choices?.map((choice) => choice.label)).toContain('Talk to a person');
    expect(fallback.context).toEqual({});
  });

  it.each([
    ['et', 'ei mäleta', 'küll palju', 'ei tea', /ei leidnud summat/, 'Räägi inimesega'],
    ['ru', 'не помню', 'много', 'не знаю', /не нашёл сумму/, 'Поговорить с человеком'],
    ['sv', 'minns inte', 'mycket', 'vet inte', /hittade inget belopp/, 'Prata med en person'],
  ] as const)('re-asks twice in %s, then answers from the pack and offers a person', async (language, one, two, three, reask, person) => {
    const start = { form: { name: 'parental', step: 'income', attempts: 0 } };
    const again = await turn(one, language, undefined, start);
    expect(again.replies[0].text).toMatch(reask);
    const twice = await turn(two, language, undefined, again.context);
    expect(twice.replies[0].text).toMatch(reask);
    const fallback = await turn(three, language, undefined, twice.context);
    expect(fallback.replies).toEqual(tools.answer('parental_benefit_amount', language).replies);
    expect(fallback.choices?.at(-1)).toEqual({ label: person, value: person });
    expect(fallback.context).toEqual({});
  });

  it('gives the estimate without the birth remark, and a person, when the yes/no is not understood three times', async () => {
    const again = await turn('hmm', 'en', undefined, { form: { name: 'parental', step: 'born', attempts: 0, income: 2500 } });
    expect(again.replies[0].text).toMatch(/yes or no/);
    const twice = await turn('what?', 'en', undefined, again.context);
    expect(twice.replies[0].text).toMatch(/yes or no/);
    const done = await turn('eh', 'en', undefined, twice.context);
    expect(digits(done.replies[0].text)).toContain('€2500');
    expect(done.replies[0].text).not.toMatch(/self-service portal|maternity/);
    expect(done.choices).toEqual([{ label: 'Talk to a person', value: 'Talk to a person' }]);
    expect(done.context).toEqual({});
  });
});

describe('social handler: a message that is not an answer leaves the form', () => {
  const income = { form: { name: 'parental', step: 'income', attempts: 0 } };
  const born = { form: { name: 'parental', step: 'born', attempts: 0, income: 2100 } };

  it.each([
    ["What's the weather on Mars?", income],
    ['Recommend me a pizza place', income],
    ['Can you tell me something else entirely please', born],
  ])('%j is not an answer: no reply, the router routes it', async (text, context) => {
    expect(await turn(text, 'en', undefined, context)).toEqual({ replies: [], notAnAnswer: true });
  });

  it.each([
    ['I earn about two thousand a month, roughly', 'en', income],
    ['minu palk on umbes kaks tuhat kuus', 'et', income],
    ['моя зарплата примерно две тысячи в месяц', 'ru', income],
    ['the baby is due in about three weeks', 'en', born],
  ] as const)('a longer answer in words on the question\'s topic is asked again, not routed away: %j', async (text, language, context) => {
    const reply = await turn(text, language, undefined, context);
    expect(reply.notAnAnswer).toBeUndefined();
    expect(reply.context?.form).toMatchObject({ attempts: 1 });
  });

  it('a number in a confident question for another intent is no income (the "until the kids turn 16" case)', async () => {
    const reply = await turn('how much child allowance do I get until the kids turn 16', 'en', 'family_benefits', income);
    expect(reply).toEqual({ replies: [], notAnAnswer: true });
  });

  it('another intent on the born step is not an answer, unless it is one of the choices the form offered', async () => {
    expect(await turn('what family benefits are there', 'en', 'family_benefits', born)).toEqual({ replies: [], notAnAnswer: true });
    const offered = await turn('Yes, the child is born', 'en', 'child_birth_benefits', born);
    expect(offered.replies[0].text).toMatch(/self-service portal/);
  });

  it.each([
    ['2100', 'en', income],
    ['umbes 1800 eurot', 'et', income],
    ['yes', 'en', born],
    ['jah', 'et', born],
    ['да', 'ru', born],
    ['ja', 'sv', born],
  ] as const)('a value the form can use still goes to the form: %j (%s)', async (text, language, context) => {
    const reply = await turn(text, language, undefined, context);
    expect(reply.notAnAnswer).toBeUndefined();
    expect(reply.replies.length).toBe(1);
  });
});

describe('social handler: handoff and pack answers', () => {
  it.each([
    ['en', 'Why is income tax taken from my pension?', /Tax and Customs Board/],
    ['et', 'Miks mu pensionilt tulumaksu võetakse?', /Maksu- ja Tolliameti/],
  ] as const)('hands pension income tax over to the tax agency (%s)', async (language, text, mention) => {
    const response = await turn(text, language, 'pension_income_tax');
    expect(response.handoff).toEqual({
      to: 'agency',
      agency: 'tax',
      reason: expect.any(String),
      context: { topic: 'pension_income_tax' },
    });
    expect(response.replies[0].text).toMatch(mention);
  });

  it('answers other intents from the pack, in the request language', async () => {
    expect(await turn('Kuidas taotleda toitjakaotuspensioni?', 'et', 'survivors_pension')).toEqual(
      tools.answer('survivors_pension', 'et'),
    );
    const unknown = await turn('blah', 'en', undefined);
    expect(unknown).toEqual(tools.answer(undefined, 'en'));
  });

  it.each([
    ['en', 'How do I apply for parental benefit?'],
    ['et', 'Kuidas vanemahüvitist taotleda?'],
    ['ru', 'Как оформить родительскую компенсацию?'],
    ['sv', 'Hur ansöker jag om föräldrapenning?'],
  ] as const)('answers how to apply for parental benefit with the process text, not the amount form (%s)', async (language, text) => {
    const response = await turn(text, language, 'parental_benefit_application');
    expect(response).toEqual(tools.answer('parental_benefit_application', language));
    expect(response.context?.parental).toBeUndefined();
    expect(response.replies[0].text).toContain('https://www.sotsiaalkindlustusamet.ee');
  });
});

describe('reading answers', () => {
  it.each([
    ['2100', 2100],
    ['2 100 €', 2100],
    ['about 1800 euros', 1800],
    ['umbes 1 800 eurot', 1800],
    ['примерно 2 500 евро', 2500],
    ['ungefär 1,8 tusen', 1800],
    ['2.100', 2100],
    ['1800,50', 1801],
    ['I have 2 kids and earned 2000', 2000],
    ['0', 0],
  ])('parseAmount(%j) = %d', (text, expected) => {
    expect(parseAmount(text)).toBe(expected);
  });

  it('finds no amount in words, and ignores bare numbers when a currency is required', () => {
    expect(parseAmount('no idea')).toBeUndefined();
    expect(parseAmount('ei tea')).toBeUndefined();
    expect(parseAmount('my child was born in 2024', { requireCurrency: true })).toBeUndefined();
    expect(parseAmount('I earn €3200 and have 2 kids', { requireCurrency: true })).toBe(3200);
  });

  it.each([
    ['Yes, the child is born', true],
    ['not born yet', false],
    ['Jah, laps on sündinud', true],
    ['Ei ole veel sündinud', false],
    ['Да, родился', true],
    ['Ещё нет', false],
    ['Ja, barnet är fött', true],
    ['Inte än', false],
    ['hmm', undefined],
  ])('parseYesNo(%j) = %s', (text, expected) => {
    expect(parseYesNo(text)).toBe(expected);
  });
});
