import { createHash } from 'node:crypto';
import { AgencyRegistry, type BotNetworkPolicy, type LoadedAgency, type LoadedPacks } from '../agencies/index.js';
import type { ConversationBus, PackStore, StoredVersion } from '../conversations/index.js';
import type { Logger } from '../log/index.js';
import { createLanguageDetector, modelForExamples, type IntentModel, type LanguageDetector, type TrainingExample } from '../nlu/index.js';
import type { AgencyContent } from '../protocol/index.js';
import { policyOf, type Router } from '../router/index.js';
import type { NluWorker } from './nlu-worker-client.js';

export interface LiveNetworkDeps {
  /** Agencies from `AGENCIES_DIR`: version 0 of each, and the handlers local bots keep across versions. */
  folder: LoadedAgency[];
  shared: LoadedPacks;
  store: PackStore;
  bus: ConversationBus;
  worker: NluWorker;
  seed: number;
  cacheDir?: string;
  logger: Logger;
  /** How often to ask the store for its revision besides bus notices (which can be lost); default 5 s. */
  pollMs?: number;
  /** Each agency's key for signing requests to its remote bot; unsigned when absent. */
  signingSecret?: (agency: string) => string;
  /** Where published agencies' bots may be (their URLs are untrusted input). */
  botNetwork?: BotNetworkPolicy;
}

/** What one network revision is: the agencies, the examples they train, the model and its detector. */
interface Snapshot {
  revision: number;
  agencies: Map<string, LoadedAgency & { version: number }>;
  examples: TrainingExample[];
  model: IntentModel;
  detector: LanguageDetector;
  version: string;
}

/**
 * The agencies this instance serves and the model trained on them, kept in step with the pack store: on a
 * `packs` notice (or when polling sees a newer revision) it reads the live versions, retrains in the NLU
 * worker and swaps registry entries, model and language detector in one synchronous step. Every instance
 * trains the same seeded model from the same packs (deterministic), so none waits for another.
 */
export class LiveNetwork {
  readonly registry: AgencyRegistry;
  #snapshot: Snapshot;
  #router?: Router;
  #chain: Promise<void> = Promise.resolve();
  #stop: Array<() => void> = [];
  #lastRefreshMs?: number;
  #lastRefreshSteps?: { trainMs: number; loadMs: number; detectorRebuilt: boolean };

  private constructor(
    private readonly deps: LiveNetworkDeps,
    snapshot: Snapshot,
  ) {
    this.#snapshot = snapshot;
    this.registry = new AgencyRegistry([...snapshot.agencies.values()], deps.shared, { signingSecret: deps.signingSecret, botNetwork: deps.botNetwork });
  }

  /** Start-up: the folder agencies overlaid with every published version, trained here (cached on disk). */
  static async load(deps: LiveNetworkDeps): Promise<LiveNetwork> {
    const live = await deps.store.live();
    const agencies = overlay(deps.folder, live.versions);
    const examples = trainingExamples(agencies, deps.shared);
    const model = await modelForExamples(examples, { seed: deps.seed, cacheDir: deps.cacheDir, logger: deps.logger });
    return new LiveNetwork(deps, { revision: live.revision, agencies, examples, model, detector: createLanguageDetector(examples), version: versionOf(live.revision, examples, deps.seed) });
  }

  get model(): IntentModel {
    return this.#snapshot.model;
  }
  get revision(): number {
    return this.#snapshot.revision;
  }
  get modelVersion(): string {
    return this.#snapshot.version;
  }
  /** Where the last refresh spent its time: in the worker (train) and on this thread (load, detector). */
  get lastRefreshSteps(): { trainMs: number; loadMs: number; detectorRebuilt: boolean } | undefined {
    return this.#lastRefreshSteps;
  }
  /** Duration of the last retrain-and-swap (ms), for logs and benches. */
  get lastRefreshMs(): number | undefined {
    return this.#lastRefreshMs;
  }
  readonly detectLanguage = (text: string, hint?: Parameters<LanguageDetector['detect']>[1]) => this.#snapshot.detector.detect(text, hint);

  /** The live content of one agency (`version` 0 = the folder's), if it is served. */
  content(agency: string): (AgencyContent & { version: number }) | undefined {
    const found = this.#snapshot.agencies.get(agency);
    return found && { manifest: found.manifest, packs: found.packs, version: found.version };
  }

