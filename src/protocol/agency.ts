import { z } from 'zod';
import { Choice, Language } from './common.js';
import { RoutingDecision } from './routing.js';

/** Free-form, JSON-serialisable state a bot keeps between turns (slots, step of a form, …). */
export const BotContext = z.record(z.string(), z.unknown());
export type BotContext = z.infer<typeof BotContext>;

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
});
export type BotResponse = z.infer<typeof BotResponse>;
