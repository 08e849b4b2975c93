import { z } from 'zod';
import { FORM_KEY, withoutForm, type BotContext, type BotRequest, type BotResponse } from '../../src/protocol/index.js';
import { MAX_REPROMPTS, isAnswerAttempt, isOfferedChoice, personChoice, type HandlerTools } from '../../src/agencies/index.js';
import { EXAMPLE_CEILING, EXAMPLE_FLOOR, TEXTS, euros, type Bound } from './messages.js';
import { parseAmount, parseYesNo } from './parse-answer.js';

export const PARENTAL_INTENT = 'parental_benefit_amount';

/** What this form keeps in the agency context between turns, under the protocol's `form` key (FORM_KEY). */
const Pending = z.object({
  name: z.literal('parental'),
  step: z.enum(['income', 'born']),
  /** Re-asks of the current question so far; after MAX_REPROMPTS the form gives its answer text and a person. */
  attempts: z.number().int().min(0),
  income: z.number().min(0).optional(),
});
type Pending = z.infer<typeof Pending>;

export function pendingStep(context: BotContext): Pending | undefined {
  return Pending.safeParse(context[FORM_KEY]).data;
}

const NOT_AN_ANSWER: BotResponse = { replies: [], notAnAnswer: true };

/** Words of each question's topic in et/en/ru/sv: a long reply that uses one is a try at answering, asked again. */
const TOPIC = {
  income: /earn|salary|income|wage|gross|euro|\beur\b|palk|teeni|sissetulek|tulu|брутто|зарпл|доход|получа|евро|оклад|lön|tjänar|inkomst|brutto/iu,
  born: /child|baby|born|birth|due|laps|beebi|sünd|sund|ребён|ребен|малыш|родил|роды|barn|bebis|född|fodd|föd/iu,
};

/** First turn: the citizen asked about the amount. "I earn 2000 €, how much…" skips the income question. */
export function startParentalBenefit(request: BotRequest): BotResponse {
  const income = parseAmount(request.text, { requireCurrency: true });
  if (income !== undefined) return ask(request, { name: 'parental', step: 'born', attempts: 0, income });
  return ask(request, { name: 'parental', step: 'income', attempts: 0 });
}

/**
 * A later turn while a question is open. The open step reads the message first, whatever intent the model
 * guessed ("Yes, the child is born" scores as child_birth_benefits). It is not an answer when the router is
 * confident it asks for another of this agency's intents ("how much child allowance until the kids turn 16":
 * 16 is no income), or when it is a whole sentence with nothing the step can use ("what's the weather on
 * Mars?"): then `notAnAnswer`, and the router routes it as if no form were open.
 */
export function continueParentalBenefit(request: BotRequest, pending: Pending, tools: HandlerTools): BotResponse {
  const otherIntent = request.intent !== undefined && request.intent !== PARENTAL_INTENT;
  if (pending.step === 'income') {
    // Under another intent only an amount in euros counts: a bare number may be an age, a year, a count.
    const income = parseAmount(request.text, { requireCurrency: otherIntent });
    if (income !== undefined) return ask(request, { ...pending, step: 'born', attempts: 0, income });
    if (otherIntent || !isAnswerAttempt(request.text, TOPIC.income)) return NOT_AN_ANSWER;
    if (pending.attempts < MAX_REPROMPTS) return ask(request, { ...pending, attempts: pending.attempts + 1 });
    tools.log.info({ step: pending.step }, 'parental benefit: no amount after two re-asks, giving the pack answer and a person');
    const pack = tools.answer(PARENTAL_INTENT, request.language);
    return { ...pack, choices: [...(pack.choices ?? []), personChoice(request.language)].slice(0, 10), context: withoutForm(request.context) };
  }
  const offered = isOfferedChoice(request.text, TEXTS[request.language].bornChoices);
  if (otherIntent && !offered) return NOT_AN_ANSWER;
  const born = parseYesNo(request.text);
  if (born === undefined && !offered && !isAnswerAttempt(request.text, TOPIC.born)) return NOT_AN_ANSWER;
  if (born === undefined && pending.attempts < MAX_REPROMPTS) return ask(request, { ...pending, attempts: pending.attempts + 1 });
  const answer = estimate(request, pending.income ?? 0, born);
  return born === undefined ? { ...answer, choices: [personChoice(request.language)] } : answer;
}

function ask(request: BotRequest, next: Pending): BotResponse {
  const texts = TEXTS[request.language];
  const reask = next.attempts > 0;
  const text = next.step === 'income' ? (reask ? texts.reaskIncome : texts.askIncome) : reask ? texts.reaskBorn : texts.askBorn;
  return {
    replies: [{ text }],
    ...(next.step === 'born' ? { choices: texts.bornChoices } : {}),
    context: { ...request.context, [FORM_KEY]: next },
  };
}

/** 100% of the average income, between the (illustrative) floor and ceiling. */
export function monthlyBenefit(income: number): { benefit: number; bound: Bound } {
  if (income > EXAMPLE_CEILING) return { benefit: EXAMPLE_CEILING, bound: 'ceiling' };
  if (income < EXAMPLE_FLOOR) return { benefit: EXAMPLE_FLOOR, bound: 'floor' };
  return { benefit: income, bound: undefined };
}

function estimate(request: BotRequest, income: number, born: boolean | undefined): BotResponse {
  const { language } = request;
  const texts = TEXTS[language];
  const { benefit, bound } = monthlyBenefit(income);
  const lines = [
    texts.estimate(euros(income, language), euros(benefit, language), bound, euros(EXAMPLE_CEILING, language), euros(EXAMPLE_FLOOR, language)),
    ...(born === undefined ? [] : [born ? texts.born : texts.notBorn]),
    texts.check,
  ];
  return { replies: [{ text: lines.join(' ') }], context: withoutForm(request.context) };
}
