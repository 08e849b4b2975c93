/**
 * The analytics port: counters per agency and day, wait samples, and unplaced questions (redacted text only).
 *
 * Deliberately left out: citizen text in the counters (only intent names, rules, languages, outcomes and
 * scores are counted), conversation ids in anything kept longer than the conversation itself (`firstSight`
 * markers expire with the conversation's retention), and querying across agencies (every read names one).
 */
export interface AnalyticsStore {
  /** Add to a counter of the agency's day (`YYYY-MM-DD`, UTC). Counter names: see `figures.ts`. */
  increment(agency: string, day: string, counter: string, by?: number): Promise<void>;
  /** One wait for a person, in seconds. */
  addWait(agency: string, day: string, seconds: number): Promise<void>;
  /** True the first time this (conversation, agency) pair is seen within `ttlSeconds`. */
  firstSight(conversationId: string, agency: string, ttlSeconds: number): Promise<boolean>;
  /** The citizen erased the conversation: drop its markers (the counts stay; they name nobody). */
  forget(conversationId: string): Promise<void>;
  /** The conversation closed and is kept `seconds` more: its markers go with it. */
  retain(conversationId: string, seconds: number): Promise<void>;
  /** Counters and waits of one agency's day (empty when nothing happened). */
  day(agency: string, day: string): Promise<DayFigures>;
  /** Keep an unplaced question until `expiresAt` (ms since epoch); read back only before it. */
  addUnplaced(agency: string, question: UnplacedQuestion, expiresAt: number): Promise<void>;
  /** The agency's unplaced questions asked in [from, to] (ISO days inclusive) and not expired at `now`. */
  unplaced(agency: string, from: string, to: string, now?: number): Promise<UnplacedQuestion[]>;
  close(): Promise<void>;
}

export interface DayFigures {
  counters: Record<string, number>;
  waits: number[];
}

/** A question the router could not place, redacted before it reached the store. */
export interface UnplacedQuestion {
  /** Day asked, `YYYY-MM-DD`. */
  day: string;
  kind: 'fallback' | 'abandoned_clarification';
  language: string;
  /** Redacted text; absent when the conversation's privacy level keeps no examples (counted only). */
  text?: string;
}

/** Keep daily counters this long (they hold no personal data). */
export const DAY_TTL_SECONDS = 400 * 86_400;
/** At most this many unplaced questions per agency and day are kept (a flood cannot fill the store). */
export const MAX_UNPLACED_PER_DAY = 2_000;
