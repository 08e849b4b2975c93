import { z } from 'zod';
import { ConversationState, Language } from './common.js';
import { MessageEvent, StatusEvent } from './events.js';

/**
 * Frames the server sends. Every frame carries `seq`: for logged events (message, status) it is the
 * event's own per-conversation sequence number; for transient frames (welcome, typing, ack, error,
 * service) it is the highest seq the conversation had when the frame was sent, so a widget can tell
 * whether it has missed something.
 */
const Seq = z.number().int().min(0);
const Logged = { seq: Seq.min(1), at: z.string() };

export const ServerMessageFrame = MessageEvent.extend(Logged);
export const ServerStatusFrame = StatusEvent.extend(Logged);

export const WelcomeFrame = z.object({
  type: z.literal('welcome'),
  seq: Seq,
  conversationId: z.string(),
  /** Secret the widget keeps to resume this conversation; never logged. */
  token: z.string(),
  state: ConversationState,
  language: Language,
  agency: z.string().optional(),
  /** True when an existing conversation was resumed (missed events follow). */
  resumed: z.boolean(),
});

export const ServerTypingFrame = z.object({
  type: z.literal('typing'),
  seq: Seq,
  from: z.enum(['bot', 'operator']),
  active: z.boolean(),
});

/** Confirms a citizen message was stored (or had been: `duplicate`), under which seq. */
export const AckFrame = z.object({
  type: z.literal('ack'),
  seq: Seq,
  clientId: z.string(),
  duplicate: z.boolean(),
});

export const ErrorFrame = z.object({
  type: z.literal('error'),
  seq: Seq,
  code: z.string(),
  message: z.string(),
  /** The widget may send the same frame again later (e.g. storage briefly unavailable). */
  retryable: z.boolean(),
  /** The client frame's `clientId`, when the error concerns one message. */
  clientId: z.string().optional(),
  /** Validation issues: paths and zod codes only, never the input values. */
  issues: z.array(z.object({ path: z.string(), code: z.string(), message: z.string() })).optional(),
});

/** Health of the service as this conversation sees it: `degraded` while storage is unreachable. */
export const ServiceFrame = z.object({
  type: z.literal('service'),
  seq: Seq,
  status: z.enum(['ok', 'degraded']),
});

export const ServerFrame = z.discriminatedUnion('type', [
  WelcomeFrame,
  ServerMessageFrame,
  ServerStatusFrame,
  ServerTypingFrame,
  AckFrame,
  ErrorFrame,
  ServiceFrame,
]);
export type ServerFrame = z.infer<typeof ServerFrame>;
export type WelcomeFrame = z.infer<typeof WelcomeFrame>;
export type ErrorFrame = z.infer<typeof ErrorFrame>;
