import { SwitchboardError } from '../errors/index.js';
import { redactText } from '../privacy/index.js';
import { IntentPack, type AnalyticsRange, type AnalyticsReport, type CloseOutcome, type Language, type PrivacyLevel, type UnplacedReport } from '../protocol/index.js';
import { buildReport, COUNTER } from './figures.js';
import { clusterQuestions, MAX_CLUSTER_INPUT } from './clusters.js';
import { daysBetween } from './redis/redis-analytics-store.js';
import type { AnalyticsStore, UnplacedQuestion } from './store.js';

/** Who asks: only the agencies they serve are visible (the operator principal fits). */
export interface AnalyticsViewer {
  agencies: readonly string[];
}

export interface AnalyticsServiceDeps {
  store: AnalyticsStore;
  /** The agency's retention period in seconds (its manifest's `privacy.retentionSeconds`, else `retentionDays`). */
  retentionSeconds: (agency: string) => number;
  /** Clock, for tests. */
  now?: () => Date;
}

/** Examples shown per group. */
const EXAMPLES_PER_GROUP = 5;

/**
 * Records what happens (`AnalyticsRecorder`) and answers the analytics API (`AnalyticsPort`). Counters are per
 * agency and UTC day and hold no citizen text. Unplaced questions are redacted (`redactText`) before they are
 * stored, and kept for the agency's retention period only for conversations whose citizen chose
 * `keep_and_improve`; for every other privacy level they are counted only.
 */
export class AnalyticsService {
  constructor(private readonly deps: AnalyticsServiceDeps) {}

