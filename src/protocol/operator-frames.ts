import { z } from 'zod';
import { ConversationEvent } from './events.js';
import { Availability, CloseOutcome, HandoverItem, OperatorNote, OperatorProfile, OperatorText, TransferRequest } from './operator.js';

/** Path of the operator WebSocket (console and helpdesk tools). Authenticated by cookie or bearer at the upgrade. */
export const OPERATOR_SOCKET_PATH = '/operators/ws';

const Ref = z.string().min(1).max(64);
const ConversationId = z.string().min(1).max(80);

/**
 * Frames an operator client sends. Commands carry a `ref` the server echoes in `done` or `error`; each
 * mirrors one HTTP endpoint (docs/OPERATORS.md), with the same access checks.
 */
export const OperatorClientFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('availability'), ref: Ref.optional(), status: Availability }),
  /** Follow a conversation's events live (the console's open conversation). */
  z.object({ type: z.literal('watch'), ref: Ref.optional(), conversationId: ConversationId }),
  z.object({ type: z.literal('unwatch'), ref: Ref.optional(), conversationId: ConversationId }),
  z.object({ type: z.literal('typing'), ref: Ref.optional(), conversationId: ConversationId, active: z.boolean() }),
  z.object({ type: z.literal('claim'), ref: Ref.optional(), conversationId: ConversationId }),
  z.object({ type: z.literal('reply'), ref: Ref.optional(), conversationId: ConversationId, text: OperatorText, clientId: z.string().min(8).max(64).optional() }),
  z.object({ type: z.literal('note'), ref: Ref.optional(), conversationId: ConversationId, text: OperatorText }),
  z.object({ type: z.literal('transfer'), ref: Ref.optional(), conversationId: ConversationId, to: TransferRequest.shape.to, note: TransferRequest.shape.note }),
  z.object({ type: z.literal('return'), ref: Ref.optional(), conversationId: ConversationId }),
  z.object({ type: z.literal('close'), ref: Ref.optional(), conversationId: ConversationId, outcome: CloseOutcome }),
]);
export type OperatorClientFrame = z.infer<typeof OperatorClientFrame>;

export const OperatorServerFrame = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), operator: OperatorProfile, availability: Availability }),
  /** The board of one agency, sent on connect and whenever it changes. */
  z.object({ type: z.literal('board'), agency: z.string(), items: z.array(HandoverItem) }),
  /** One event of a watched conversation, in seq order, once. */
  z.object({ type: z.literal('event'), conversationId: z.string(), event: ConversationEvent }),
  /** The citizen is typing: presence only, never the text. */
  z.object({ type: z.literal('typing'), conversationId: z.string(), active: z.boolean() }),
  z.object({ type: z.literal('notes'), conversationId: z.string(), notes: z.array(OperatorNote) }),
  /** The citizen erased a watched conversation: nothing of it is kept any more, and its feed has stopped. */
  z.object({ type: z.literal('erased'), conversationId: z.string() }),
  z.object({ type: z.literal('done'), ref: z.string(), result: z.unknown().optional() }),
  z.object({
    type: z.literal('error'),
    ref: z.string().optional(),
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
  }),
]);
export type OperatorServerFrame = z.infer<typeof OperatorServerFrame>;
