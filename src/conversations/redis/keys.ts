/**
 * Every Redis key and channel Switchboard uses, built in one place (BullMQ `queue-keys.ts` style).
 *
 * A conversation's keys share the hash tag `{<id>}` so that, on Redis Cluster, they land in one slot and the
 * Lua scripts (which touch several of them) stay legal. The prefix (default `swb:`) lets tests and
 * tenants share one Redis without seeing each other (`swb:test-<uuid>:`).
 */
export const DEFAULT_PREFIX = 'swb:';

export interface ConversationKeys {
  /** Hash: the conversation record, one field per top-level property, each JSON-encoded. */
  record: string;
  /** Stream: the ordered log; entry id `<seq>-0`, fields `at` and `b` (the event body as JSON). */
  log: string;
  /** Hash: clientId → seq, for idempotent appends. */
  clientIds: string;
  /** String with a TTL: the instance running this conversation's turns. */
  turnLease: string;
}

export interface RegistryKeys {
  /** String: the network revision, INCR on every publish. */
  revision: string;
  /** Hash: agency → live version number. */
  live: string;
  /** Hash: agency → last version number given out. */
  versionCounters: string;
  /** Hash per agency: version number → JSON `{createdAt, draftId?, rolledBackFrom?, forced?, content}`. */
  versions(agency: string): string;
  /** Hash per agency: draft id → JSON `StoredDraft`. */
  drafts(agency: string): string;
  /** Hash: keyId → JSON `ApiKeyRecord` (salt and scrypt hash only). */
  apiKeys: string;
}

export class RedisKeys {
  constructor(readonly prefix: string = DEFAULT_PREFIX) {}

  conversation(id: string): ConversationKeys {
    const base = `${this.prefix}conv:{${id}}`;
    return { record: `${base}:rec`, log: `${base}:log`, clientIds: `${base}:cid`, turnLease: `${base}:lease` };
  }

  /** All keys of a conversation, in the order the scripts take them. */
  conversationList(id: string): [string, string, string] {
    const keys = this.conversation(id);
    return [keys.record, keys.log, keys.clientIds];
  }

  /**
   * Sorted set: conversations whose citizen message may still be owed a turn, scored by listing time (ms).
   * Deliberately not hash-tagged per conversation: the sweepers read it as one list. On Cluster it lives
   * in its own slot, which is why listing it is a command of its own beside the append script.
   */
  owedTurns(): string {
    return `${this.prefix}turns:owed`;
  }

  /** Pub/sub channel for one conversation's notices. */
  conversationChannel(id: string): string {
    return `${this.prefix}bus:conv:${id}`;
  }

  /** Pub/sub channel for notices not tied to a conversation (service status). */
  allChannel(): string {
    return `${this.prefix}bus:all`;
  }

  /** Prefix for rate-limiter-flexible keys (`<prefix>rl:<limiter>:<key>`). */
  rateLimitPrefix(limiter: string): string {
    return `${this.prefix}rl:${limiter}`;
  }

  /**
   * The registration API's keys (drafts, versions, live pointers, API keys). All share the hash tag
   * `{registry}` so the publish script, which touches several, stays legal on Cluster.
   */
  registry(): RegistryKeys {
    const base = `${this.prefix}{registry}`;
    return {
      revision: `${base}:rev`,
      live: `${base}:live`,
      versionCounters: `${base}:vcount`,
      versions: (agency) => `${base}:versions:${agency}`,
      drafts: (agency) => `${base}:drafts:${agency}`,
      apiKeys: `${base}:keys`,
    };
  }

  /** Channel prefix, to turn a received channel back into a conversation id. */
  get conversationChannelPrefix(): string {
    return `${this.prefix}bus:conv:`;
  }
}
