import { z } from 'zod';

/** `YYYY-MM-DD` (UTC). */
export const IsoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day: YYYY-MM-DD');

/** `?from=&to=` of the analytics API: at most 366 days, `from` ≤ `to`. */
export const AnalyticsRange = z
  .object({ from: IsoDay, to: IsoDay })
  .refine((range) => range.from <= range.to, { message: 'from must not be after to', path: ['from'] })
  .refine((range) => Date.parse(range.to) - Date.parse(range.from) <= 365 * 86_400_000, { message: 'at most 366 days', path: ['to'] });
export type AnalyticsRange = z.infer<typeof AnalyticsRange>;

const Counts = z.record(z.string(), z.number().int().nonnegative());

/** One agency's figures over a period (docs/ANALYTICS.md says how each is counted). */
export const AnalyticsReport = z.object({
  agency: z.string(),
  from: IsoDay,
  to: IsoDay,
  conversations: z.number().int().nonnegative(),
  /** Citizen messages routed (one per turn). */
  messages: z.number().int().nonnegative(),
  intents: Counts,
  /** Shares of messages, 0..1 (0 without messages). */
  fallbackRate: z.number(),
  clarificationRate: z.number(),
  /** Share of conversations handed to a person. */
  handoverRate: z.number(),
  handovers: z.number().int().nonnegative(),
  /** Seconds from joining the queue to a claim; null without claims. */
  waitMedianSeconds: z.number().nullable(),
  waitP90Seconds: z.number().nullable(),
  outcomes: Counts,
  ratings: z.object({ count: z.number().int().nonnegative(), mean: z.number().nullable(), distribution: Counts }),
  languages: Counts,
  /** The same counts per day, for the charts. */
  days: z.array(z.object({ day: IsoDay, conversations: z.number(), messages: z.number(), fallbacks: z.number(), clarifications: z.number(), handovers: z.number() })),
});
export type AnalyticsReport = z.infer<typeof AnalyticsReport>;

/** A group of similar unplaced questions. */
export const UnplacedGroup = z.object({
  id: z.string(),
  /** Questions in the group, including those counted without a kept example. */
  count: z.number().int().nonnegative(),
  /** A few redacted examples, the most typical first. */
  examples: z.array(z.string()),
  /** snake_case, from the group's most telling words. */
  suggestedIntent: z.string(),
  languages: Counts,
});
export type UnplacedGroup = z.infer<typeof UnplacedGroup>;

export const UnplacedReport = z.object({
  agency: z.string(),
  from: IsoDay,
  to: IsoDay,
  /** Unplaced questions in the period, kept or only counted. */
  total: z.number().int().nonnegative(),
  /** Of them, counted only (`delete_on_close`): no text was kept. */
  countedOnly: z.number().int().nonnegative(),
  groups: z.array(UnplacedGroup),
});
export type UnplacedReport = z.infer<typeof UnplacedReport>;
