/** Every analytics key in one place (STYLE.md §4). Agency ids are `[a-z0-9-]`, days `YYYY-MM-DD`. */
export class AnalyticsKeys {
  constructor(private readonly prefix = 'swb:') {}
  /** Hash: counter → count. */
  counters = (agency: string, day: string) => `${this.prefix}analytics:${agency}:${day}:counters`;
  /** List of wait seconds. */
  waits = (agency: string, day: string) => `${this.prefix}analytics:${agency}:${day}:waits`;
  /** Sorted set: JSON of an unplaced question, scored by when it expires. */
  unplaced = (agency: string, day: string) => `${this.prefix}analytics:${agency}:${day}:unplaced`;
  /** Set of the agencies a conversation was counted for (expires with its retention; erased with it). */
  seen = (conversationId: string) => `${this.prefix}analytics:seen:${conversationId}`;
}
