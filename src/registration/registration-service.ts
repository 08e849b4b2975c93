import { randomUUID } from 'node:crypto';
import type { ConversationBus, PackStore, StoredDraft, StoredVersion, VersionSummary } from '../conversations/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { AgencyDraftBody, draftContent, draftIssues, MIN_DRAFT_EXAMPLES, type AgencyContent, type IntentPack } from '../protocol/index.js';
import type { EvaluationReport } from './evaluate.js';
import type { LiveNetwork } from './live-network.js';
import type { NluWorker } from './nlu-worker-client.js';

export interface RegistrationOptions {
  /** Cross-validation folds of `evaluate`; default 3 (each fold is a full training). */
  folds?: number;
  /** Publishing is refused when routing accuracy drops by more than this; default 0.02 (two points). */
  margin?: number;
}

export interface RegistrationDeps extends RegistrationOptions {
  store: PackStore;
  bus: ConversationBus;
  network: LiveNetwork;
  worker: NluWorker;
  seed: number;
  cacheDir?: string;
  logger: Logger;
}

export interface PublishResult {
  version: VersionSummary;
  revision: number;
  /** The model now deciding on this instance (`decision.model`). */
  model: string;
  report?: EvaluationReport;
}

/**
 * What an agency may do with its own packs. Every method takes the agency from the caller's credentials
 * (the HTTP layer checks it against the path), and reads and writes only under that agency.
 */
export class RegistrationService {
  readonly #reports = new Map<string, { key: string; report: EvaluationReport }>();
  /** One evaluation at a time per agency (the worker is shared by everyone): the running one, by cache key. */
  readonly #running = new Map<string, { key: string; report: Promise<EvaluationReport> }>();

  constructor(private readonly deps: RegistrationDeps) {}

  live(agency: string): { agency: string; version: number; content: AgencyContent } {
    const live = this.deps.network.content(agency);
    if (!live) throw new SwitchboardError('SWB_ERR_UNKNOWN_AGENCY', `${agency} has nothing live yet`);
    const { version, ...content } = live;
    return { agency, version, content };
  }

  async createDraft(agency: string, body: unknown): Promise<StoredDraft> {
    const now = new Date().toISOString();
    const draft: StoredDraft = { id: randomUUID(), agency, createdAt: now, updatedAt: now, content: validate(agency, body) };
    await this.deps.store.saveDraft(draft);
    return draft;
  }

  /**
   * A draft of the agency's live content with `pack`'s intents added to its pack in that language (a name
   * already in use gets a suffix), evaluated at once: how the analytics' "export as a draft pack" opens the
   * sandbox. The agency still reviews the answers and publishes with its own key.
   */
  async draftFromPack(agency: string, pack: IntentPack): Promise<{ draftId: string; report: EvaluationReport }> {
    const { content } = this.live(agency);
    // A draft intent needs MIN_DRAFT_EXAMPLES to be cross-validated: smaller groups wait (or are completed by
    // hand from the draft-pack download).
    const ready = pack.intents.filter((intent) => intent.examples.length >= MIN_DRAFT_EXAMPLES);
    if (ready.length === 0) {
      throw new SwitchboardError('SWB_ERR_NOT_FOUND', `no group of unplaced questions has the ${MIN_DRAFT_EXAMPLES} examples a draft intent needs yet; download the draft pack to complete one by hand`);
    }
    const current = content.packs[pack.language] ?? { language: pack.language, intents: [], outOfScope: [], synonyms: [] };
    const taken = new Set(current.intents.map((intent) => intent.name));
    const added = ready.map((intent) => {
      let name = intent.name;
      for (let n = 2; taken.has(name); n++) name = `${intent.name}_${n}`;
      taken.add(name);
      return { ...intent, name };
    });
    const draft = await this.createDraft(agency, { ...content, packs: { ...content.packs, [pack.language]: { ...current, intents: [...current.intents, ...added] } } });
    return { draftId: draft.id, report: await this.evaluate(agency, draft.id) };
  }

  async updateDraft(agency: string, id: string, body: unknown): Promise<StoredDraft> {
    const existing = await this.draft(agency, id);
    const draft: StoredDraft = { ...existing, updatedAt: new Date().toISOString(), content: validate(agency, body) };
    await this.deps.store.saveDraft(draft);
    return draft;
  }

  async draft(agency: string, id: string): Promise<StoredDraft> {
    const draft = await this.deps.store.draft(agency, id);
    if (!draft) throw new SwitchboardError('SWB_ERR_NOT_FOUND', `no draft ${id} for ${agency}`);
    return draft;
  }

  drafts(agency: string): Promise<StoredDraft[]> {
    return this.deps.store.drafts(agency);
  }

