import type { AnalyticsReport } from '../protocol/index.js';
import type { DayFigures } from './store.js';

/**
 * Counter names in a day's hash. Plain names are totals; `prefix:value` names are breakdowns.
 * `bot_messages` are messages the bot routed (not those written while a person held the conversation):
 * the fallback and clarification rates are shares of them.
 */
export const COUNTER = {
  conversations: 'conversations',
  messages: 'messages',
  botMessages: 'bot_messages',
  fallbacks: 'fallbacks',
  clarifications: 'clarifications',
  handovers: 'handovers',
  unplaced: 'unplaced',
  unplacedCountedOnly: 'unplaced_counted_only',
  intent: (name: string) => `intent:${name}`,
  outcome: (name: string) => `outcome:${name}`,
  rating: (score: number) => `rating:${score}`,
  language: (language: string) => `language:${language}`,
} as const;

/** Nearest-rank percentile of sorted values (p in 0..100); null when empty. */
export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1];
}

/** Median: the mean of the two middle values for an even count; null when empty. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const ratio = (part: number, whole: number) => (whole > 0 ? part / whole : 0);

/** One agency's report from its days (in order). */
export function buildReport(agency: string, from: string, to: string, days: Array<{ day: string; figures: DayFigures }>): AnalyticsReport {
  const total: Record<string, number> = {};
  const waits: number[] = [];
  for (const { figures } of days) {
    for (const [name, count] of Object.entries(figures.counters)) total[name] = (total[name] ?? 0) + count;
    waits.push(...figures.waits);
  }
  waits.sort((a, b) => a - b);
  const breakdown = (prefix: string): Record<string, number> =>
    Object.fromEntries(
      Object.entries(total)
        .filter(([name]) => name.startsWith(`${prefix}:`))
        .map(([name, count]): [string, number] => [name.slice(prefix.length + 1), count])
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  const get = (name: string) => total[name] ?? 0;
  const distribution = breakdown('rating');
  const ratingCount = Object.values(distribution).reduce((sum, n) => sum + n, 0);
  const ratingSum = Object.entries(distribution).reduce((sum, [score, n]) => sum + Number(score) * n, 0);
  return {
    agency,
    from,
    to,
    conversations: get(COUNTER.conversations),
    messages: get(COUNTER.messages),
    intents: breakdown('intent'),
    fallbackRate: ratio(get(COUNTER.fallbacks), get(COUNTER.botMessages)),
    clarificationRate: ratio(get(COUNTER.clarifications), get(COUNTER.botMessages)),
    handoverRate: ratio(get(COUNTER.handovers), get(COUNTER.conversations)),
    handovers: get(COUNTER.handovers),
    waitMedianSeconds: median(waits),
    waitP90Seconds: percentile(waits, 90),
    outcomes: breakdown('outcome'),
    ratings: { count: ratingCount, mean: ratingCount ? ratingSum / ratingCount : null, distribution },
    languages: breakdown('language'),
    days: days.map(({ day, figures }) => {
      const c = (name: string) => figures.counters[name] ?? 0;
      return { day, conversations: c(COUNTER.conversations), messages: c(COUNTER.messages), fallbacks: c(COUNTER.fallbacks), clarifications: c(COUNTER.clarifications), handovers: c(COUNTER.handovers) };
    }),
  };
}
