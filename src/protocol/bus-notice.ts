import { z } from 'zod';
import { ConversationEvent } from './events.js';

/** `ok`, or `degraded` while shared storage is unreachable. */
export const ServiceStatus = z.enum(['ok', 'degraded']);
export type ServiceStatus = z.infer<typeof ServiceStatus>;

/**
 * A small notice fanned out to every instance that may hold a widget or console for a conversation.
 * Notices are hints: receivers read the events themselves with `eventsAfter(lastDelivered)`, so a lost
 * or doubled notice never loses or doubles a message. On Redis, `append.lua` builds the `events` notice
 * as a string in the same script that appends; `tests/conversations/redis-bus-notice.test.ts` checks that
 * what it builds parses here.
 */
export const BusNotice = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('events'),
    conversationId: z.string().min(1),
    seq: z.number().int().min(1),
    /** The event with `seq`, when present: a reader that has everything before it may send it as is. */
    event: ConversationEvent.optional(),
  }),
  z.object({
    type: z.literal('typing'),
    conversationId: z.string().min(1),
    from: z.enum(['citizen', 'bot', 'operator']),
    active: z.boolean(),
  }),
  z.object({ type: z.literal('deleted'), conversationId: z.string().min(1) }),
  /**
   * An agency's operator board changed (queued, claimed, closed). Sent on the channel `queue:<agency>`,
   * which shares the conversation channel space (no conversation id has a colon), so `Delivery.subscribe`
   * serves consoles unchanged.
   */
  z.object({ type: z.literal('queue'), conversationId: z.string().regex(/^queue:/) }),
  /** Internal notes of a conversation changed: operator consoles re-read them; widgets ignore it. */
  z.object({ type: z.literal('notes'), conversationId: z.string().min(1) }),
  z.object({ type: z.literal('service'), status: ServiceStatus }),
  /** An agency published or rolled back: the network's packs are now at `revision` (instances retrain). */
  z.object({ type: z.literal('packs'), revision: z.number().int().min(1) }),
]);
export type BusNotice = z.infer<typeof BusNotice>;

/** Parse a notice received from another instance; `undefined` when it is not one. */
export function decodeBusNotice(raw: string): BusNotice | undefined {
  try {
    const parsed = BusNotice.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
