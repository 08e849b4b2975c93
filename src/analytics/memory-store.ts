import { MAX_UNPLACED_PER_DAY, type AnalyticsStore, type DayFigures, type UnplacedQuestion } from './store.js';

/** Analytics in this process (the default backend and tests). */
export class MemoryAnalyticsStore implements AnalyticsStore {
  readonly #days = new Map<string, DayFigures>();
  readonly #seen = new Map<string, { agencies: Set<string>; until: number }>();
  readonly #unplaced = new Map<string, Array<{ question: UnplacedQuestion; expiresAt: number }>>();

  async increment(agency: string, day: string, counter: string, by = 1): Promise<void> {
    const figures = this.#day(agency, day);
    figures.counters[counter] = (figures.counters[counter] ?? 0) + by;
  }

  async addWait(agency: string, day: string, seconds: number): Promise<void> {
    this.#day(agency, day).waits.push(seconds);
  }

  async firstSight(conversationId: string, agency: string, ttlSeconds: number, now = Date.now()): Promise<boolean> {
    const seen = this.#seen.get(conversationId);
    const agencies = seen && seen.until > now ? seen.agencies : new Set<string>();
    const first = !agencies.has(agency);
    agencies.add(agency);
    this.#seen.set(conversationId, { agencies, until: now + ttlSeconds * 1000 });
    return first;
  }

  async retain(conversationId: string, seconds: number, now = Date.now()): Promise<void> {
    const seen = this.#seen.get(conversationId);
    if (seen) seen.until = now + seconds * 1000;
  }

  async forget(conversationId: string): Promise<void> {
    this.#seen.delete(conversationId);
  }

  async day(agency: string, day: string): Promise<DayFigures> {
    const figures = this.#days.get(`${agency}\n${day}`);
    return figures ? { counters: { ...figures.counters }, waits: [...figures.waits] } : { counters: {}, waits: [] };
  }

  async addUnplaced(agency: string, question: UnplacedQuestion, expiresAt: number): Promise<void> {
    const key = `${agency}\n${question.day}`;
    const list = this.#unplaced.get(key) ?? [];
    if (list.length >= MAX_UNPLACED_PER_DAY) return;
    list.push({ question: { ...question }, expiresAt });
    this.#unplaced.set(key, list);
  }

  async unplaced(agency: string, from: string, to: string, now = Date.now()): Promise<UnplacedQuestion[]> {
    const found: UnplacedQuestion[] = [];
    for (const [key, list] of this.#unplaced) {
      const [owner, day] = key.split('\n');
      if (owner !== agency || day < from || day > to) continue;
      const alive = list.filter((entry) => entry.expiresAt > now);
      this.#unplaced.set(key, alive);
      found.push(...alive.map((entry) => ({ ...entry.question })));
    }
    return found.sort((a, b) => a.day.localeCompare(b.day));
  }

  async close(): Promise<void> {}

  #day(agency: string, day: string): DayFigures {
    const key = `${agency}\n${day}`;
    const figures = this.#days.get(key) ?? { counters: {}, waits: [] };
    this.#days.set(key, figures);
    return figures;
  }
}
