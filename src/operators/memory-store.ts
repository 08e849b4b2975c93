import { randomBytes } from 'node:crypto';
import type { Availability, OperatorNote, RoutingDecision, StoredContactRequest } from '../protocol/index.js';
import { MAX_BOARD, MAX_DECISIONS, type HandoverRecord, type OperatorStore } from './store.js';

/** Conversations whose decisions are remembered in memory; the oldest are forgotten first. */
const MAX_TRACKED = 20_000;

/** One process: everything in maps, gone on restart. */
export class MemoryOperatorStore implements OperatorStore {
  readonly #secret = randomBytes(32).toString('base64url');
  readonly #handovers = new Map<string, HandoverRecord>();
  readonly #boards = new Map<string, Map<string, number>>();
  readonly #queues = new Map<string, string[]>();
  readonly #held = new Map<string, Set<string>>();
  readonly #notes = new Map<string, OperatorNote[]>();
  /** As JSON strings, like the memory conversation store's events: leaves the GC does not trace, and small. */
  readonly #decisions = new Map<string, string[]>();
  readonly #availability = new Map<string, Availability>();
  readonly #connections = new Map<string, number>();
  readonly #versions = new Map<string, number>();
  readonly #revoked = new Map<string, number>();
  readonly #contacts: StoredContactRequest[] = [];

  async secret(): Promise<string> {
    return this.#secret;
  }

  readonly #expiries = new Map<string, NodeJS.Timeout>();

  async expireIn(conversationId: string, seconds: number): Promise<void> {
    clearTimeout(this.#expiries.get(conversationId));
    // Retention beyond setTimeout's range (~24.8 days) is left to the process's life: memory is gone on restart.
    if (seconds * 1000 > 2 ** 31 - 1) return;
    const timer = setTimeout(() => {
      this.#expiries.delete(conversationId);
      void this.forget(conversationId);
    }, seconds * 1000);
    timer.unref();
    this.#expiries.set(conversationId, timer);
  }

  async updateHandover(record: HandoverRecord): Promise<boolean> {
    if (!this.#handovers.has(record.conversationId)) return false;
    await this.saveHandover(record);
    return true;
  }

  async saveHandover(record: HandoverRecord): Promise<void> {
    this.#handovers.set(record.conversationId, structuredClone(record));
    const board = this.#boards.get(record.agency) ?? new Map<string, number>();
    board.delete(record.conversationId);
    board.set(record.conversationId, Date.now());
    if (board.size > MAX_BOARD) board.delete(board.keys().next().value as string);
    this.#boards.set(record.agency, board);
  }

  async handover(conversationId: string): Promise<HandoverRecord | undefined> {
    const record = this.#handovers.get(conversationId);
    return record && structuredClone(record);
  }

  async board(agency: string, limit = MAX_BOARD): Promise<HandoverRecord[]> {
    const ids = [...(this.#boards.get(agency)?.keys() ?? [])].reverse().slice(0, limit);
    return ids.flatMap((id) => {
      const record = this.#handovers.get(id);
      return record ? [structuredClone(record)] : [];
    });
  }

  async enqueue(agency: string, conversationId: string, front = false): Promise<number> {
    const queue = (this.#queues.get(agency) ?? []).filter((id) => id !== conversationId);
    if (front) queue.unshift(conversationId);
    else queue.push(conversationId);
    this.#queues.set(agency, queue);
    return queue.indexOf(conversationId) + 1;
  }

  async dequeue(agency: string, conversationId: string): Promise<void> {
    this.#queues.set(agency, (this.#queues.get(agency) ?? []).filter((id) => id !== conversationId));
  }

  async queue(agency: string): Promise<string[]> {
    return [...(this.#queues.get(agency) ?? [])];
  }

  async hold(operatorId: string, conversationId: string): Promise<void> {
    const held = this.#held.get(operatorId) ?? new Set<string>();
    held.add(conversationId);
    this.#held.set(operatorId, held);
  }

  async release(operatorId: string, conversationId: string): Promise<void> {
    this.#held.get(operatorId)?.delete(conversationId);
  }

  async held(operatorId: string): Promise<string[]> {
    return [...(this.#held.get(operatorId) ?? [])];
  }

  async addNote(conversationId: string, note: OperatorNote): Promise<void> {
    this.#notes.set(conversationId, [...(this.#notes.get(conversationId) ?? []), structuredClone(note)]);
  }

  async notes(conversationId: string): Promise<OperatorNote[]> {
    return structuredClone(this.#notes.get(conversationId) ?? []);
  }

  async addDecision(conversationId: string, decision: RoutingDecision): Promise<void> {
    const kept = this.#decisions.get(conversationId);
    const json = JSON.stringify(decision);
    if (kept) {
      kept.push(json);
      if (kept.length > MAX_DECISIONS) kept.shift();
      return;
    }
    this.#decisions.set(conversationId, [json]);
    if (this.#decisions.size > MAX_TRACKED) this.#decisions.delete(this.#decisions.keys().next().value as string);
  }

  async decisions(conversationId: string): Promise<RoutingDecision[]> {
    return (this.#decisions.get(conversationId) ?? []).map((json) => JSON.parse(json) as RoutingDecision);
  }

  async setAvailability(operatorId: string, status: Availability): Promise<void> {
    this.#availability.set(operatorId, status);
  }

  async availability(operatorId: string): Promise<Availability> {
    return this.#availability.get(operatorId) ?? 'online';
  }

  async connections(operatorId: string, delta: number): Promise<number> {
    const count = (this.#connections.get(operatorId) ?? 0) + delta;
    this.#connections.set(operatorId, count);
    return count;
  }

  async sessionVersion(operatorId: string): Promise<number> {
    return this.#versions.get(operatorId) ?? 0;
  }

  async bumpSessionVersion(operatorId: string): Promise<number> {
    const next = (this.#versions.get(operatorId) ?? 0) + 1;
    this.#versions.set(operatorId, next);
    return next;
  }

  async revoke(sessionId: string, ttlSeconds: number): Promise<void> {
    this.#revoked.set(sessionId, Date.now() + ttlSeconds * 1000);
  }

  async isRevoked(sessionId: string): Promise<boolean> {
    const until = this.#revoked.get(sessionId);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.#revoked.delete(sessionId);
    return false;
  }

  async forget(conversationId: string): Promise<void> {
    const record = this.#handovers.get(conversationId);
    this.#handovers.delete(conversationId);
    this.#notes.delete(conversationId);
    this.#decisions.delete(conversationId);
    if (record) {
      this.#boards.get(record.agency)?.delete(conversationId);
      await this.dequeue(record.agency, conversationId);
      if (record.holder) this.#held.get(record.holder.id)?.delete(conversationId);
    }
  }

  async addContactRequest(request: StoredContactRequest): Promise<void> {
    this.#contacts.push(structuredClone(request));
  }

  async contactRequests(agency: string): Promise<StoredContactRequest[]> {
    return structuredClone(this.#contacts.filter((request) => request.agency === agency));
  }

  async close(): Promise<void> {
    for (const timer of this.#expiries.values()) clearTimeout(timer);
    this.#expiries.clear();
    this.#handovers.clear();
  }
}
