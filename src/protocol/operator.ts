import { z } from 'zod';
export * from './operator-config.js';
import { AgencyId, Language, MAX_TEXT_LENGTH } from './common.js';
import { ConversationEvent } from './events.js';
import { RoutingDecision } from './routing.js';

/**
 * The operator side: the accounts file, the HTTP API's bodies and the views the console and any agency
 * helpdesk tool receive. docs/OPERATORS.md walks through them; the WebSocket frames are in operator-frames.ts.
 */
export const OperatorRole = z.enum(['operator', 'supervisor']);
export type OperatorRole = z.infer<typeof OperatorRole>;

export const OperatorId = z.string().regex(/^[a-z0-9][a-z0-9._-]{1,63}$/, 'operator id: 2-64 chars, lower-case letters, digits, ".", "_", "-"');

/** One line of `operators.yaml`. The password is kept only as a scrypt hash (`scrypt$N$r$p$salt$hash`). */
export const OperatorAccount = z.object({
  id: OperatorId,
  name: z.string().trim().min(1).max(80),
  email: z.email(),
  agencies: z.array(AgencyId).min(1),
  role: OperatorRole.default('operator'),
  passwordHash: z.string().regex(/^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/, 'passwordHash: scrypt$N$r$p$salt$hash'),
});
export type OperatorAccount = z.infer<typeof OperatorAccount>;

export const OperatorsFile = z.object({ operators: z.array(OperatorAccount).default([]) });
export type OperatorsFile = z.infer<typeof OperatorsFile>;

/** What an operator may know about an account: never the hash. */
export const OperatorProfile = OperatorAccount.omit({ passwordHash: true });
export type OperatorProfile = z.infer<typeof OperatorProfile>;

export const Password = z.string().min(10, 'at least 10 characters').max(200);

export const SignInRequest = z.object({ email: z.email(), password: z.string().min(1).max(200) });
export const SignInResponse = z.object({ token: z.string(), expiresAt: z.string(), operator: OperatorProfile });
export type SignInResponse = z.infer<typeof SignInResponse>;

export const Availability = z.enum(['online', 'away']);
export type Availability = z.infer<typeof Availability>;
export const AvailabilityRequest = z.object({ status: Availability });

/** Where a handed-over conversation is: in the queue, with an operator, back with the bot, or closed. */
export const HandoverState = z.enum(['queued', 'claimed', 'returned', 'closed']);
export type HandoverState = z.infer<typeof HandoverState>;

export const CloseOutcome = z.enum(['resolved', 'unresolved', 'referred', 'no_response', 'abusive']);
export type CloseOutcome = z.infer<typeof CloseOutcome>;

/** One handed-over conversation as the agency's board shows it. */
export const HandoverItem = z.object({
  conversationId: z.string(),
  agency: AgencyId,
  state: HandoverState,
  /** Why it came to a person (the rule or the bot's reason). */
  reason: z.string(),
  language: Language,
  /** When it (last) entered the queue, ISO. */
  queuedAt: z.string(),
  /** 1 = next, while queued. */
  position: z.number().int().min(1).optional(),
  holder: z.object({ id: z.string(), name: z.string() }).optional(),
  claimedAt: z.string().optional(),
  outcome: CloseOutcome.optional(),
  closedAt: z.string().optional(),
});
export type HandoverItem = z.infer<typeof HandoverItem>;

export const OperatorNote = z.object({
  at: z.string(),
  author: z.object({ id: z.string(), name: z.string() }),
  text: z.string(),
});
export type OperatorNote = z.infer<typeof OperatorNote>;

/** A conversation opened in the console: transcript, each routing decision, internal notes. */
export const ConversationDetail = z.object({
  item: HandoverItem,
  transcript: z.array(ConversationEvent),
  decisions: z.array(RoutingDecision),
  notes: z.array(OperatorNote),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

export const OperatorText = z.string().trim().min(1).max(MAX_TEXT_LENGTH);
export const ReplyRequest = z.object({ text: OperatorText, clientId: z.string().min(8).max(64).optional() });
export const NoteRequest = z.object({ text: OperatorText });
export const TransferRequest = z.object({
  to: z.union([z.object({ agency: AgencyId }), z.object({ operatorId: OperatorId })]),
  note: OperatorText.optional(),
});
export type TransferRequest = z.infer<typeof TransferRequest>;
export const CloseRequest = z.object({ outcome: CloseOutcome });

/** A citizen's contact request outside opening hours. */
export const ContactRequest = z
  .object({
    name: z.string().trim().min(1).max(120),
    email: z.email().optional(),
    phone: z.string().regex(/^\+?[0-9 ()-]{5,20}$/).optional(),
    question: z.string().trim().min(1).max(MAX_TEXT_LENGTH),
  })
  .refine((request) => request.email || request.phone, { message: 'give an e-mail address or a phone number' });
export type ContactRequest = z.infer<typeof ContactRequest>;
export const StoredContactRequest = z.object({ at: z.string(), conversationId: z.string(), agency: AgencyId, request: ContactRequest });
export type StoredContactRequest = z.infer<typeof StoredContactRequest>;

/** What a supervisor sees for each agency they serve. */
export const SupervisorView = z.object({
  agencies: z.array(
    z.object({
      agency: AgencyId,
      queueLength: z.number().int().min(0),
      /** Longest wait among queued conversations, ms. */
      longestWaitMs: z.number().int().min(0),
      holders: z.array(z.object({ id: z.string(), name: z.string(), availability: Availability, conversations: z.array(z.string()) })),
    }),
  ),
});
export type SupervisorView = z.infer<typeof SupervisorView>;

/** Who else serves an agency (transfer to a colleague). */
export const Colleague = z.object({ id: z.string(), name: z.string(), role: OperatorRole, availability: Availability });
export type Colleague = z.infer<typeof Colleague>;

/** Supervisors' account administration (their agencies only). */
export const NewAccountRequest = OperatorProfile.extend({ password: Password });
export const PasswordRequest = z.object({ password: Password });
