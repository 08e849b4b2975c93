/**
 * Social Insurance Board bot: pack answers, plus
 * - a short form for the parental benefit amount (asks income, then whether the child is born), and
 * - a handoff to the Tax and Customs Board for questions on how pensions are taxed.
 */
import { defineHandler } from '../../src/agencies/index.js';
import { TEXTS } from './messages.js';
import { PARENTAL_INTENT, continueParentalBenefit, pendingStep, startParentalBenefit } from './parental-benefit.js';

export default defineHandler((request, tools) => {
  const pending = pendingStep(request.context);
  if (pending) return continueParentalBenefit(request, pending, tools);

  if (request.intent === PARENTAL_INTENT) return startParentalBenefit(request);

  if (request.intent === 'pension_income_tax') {
    return {
      replies: [{ text: TEXTS[request.language].handoff }],
      handoff: {
        to: 'agency',
        agency: 'tax',
        reason: 'how pensions are taxed is answered by the Tax and Customs Board',
        context: { topic: 'pension_income_tax' },
      },
    };
  }

  return tools.answer(request.intent, request.language);
});
