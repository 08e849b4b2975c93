import type { OpeningHours } from '../protocol/index.js';

const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;

/** Date, weekday and minute of the day at `now` in `timeZone`. */
function localTime(now: Date, timeZone: string): { date: string; weekday: (typeof WEEKDAYS)[number]; minutes: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', weekday: 'short' })
      .formatToParts(now)
      .map((part) => [part.type, part.value]),
  );
  const weekday = (parts.weekday as string).toLowerCase().slice(0, 3) as (typeof WEEKDAYS)[number];
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
}

const toMinutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Are the agency's operators working at `now`? No hours given: always. Holidays: never. */
export function isOpenAt(hours: OpeningHours | undefined, now: Date = new Date()): boolean {
  if (!hours) return true;
  const local = localTime(now, hours.timeZone);
  if (hours.holidays.includes(local.date)) return false;
  return (hours.week[local.weekday] ?? []).some((range) => {
    const [from, to] = range.split('-').map(toMinutes);
    return local.minutes >= from && local.minutes < to;
  });
}