  /** Whether the draft's evaluation is running, done against the network as it is now, or not there. */
  evaluation(draft: StoredDraft): 'running' | 'done' | 'none' {
    const key = `${draft.updatedAt}\u0000${this.deps.network.modelVersion}`;
    if (this.#running.get(draft.agency)?.key === `${draft.id}\u0000${key}`) return 'running';
    return this.#reports.get(draft.id)?.key === key ? 'done' : 'none';
  }

  /** The sandbox report for a draft against the network as it is live now (cached per draft and revision). */
  async evaluate(agency: string, id: string): Promise<EvaluationReport> {
    const draft = await this.draft(agency, id);
    const key = `${draft.updatedAt}\u0000${this.deps.network.modelVersion}`;
    const cached = this.#reports.get(draft.id);
    if (cached?.key === key) return cached.report;
    const running = this.#running.get(agency);
    if (running?.key === `${draft.id}\u0000${key}`) return running.report;
    if (running) throw new SwitchboardError('SWB_ERR_RATE_LIMITED', `an evaluation for ${agency} is running; try again when it is done`);
    const report = this.#evaluate(agency, draft, key);
    this.#running.set(agency, { key: `${draft.id}\u0000${key}`, report });
    try {
      return await report;
    } finally {
      this.#running.delete(agency);
    }
  }

  async #evaluate(agency: string, draft: StoredDraft, key: string): Promise<EvaluationReport> {
    const report = await this.deps.worker.evaluate(
      {
        agency,
        live: this.deps.network.examples(),
        candidate: this.deps.network.candidateExamples(agency, draft.content),
        folds: this.deps.folds ?? 3,
        seed: this.deps.seed,
        margin: this.deps.margin ?? 0.02,
      },
      { cacheDir: this.deps.cacheDir },
    );
    this.#reports.set(draft.id, { key, report });
    return report;
  }

  /**
   * Evaluate, refuse (SWB_ERR_PUBLISH_REFUSED, the report in `details`) when routing accuracy drops by more
   * than the margin unless `force`, then store the version, tell every instance, and return once this
   * instance routes with it.
   */
  async publish(agency: string, id: string, force: boolean): Promise<PublishResult> {
    const draft = await this.draft(agency, id);
    const report = await this.evaluate(agency, id);
    if (!report.network.publishable && !force) {
      const points = (-report.network.delta * 100).toFixed(1);
      throw new SwitchboardError('SWB_ERR_PUBLISH_REFUSED', `routing accuracy would drop by ${points} points (margin ${(report.network.margin * 100).toFixed(1)}); publish with force to override`, {
        details: { report },
      });
    }
    const published = await this.deps.store.publish(agency, draft.content, { createdAt: new Date().toISOString(), draftId: draft.id, ...(report.network.publishable ? {} : { forced: true }) });
    return { ...(await this.#goLive(published)), report };
  }

  versions(agency: string): Promise<VersionSummary[]> {
    return this.deps.store.versions(agency);
  }

  async version(agency: string, version: number): Promise<StoredVersion> {
    const found = await this.deps.store.version(agency, version);
    if (!found) throw new SwitchboardError('SWB_ERR_NOT_FOUND', `${agency} has no version ${version}`);
    return found;
  }

  /** Make an earlier version live again, as a new version (a known state: no evaluation gate). */
  async rollback(agency: string, version: number): Promise<PublishResult> {
    const earlier = await this.version(agency, version);
    const published = await this.deps.store.publish(agency, earlier.content, { createdAt: new Date().toISOString(), rolledBackFrom: version });
    return this.#goLive(published);
  }

  async #goLive(published: { version: StoredVersion; revision: number }): Promise<PublishResult> {
    const { content, ...summary } = published.version;
    this.deps.logger.info({ agency: summary.agency, version: summary.version, revision: published.revision }, 'agency packs published');
    // Other instances hear the notice (and poll, should it be lost); this one retrains before answering.
    await this.deps.bus.publish({ type: 'packs', revision: published.revision }).catch((err) => this.deps.logger.warn({ err }, 'packs notice not sent; instances will poll'));
    await this.deps.network.refresh();
    return { version: summary, revision: published.revision, model: this.deps.network.modelVersion };
  }
}

function validate(agency: string, body: unknown): AgencyContent {
  const parsed = AgencyDraftBody.safeParse(body);
  if (!parsed.success) {
    const issues = draftIssues(parsed.error);
    throw new SwitchboardError('SWB_ERR_PACK_INVALID', issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '), { issues });
  }
  if (parsed.data.manifest.id !== agency) {
    const issues = [{ path: 'manifest.id', code: 'custom', message: `expected "${agency}" (the agency of this key)` }];
    throw new SwitchboardError('SWB_ERR_PACK_INVALID', `manifest.id: ${issues[0].message}`, { issues });
  }
  return draftContent(parsed.data);
}
