import type { BusNotice, ConversationEvent, ConversationEventBody } from '../protocol/index.js';
import type { ConversationPatch, ConversationRecord, NewConversation } from './types.js';

export interface AppendResult {
  event: ConversationEvent;
  /** True when `clientId` had been appended before: nothing new was written. */
  duplicate: boolean;
}

/**
 * Where conversations and their ordered logs live. Implementations: `MemoryConversationStore` (default,
 * one process) and `RedisConversationStore` (shared by instances). Both pass `store.contract.ts`.
 *
 * The contract:
 * - `append` gives each event the next `seq` (1, 2, …) of its conversation, atomically, and bumps `lastSeq`.
 * - An append carrying a `clientId` already appended to that conversation writes nothing and returns the
 *   earlier event with `duplicate: true` — so a widget (or a Redis command resent after a reconnect) can
 *   retry safely.
 * - A citizen's message (`type: 'message', from: 'citizen'`) to a conversation whose `state` is `closed`
 *   is refused with `SWB_ERR_CONVERSATION_CLOSED` and writes nothing; the check is part of the atomic
 *   append, so callers need no `get` before it. The dedup rule comes first: a resend of a clientId stored
 *   before the close still returns the earlier event as a duplicate. Other events (bot, system, status,
 *   operator) may still be appended to a closed conversation.
 * - `compareAndSetOwner` changes `owner` only if it still equals `expected`: of two racing callers,
 *   exactly one wins.
 * - A new citizen message sets the record's `lastCitizenSeq` in the same atomic append and lists the
 *   conversation in `owedTurns`; `update({turnSeq})` records a finished turn. `delete` also drops the listing.
 * - Failures of the backing service surface as `SwitchboardError('SWB_ERR_STORE_UNAVAILABLE')`.
 *
 * Left out on purpose: search, listing all conversations (operator queues keep their own index), and
 * per-conversation locking (the router serialises turns; ownership changes go through compare-and-set).
 */
export interface ConversationStore {
  /**
   * True when `append` itself publishes the `events` notice (carrying the event, as `ConversationLog`
   * would) on the bus of the same backend, as part of the write: one round trip instead of two, and no
   * appended event without its notice. `ConversationLog` then publishes nothing more. Memory: false.
   * Redis: true when built by `createRedisBackend` (the append script PUBLISHes).
   */
  readonly publishesNotices: boolean;
  create(init: NewConversation): Promise<ConversationRecord>;
  get(id: string): Promise<ConversationRecord | undefined>;
  /** Throws SWB_ERR_CONVERSATION_NOT_FOUND for an unknown id. */
  update(id: string, patch: ConversationPatch): Promise<ConversationRecord>;
  /**
   * Throws SWB_ERR_CONVERSATION_NOT_FOUND for an unknown id, SWB_ERR_CONVERSATION_CLOSED for a new citizen
   * message to a closed conversation.
   */
  append(id: string, body: ConversationEventBody): Promise<AppendResult>;
  /** Events with `seq > afterSeq`, in order, at most `limit`. */
  eventsAfter(id: string, afterSeq: number, limit?: number): Promise<ConversationEvent[]>;
  compareAndSetOwner(id: string, expected: string, next: string): Promise<boolean>;
  /**
   * Owed turns. A citizen message's `append` also lists its conversation here (time of listing in ms),
   * so a turn that an instance could not finish (it died, or storage failed mid-turn) is found by any
   * instance's sweeper. A listing stays until `forgetOwedTurn`; readers check the record
   * (`lastCitizenSeq > turnSeq`) to see whether anything is still owed.
   */
  owedTurns(minAgeMs: number, limit?: number): Promise<Array<{ id: string; since: number }>>;
  /** Drop the listing, unless it was renewed after `since` (a newer message listed it again). */
  forgetOwedTurn(id: string, since: number): Promise<void>;
  /** Take the right to run this conversation's turns for `ttlMs`; false while another holder has it. */
  acquireTurnLease(id: string, holder: string, ttlMs: number): Promise<boolean>;
  /** Give the lease back (only if `holder` still has it). */
  releaseTurnLease(id: string, holder: string): Promise<void>;
  /** Keep a (closed) conversation for `seconds` more, then forget it and its log. */
  expireIn(id: string, seconds: number): Promise<void>;
  /** Forget the conversation and its log now (the citizen asked, or privacy level `delete_on_close`). */
  delete(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Delivery between instances. Notices say "something happened"; receivers read the events themselves from
 * the store with `eventsAfter(lastDelivered)`, so a lost or doubled notice never loses or doubles a message.
 */
export interface ConversationBus {
  publish(notice: BusNotice): Promise<void>;
  /** Listen to one conversation's notices; returns the unsubscribe function. */
  subscribe(conversationId: string, listener: (notice: BusNotice) => void): () => void;
  /**
   * Resolves once every subscription made so far is live. A reader that subscribes and then reads the
   * store waits for this in between, or an event appended in that gap would wait for the next notice.
   */
  settled(): Promise<void>;
  /** Listen to notices not tied to one conversation (service status). */
  subscribeAll(listener: (notice: BusNotice) => void): () => void;
  close(): Promise<void>;
}
