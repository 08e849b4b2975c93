import type { Availability, HandoverItem, OperatorNote, RoutingDecision, StoredContactRequest } from '../protocol/index.js';

/** A handover as stored: the board item without its (computed) queue position. */
export type HandoverRecord = Omit<HandoverItem, 'position'> & {
  /** The last queue position the citizen was told, so moving up is announced once per step. */
  toldPosition?: number;
};

/** Decisions kept per conversation for operators (the most recent). */
export const MAX_DECISIONS = 20;
/** Board entries kept per agency (queued, held and recently closed). */
export const MAX_BOARD = 200;

/**
 * Operator-side state shared by every instance: handovers and per-agency queues, who holds what, notes,
 * routing decisions, availability, console connections and session revocation. Implementations:
 * `MemoryOperatorStore` (one process) and `RedisOperatorStore`; both pass
 * `tests/operators/contracts/operator-store.contract.ts`.
 *
 * The contract:
 * - `enqueue` places a conversation at the back of its agency's queue (or the front) and returns its
 *   position (1 = next); enqueuing an id already queued moves it. `queue` lists ids, first first.
 * - Who holds a conversation is decided by the conversation store's owner compare-and-set, not here: this
 *   store only keeps the index (`hold`, `release`, `held`), so a claim can never be won twice.
 * - `connections(id, delta)` adds `delta` and returns the new count, shared by all instances.
 * - `isRevoked(sessionId)` is true for `ttlSeconds` after `revoke`.
 * - Failures of the backing service surface as `SwitchboardError('SWB_ERR_STORE_UNAVAILABLE')`.
 *
 * Left out on purpose: accounts (they live in `operators.yaml`) and the transcript (the conversation log).
 */
export interface OperatorStore {
  /** The key that signs sessions, made once and shared by every instance. */
  secret(): Promise<string>;
  saveHandover(record: HandoverRecord): Promise<void>;
  /**
   * Save only if the conversation still has a handover (atomically): a bookkeeping write that raced an
   * erasure (`forget`) must not bring the erased conversation back. True when written.
   */
  updateHandover(record: HandoverRecord): Promise<boolean>;
  /**
   * Forget the conversation's handover, notes and routing decisions in `seconds` (retention after close).
   * Index members (an agency's board) naming it are dropped when the board is next read.
   */
  expireIn(conversationId: string, seconds: number): Promise<void>;
  handover(conversationId: string): Promise<HandoverRecord | undefined>;
  /** Newest first, at most `limit`: what the agency's board shows. */
  board(agency: string, limit?: number): Promise<HandoverRecord[]>;
  enqueue(agency: string, conversationId: string, front?: boolean): Promise<number>;
  dequeue(agency: string, conversationId: string): Promise<void>;
  queue(agency: string): Promise<string[]>;
  hold(operatorId: string, conversationId: string): Promise<void>;
  release(operatorId: string, conversationId: string): Promise<void>;
  held(operatorId: string): Promise<string[]>;
  addNote(conversationId: string, note: OperatorNote): Promise<void>;
  notes(conversationId: string): Promise<OperatorNote[]>;
  addDecision(conversationId: string, decision: RoutingDecision): Promise<void>;
  decisions(conversationId: string): Promise<RoutingDecision[]>;
  setAvailability(operatorId: string, status: Availability): Promise<void>;
  /** `online` until the operator says otherwise. */
  availability(operatorId: string): Promise<Availability>;
  connections(operatorId: string, delta: number): Promise<number>;
  sessionVersion(operatorId: string): Promise<number>;
  bumpSessionVersion(operatorId: string): Promise<number>;
  revoke(sessionId: string, ttlSeconds: number): Promise<void>;
  isRevoked(sessionId: string): Promise<boolean>;
  /** The citizen deleted the conversation: drop its handover, notes, decisions and places in queue and board. */
  forget(conversationId: string): Promise<void>;
  addContactRequest(request: StoredContactRequest): Promise<void>;
  contactRequests(agency: string): Promise<StoredContactRequest[]>;
  close(): Promise<void>;
}
