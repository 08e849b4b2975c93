import { z } from 'zod';
import { AgencyId, Language, MAX_TEXT_LENGTH } from './common.js';
import { PrivacyLevel } from './pack.js';
import { ContactRequest } from './operator.js';

/**
 * Frames the widget sends. Version 1. Every frame is one JSON object with a `type`.
 * See docs/PROTOCOL.md for the exchange and a sample session.
 */
export const HelloFrame = z.object({
  type: z.literal('hello'),
  /** Agency whose site embeds the widget: routing prefers it when in doubt. */
  agency: AgencyId.optional(),
  /** UI language, a hint for language detection. */
  language: Language.optional(),
  /** Conversation token from an earlier `welcome`: resume instead of starting anew. */
  token: z.string().min(10).max(200).optional(),
  /** Highest server `seq` the widget has shown; the server replays what came after. */
  lastSeq: z.number().int().min(0).optional(),
  /** What the citizen chose to have kept (one of the agency's `privacy.levels`). */
  privacyLevel: PrivacyLevel.optional(),
});

export const CitizenMessageFrame = z.object({
  type: z.literal('message'),
  /**
   * Client-made id (uuid); a resend with the same id is acknowledged, never appended twice. Letters,
   * digits, `-` and `_` only: replies use ids with `:` (router.ts `replyIds`) that a citizen cannot send.
   */
  clientId: z.string().min(8).max(64).regex(/^[\w-]+$/),
  text: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
  language: Language.optional(),
});

export const TypingFrame = z.object({
  type: z.literal('typing'),
  /** Presence only: the widget never sends what is being typed. */
  active: z.boolean(),
});

export const ActionFrame = z.object({
  type: z.literal('action'),
  action: z.enum(['request_human', 'end', 'delete']),
});

export const RatingFrame = z.object({
  type: z.literal('rating'),
  score: z.number().int().min(1).max(5),
  comment: z.string().max(1000).optional(),
});

/** The citizen changes how much of the conversation is kept. */
export const PrivacyFrame = z.object({
  type: z.literal('privacy'),
  level: PrivacyLevel,
});

/** Outside the agency's opening hours: the citizen leaves a way to reach them instead of waiting. */
export const ContactFrame = z.object({
  type: z.literal('contact'),
  request: ContactRequest,
});

export const ClientFrame = z.discriminatedUnion('type', [
  HelloFrame,
  CitizenMessageFrame,
  TypingFrame,
  ActionFrame,
  RatingFrame,
  PrivacyFrame,
  ContactFrame,
]);
export type ClientFrame = z.infer<typeof ClientFrame>;
export type HelloFrame = z.infer<typeof HelloFrame>;
export type CitizenMessageFrame = z.infer<typeof CitizenMessageFrame>;
export type TypingFrame = z.infer<typeof TypingFrame>;
export type ActionFrame = z.infer<typeof ActionFrame>;
export type RatingFrame = z.infer<typeof RatingFrame>;
export type PrivacyFrame = z.infer<typeof PrivacyFrame>;
export type ContactFrame = z.infer<typeof ContactFrame>;
