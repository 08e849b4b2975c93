import { z } from 'zod';

/** Languages the widget UI speaks and the router recognises. Packs may add others later. */
export const LANGUAGES = ['et', 'en', 'ru', 'sv'] as const;
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

/** Agency ids are folder names and key parts: lower-case, short, no separators that keys use. */
export const AgencyId = z
  .string()
  .regex(/^[a-z][a-z0-9-]{1,31}$/, 'agency id: 2-32 chars, lower-case letters, digits, "-"');
export type AgencyId = z.infer<typeof AgencyId>;

/** Fully qualified intent name: `<owner>/<intent>`, owner being an agency id or `shared`. */
export const IntentName = z.string().regex(/^[a-z][a-z0-9_]{1,63}$/, 'intent name: snake_case, 2-64 chars');

export const ConversationState = z.enum(['bot', 'waiting_human', 'with_operator', 'closed']);
export type ConversationState = z.infer<typeof ConversationState>;

/** A quick-reply button: `label` is shown, `value` is sent back as the citizen's message. */
export const Choice = z.object({
  label: z.string().min(1).max(120),
  value: z.string().min(1).max(500),
});
export type Choice = z.infer<typeof Choice>;

export const Sender = z.enum(['citizen', 'bot', 'operator', 'system']);
export type Sender = z.infer<typeof Sender>;

/** Upper bound of one citizen message; the ws `maxPayload` is set a little above it. */
export const MAX_TEXT_LENGTH = 2000;
