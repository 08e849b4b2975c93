import { z } from 'zod';
import { LocalizedText } from './localized.js';

/** Canned answers per agency, in the manifest (`operators.cannedAnswers`). */
export const CannedAnswer = z.object({ id: z.string().regex(/^[a-z0-9_-]{1,40}$/), title: z.string().min(1).max(80), text: LocalizedText });
export type CannedAnswer = z.infer<typeof CannedAnswer>;

/** Opening hours of an agency's operators, in its own time zone. Absent: always staffed. */
export const OpeningHours = z.object({
  timeZone: z.string().refine((zone) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: zone });
      return true;
    } catch {
      return false;
    }
  }, 'an IANA time zone, e.g. Europe/Tallinn'),
  /** Weekday (mon…sun) → ranges "HH:MM-HH:MM"; a missing day is closed. */
  week: z.partialRecord(z.enum(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']), z.array(z.string().regex(/^\d\d:\d\d-\d\d:\d\d$/))),
  /** Public holidays (closed all day), YYYY-MM-DD in the agency's time zone. */
  holidays: z.array(z.string().regex(/^\d{4}-\d\d-\d\d$/)).default([]),
});
export type OpeningHours = z.infer<typeof OpeningHours>;

export const AgencyOperatorsConfig = z.object({
  openingHours: OpeningHours.optional(),
  cannedAnswers: z.array(CannedAnswer).default([]),
});
export type AgencyOperatorsConfig = z.infer<typeof AgencyOperatorsConfig>;

