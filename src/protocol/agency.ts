import { z } from 'zod';
import { Choice, Language } from './common.js';
import { RoutingDecision } from './routing.js';

/** Free-form, JSON-serialisable state a bot keeps between turns (slots, step of a form, …). */
export const BotContext = z.record(z.string(), z.unknown());
export type BotContext = z.infer<typeof BotContext>;

/**
 * The context key of an open form. A bot that has asked the citizen for a value (an amount, yes/no, an
 * application number) keeps that question's state under `context.form` (any JSON object), and only there.
 * While it is set the form is open: the router sends the next message to this bot even when the model
 * cannot classify it ("2100", "jah"). The router owns the form's end as well as the bot does: it deletes
 * `context.form` when the citizen says a cancel word, when the bot answers `notAnAnswer`, and when the
 * conversation moves to another agency or to a shared intent, so an old question never takes a new
 * message as its answer. Everything else in the context (e.g. a remembered application number) stays.
 */
export const FORM_KEY = 'form';

/** True when this agency context holds an open form (see `FORM_KEY`). */
export function hasOpenForm(context: BotContext | undefined): boolean {
  const form = context?.[FORM_KEY];
  return typeof form === 'object' && form !== null;
}

/** The context with its open form (if any) removed. */
export function withoutForm(context: BotContext): BotContext {
  const { [FORM_KEY]: _form, ...rest } = context;
  return rest;
}

/** What the router sends an agency bot for one citizen turn, in-process or over HTTP. */
export const BotRequest = z.object({
  conversationId: z.string(),
  agency: z.string(),
  text: z.string(),
  language: Language,
  /** Intent chosen for this bot (may be absent on a `stay` follow-up the model did not recognise). */
  intent: z.string().optional(),
  decision: RoutingDecision,
  /** This agency's context from earlier turns. */
  context: BotContext,
  /**
   * The citizen message this turn answers, `<conversationId>:<seq>`. The same when a turn is run again after a
   * storage failure (Switchboard then writes the replies once): a bot with side effects can do them once too.
   */
  turn: z.string().optional(),
  /** Set when another agency handed the conversation over: who, why, and what it passed along. */
  handoffFrom: z
    .object({ agency: z.string(), reason: z.string(), context: BotContext })
    .optional(),
});
export type BotRequest = z.infer<typeof BotRequest>;

export const Handoff = z.discriminatedUnion('to', [
  z.object({
    to: z.literal('agency'),
    agency: z.string(),
    reason: z.string().min(1),
    /** Passed to the receiving bot as `handoffFrom.context`. */
    context: BotContext.default({}),
  }),
  z.object({ to: z.literal('human'), reason: z.string().min(1) }),
]);
export type Handoff = z.infer<typeof Handoff>;

export const BotResponse = z.object({
  replies: z.array(z.object({ text: z.string().min(1).max(4000) })).max(10),
  choices: z.array(Choice).max(10).optional(),
  /** Replaces the agency's context for the next turn; omit to keep it unchanged. */
  context: BotContext.optional(),
  handoff: Handoff.optional(),
  /**
   * "That was not an answer to my question": the bot's form was open, the message is no value the form can
   * use and no attempt at one (its `replies` are ignored). The router closes
   * the form and routes the message as if no form had been open (docs/ARCHITECTURE.md, "Forms").
   */
  notAnAnswer: z.literal(true).optional(),
});
export type BotResponse = z.infer<typeof BotResponse>;
