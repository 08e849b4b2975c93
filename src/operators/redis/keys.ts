/**
 * Every Redis key the operator side uses, built in one place (like `conversations/redis/keys.ts`, with the
 * same prefix, so a test's `swb:test-<uuid>:` covers both). Per-conversation keys carry the hash tag
 * `{<id>}`; per-agency and per-operator keys are single keys, so no script touches two slots.
 */
export class OperatorKeys {
  constructor(readonly prefix: string = 'swb:') {}

  /** String: the session-signing secret (SET NX once). */
  secret(): string {
    return `${this.prefix}op:secret`;
  }

  /** String: the handover record as JSON. */
  handover(conversationId: string): string {
    return `${this.prefix}op:ho:{${conversationId}}`;
  }

  /** Sorted set: the agency's board, conversation ids scored by last change (ms). */
  board(agency: string): string {
    return `${this.prefix}op:board:${agency}`;
  }

  /** Sorted set: the agency's queue, ids scored by place (lowest first; `enqueue.lua`). */
  queue(agency: string): string {
    return `${this.prefix}op:queue:${agency}`;
  }

  /** Set: conversation ids an operator holds. */
  held(operatorId: string): string {
    return `${this.prefix}op:held:${operatorId}`;
  }

  /** List: internal notes (JSON), oldest first. */
  notes(conversationId: string): string {
    return `${this.prefix}op:notes:{${conversationId}}`;
  }

  /** List: routing decisions (JSON), capped, expiring with the conversation's likely life. */
  decisions(conversationId: string): string {
    return `${this.prefix}op:dec:{${conversationId}}`;
  }

  /** Hash: operator id → online | away. */
  availability(): string {
    return `${this.prefix}op:avail`;
  }

  /** Hash: operator id → open console connections on all instances. */
  connections(): string {
    return `${this.prefix}op:conn`;
  }

  /** Hash: operator id → session version (bumped to end every session of that operator). */
  sessionVersions(): string {
    return `${this.prefix}op:sessver`;
  }

  /** String with TTL: a signed-out session id. */
  revoked(sessionId: string): string {
    return `${this.prefix}op:revoked:${sessionId}`;
  }

  /** List: contact requests left outside opening hours (JSON), newest last. */
  contacts(agency: string): string {
    return `${this.prefix}op:contacts:${agency}`;
  }
}
