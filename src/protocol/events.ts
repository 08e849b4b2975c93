import { z } from 'zod';
import { Choice, ConversationState, Language, Sender } from './common.js';

/**
 * What a conversation's ordered log holds. Each event gets a per-conversation `seq` (1, 2, 3, …)
 * when it is appended; the widget shows events by `seq` and resumes from the last one it saw.
 */
export const MessageEvent = z.object({
  type: z.literal('message'),
  from: Sender,
  text: z.string(),
  /** Agency that spoke (bot) or whose queue the operator serves. */
  agency: z.string().optional(),
  /** Operator display name, never an internal id. */
  operatorName: z.string().optional(),
  choices: z.array(Choice).max(10).optional(),
  /** Set on the "closed now" notice: the widget offers the contact-request form (name, e-mail or phone, question). */
  offer: z.literal('contact_request').optional(),
  /**
   * The citizen's client message id, so the widget can match its own message; on a reply, the id of the
   * turn step that wrote it (`turn:<seq>:<n>`), which makes a retried turn append it once.
   */
  clientId: z.string().optional(),
  /**
   * On a citizen's message: the widget's language when it was sent (a hint for language detection). On a
   * reply: the conversation's language it answers in; a widget whose UI language differs follows it.
   */
  language: Language.optional(),
});

export const StatusEvent = z.object({
  type: z.literal('status'),
  state: ConversationState,
  agency: z.string().optional(),
  /** Position in the operator queue while waiting for a human (1 = next). */
  queuePosition: z.number().int().min(1).optional(),
  reason: z.string().optional(),
  /** With an operator: who (first name or role), so the widget can say who the citizen talks to. */
  operatorName: z.string().optional(),
});

export const ConversationEventBody = z.discriminatedUnion('type', [MessageEvent, StatusEvent]);
export type ConversationEventBody = z.infer<typeof ConversationEventBody>;

export const ConversationEvent = z.intersection(
  ConversationEventBody,
  z.object({
    seq: z.number().int().min(1),
    /** ISO timestamp. */
    at: z.string(),
  }),
);
export type ConversationEvent = z.infer<typeof ConversationEvent>;
