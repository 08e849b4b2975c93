import { z } from 'zod';
import type { BotContext, BotRequest, BotResponse } from '../../src/protocol/index.js';
import type { HandlerTools } from '../../src/agencies/index.js';
import { EXAMPLE_CEILING, EXAMPLE_FLOOR, TEXTS, euros, type Bound } from './messages.js';
import { parseAmount, parseYesNo } from './parse-answer.js';

export const PARENTAL_INTENT = 'parental_benefit_amount';

/** What this form keeps in the agency context between turns, under the `parental` key. */
const Pending = z.object({
  step: z.enum(['income', 'born']),
  /** Failed answers to the current question; one re-ask, then we give up. */
  attempts: z.number().int().min(0),
  income: z.number().min(0).optional(),
});
type Pending = z.infer<typeof Pending>;

const MAX_REASKS = 1;

export function pendingStep(context: BotContext): Pending | undefined {
  return Pending.safeParse(context.parental).data;
}

/** First turn: the citizen asked about the amount. "I earn 2000 €, how much…" skips the income question. */
export function startParentalBenefit(request: BotRequest): BotResponse {
  const income = parseAmount(request.text, { requireCurrency: true });
  if (income !== undefined) return ask(request, { step: 'born', attempts: 0, income });
  return ask(request, { step: 'income', attempts: 0 });
}

/** A later turn while a question is open; the open step decides, whatever intent the model guessed. */
export function continueParentalBenefit(request: BotRequest, pending: Pending, tools: HandlerTools): BotResponse {
  if (pending.step === 'income') {
    const income = parseAmount(request.text);
    if (income !== undefined) return ask(request, { step: 'born', attempts: 0, income });
    if (pending.attempts < MAX_REASKS) return ask(request, { step: 'income', attempts: pending.attempts + 1 });
    tools.log.info({ step: pending.step }, 'parental benefit: no amount after re-ask, falling back to the pack answer');
    return { ...tools.answer(PARENTAL_INTENT, request.language), context: withoutPending(request.context) };
  }
  const born = parseYesNo(request.text);
  if (born === undefined && pending.attempts < MAX_REASKS) return ask(request, { ...pending, attempts: pending.attempts + 1 });
  return estimate(request, pending.income ?? 0, born);
}

function ask(request: BotRequest, next: Pending): BotResponse {
  const texts = TEXTS[request.language];
  const reask = next.attempts > 0;
  const text = next.step === 'income' ? (reask ? texts.reaskIncome : texts.askIncome) : reask ? texts.reaskBorn : texts.askBorn;
  return {
    replies: [{ text }],
    ...(next.step === 'born' ? { choices: texts.bornChoices } : {}),
    context: { ...request.context, parental: next },
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
  return { replies: [{ text: lines.join(' ') }], context: withoutPending(request.context) };
}

function withoutPending(context: BotContext): BotContext {
  const { parental: _done, ...rest } = context;
  return rest;
}