  examples(): TrainingExample[] {
    return this.#snapshot.examples;
  }

  /** The network's examples with `agency`'s packs replaced by `content` (the sandbox's candidate). */
  candidateExamples(agency: string, content: AgencyContent): TrainingExample[] {
    const agencies = new Map(this.#snapshot.agencies);
    agencies.set(agency, { ...content, version: -1 });
    return trainingExamples(agencies, this.deps.shared);
  }

  /** Follow the store from now on: swap the router's model when the network moves. */
  attach(router: Router): void {
    this.#router = router;
    this.#stop.push(
      this.deps.bus.subscribeAll((notice) => {
        if (notice.type === 'packs' && notice.revision > this.#snapshot.revision) void this.refresh().catch(() => undefined);
      }),
    );
    const timer = setInterval(() => {
      void this.deps.store
        .revision()
        .then((revision) => (revision > this.#snapshot.revision ? this.refresh() : undefined))
        .catch(() => undefined);
    }, this.deps.pollMs ?? 5_000);
    timer.unref();
    this.#stop.push(() => clearInterval(timer));
  }

  /** Bring this instance to the store's live revision (one refresh at a time; a no-op when current). */
  refresh(): Promise<void> {
    const run = this.#chain.then(() => this.#apply());
    this.#chain = run.catch(() => undefined);
    return run;
  }

  close(): void {
    for (const stop of this.#stop.splice(0)) stop();
  }

  async #apply(): Promise<void> {
    const live = await this.deps.store.live();
    if (live.revision <= this.#snapshot.revision) return;
    const started = performance.now();
    const agencies = overlay(this.deps.folder, live.versions);
    const examples = trainingExamples(agencies, this.deps.shared);
    let trained: Awaited<ReturnType<NluWorker['train']>>;
    try {
      trained = await this.deps.worker.train(examples, { seed: this.deps.seed, cacheDir: this.deps.cacheDir });
    } catch (error) {
      this.deps.logger.error({ err: error, revision: live.revision }, 'retraining for published packs failed; still serving the previous model');
      throw error;
    }
    const { model, detector } = trained;
    if (trained.detectorRebuilt) this.deps.logger.warn('the language detector from the worker failed its probes; rebuilt on the main thread');
    this.#lastRefreshSteps = { trainMs: Math.round(performance.now() - started - trained.loadMs), loadMs: Math.round(trained.loadMs), detectorRebuilt: trained.detectorRebuilt };
    const version = versionOf(live.revision, examples, this.deps.seed);
    // One synchronous step from here: registry entries, model, detector and version change together.
    for (const [id, agency] of agencies) {
      if (this.#snapshot.agencies.get(id)?.version !== agency.version) this.registry.upsert(agency);
    }
    this.#snapshot = { revision: live.revision, agencies, examples, model, detector, version };
    this.#router?.useModel(model, policyOf(model), { detectLanguage: this.detectLanguage, version });
    this.#lastRefreshMs = Math.round(performance.now() - started);
    this.deps.logger.info({ revision: live.revision, model: version, intents: model.intents.length, ms: this.#lastRefreshMs }, 'published packs live');
  }
}

/** Folder agencies, each replaced by its live published version; a local bot keeps its folder handler. */
function overlay(folder: LoadedAgency[], versions: StoredVersion[]): Map<string, LoadedAgency & { version: number }> {
  const agencies = new Map<string, LoadedAgency & { version: number }>(folder.map((agency) => [agency.manifest.id, { ...agency, version: 0 }]));
  for (const published of versions) {
    const handler = published.content.manifest.bot.type === 'local' ? agencies.get(published.agency)?.handler : undefined;
    agencies.set(published.agency, { manifest: published.content.manifest, packs: published.content.packs, handler, version: published.version, untrustedBot: true });
  }
  return new Map([...agencies.entries()].sort(([a], [b]) => a.localeCompare(b)));
}

function trainingExamples(agencies: Map<string, LoadedAgency>, shared: LoadedPacks): TrainingExample[] {
  return new AgencyRegistry([...agencies.values()], shared).trainingExamples();
}

function versionOf(revision: number, examples: TrainingExample[], seed: number): string {
  return `r${revision}.${createHash('sha256').update(JSON.stringify({ seed, examples })).digest('hex').slice(0, 8)}`;
}