  async turn(facts: { conversationId: string; agency: string; rule: string; intent?: string; language: Language; privacyLevel: PrivacyLevel; unplacedText?: string }): Promise<void> {
    const { store } = this.deps;
    const day = this.#day();
    const { agency } = facts;
    if (await store.firstSight(facts.conversationId, agency, this.#markerSeconds(agency, facts.privacyLevel))) {
      await store.increment(agency, day, COUNTER.conversations);
      await store.increment(agency, day, COUNTER.language(facts.language));
    }
    await store.increment(agency, day, COUNTER.messages);
    if (facts.rule === 'human') return;
    await store.increment(agency, day, COUNTER.botMessages);
    if (facts.intent) await store.increment(agency, day, COUNTER.intent(facts.intent));
    if (facts.rule === 'fallback') await store.increment(agency, day, COUNTER.fallbacks);
    if (facts.rule === 'clarify' || facts.rule === 'suggest') await store.increment(agency, day, COUNTER.clarifications);
    if (facts.rule === 'fallback' && facts.unplacedText !== undefined) await this.#unplaced(agency, day, 'fallback', facts.language, facts.privacyLevel, facts.unplacedText);
  }

  async clarificationAbandoned(facts: { agency: string; language: Language; privacyLevel: PrivacyLevel; text: string }): Promise<void> {
    await this.#unplaced(facts.agency, this.#day(), 'abandoned_clarification', facts.language, facts.privacyLevel, facts.text);
  }

  retain(conversationId: string, seconds: number): Promise<void> {
    return this.deps.store.retain(conversationId, seconds);
  }

  forget(conversationId: string): Promise<void> {
    return this.deps.store.forget(conversationId);
  }

  handedOver(agency: string): Promise<void> {
    return this.deps.store.increment(agency, this.#day(), COUNTER.handovers);
  }

  claimed(agency: string, waitSeconds: number): Promise<void> {
    return this.deps.store.addWait(agency, this.#day(), Math.max(0, Math.round(waitSeconds * 1000) / 1000));
  }

  closed(agency: string, outcome: CloseOutcome): Promise<void> {
    return this.deps.store.increment(agency, this.#day(), COUNTER.outcome(outcome));
  }

  rated(agency: string, score: number): Promise<void> {
    return this.deps.store.increment(agency, this.#day(), COUNTER.rating(score));
  }

  async report(viewer: AnalyticsViewer, agency: string, range: AnalyticsRange): Promise<AnalyticsReport> {
    this.#check(viewer, agency);
    const days = await Promise.all(daysBetween(range.from, range.to).map(async (day) => ({ day, figures: await this.deps.store.day(agency, day) })));
    return buildReport(agency, range.from, range.to, days);
  }

  async unplaced(viewer: AnalyticsViewer, agency: string, range: AnalyticsRange): Promise<UnplacedReport> {
    this.#check(viewer, agency);
    const questions = await this.deps.store.unplaced(agency, range.from, range.to, this.#now().getTime());
    const kept = questions.filter((question): question is UnplacedQuestion & { text: string } => question.text !== undefined).slice(-MAX_CLUSTER_INPUT);
    const clusters = clusterQuestions(kept.map((question) => ({ text: question.text, language: question.language as Language })));
    const groups = clusters.map((cluster, index) => {
      const languages: Record<string, number> = {};
      for (const i of cluster.members) languages[kept[i].language] = (languages[kept[i].language] ?? 0) + 1;
      const examples = [...new Set(cluster.members.map((i) => kept[i].text))].slice(0, EXAMPLES_PER_GROUP);
      return { id: `g${index + 1}`, count: cluster.members.length, examples, suggestedIntent: cluster.name, languages };
    });
    return { agency, from: range.from, to: range.to, total: questions.length, countedOnly: questions.length - kept.length, groups };
  }

  /**
   * A draft pack for the agency to finish: one intent per group with at least two kept examples in `language`,
   * the examples as training utterances and a placeholder answer (to be written by the agency before use).
   */
  async draftPack(viewer: AnalyticsViewer, agency: string, range: AnalyticsRange, language: Language): Promise<IntentPack> {
    const report = await this.unplaced(viewer, agency, range);
    const groups = report.groups.filter((group) => (group.languages[language] ?? 0) >= 2 && group.examples.length >= 2);
    const intents = groups.map((group) => ({ name: group.suggestedIntent, examples: group.examples, answers: [`TODO: the answer to "${group.examples[0]}"`] }));
    if (intents.length === 0) throw new SwitchboardError('SWB_ERR_NOT_FOUND', 'no group of unplaced questions in this language and period has two examples yet');
    return IntentPack.parse({ language, intents, outOfScope: [], synonyms: [] });
  }

  async #unplaced(agency: string, day: string, kind: UnplacedQuestion['kind'], language: Language, privacyLevel: PrivacyLevel, text: string): Promise<void> {
    const { store } = this.deps;
    await store.increment(agency, day, COUNTER.unplaced);
    // The text is kept (redacted) only where the citizen chose `keep_and_improve` ("use it, without personal
    // data, to improve the service"); every other level: counted, never kept.
    if (privacyLevel !== 'keep_and_improve') {
      await store.increment(agency, day, COUNTER.unplacedCountedOnly);
      await store.addUnplaced(agency, { day, kind, language }, this.#now().getTime() + this.deps.retentionSeconds(agency) * 1000);
      return;
    }
    const redacted = redactText(text).trim().slice(0, 500);
    if (!redacted) return;
    await store.addUnplaced(agency, { day, kind, language, text: redacted }, this.#now().getTime() + this.deps.retentionSeconds(agency) * 1000);
  }

  /** The "counted once" marker lives no longer than the conversation may: a day for delete_on_close, else retention. */
  #markerSeconds(agency: string, privacyLevel: PrivacyLevel): number {
    return privacyLevel === 'delete_on_close' ? 86_400 : Math.max(1, this.deps.retentionSeconds(agency));
  }

  #check(viewer: AnalyticsViewer, agency: string): void {
    if (!viewer.agencies.includes(agency)) throw new SwitchboardError('SWB_ERR_FORBIDDEN', `you do not serve ${agency}`);
  }

  #now(): Date {
    return this.deps.now?.() ?? new Date();
  }

  #day(): string {
    return this.#now().toISOString().slice(0, 10);
  }
}
