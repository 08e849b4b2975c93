/**
 * The composition root: the only file that picks concrete implementations and wires them together.
 * Everything else receives its collaborators.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Router as ExpressRouter } from 'express';
import { agencySigningSecret, loadAgenciesFolder, loadPackFolder, type AgencyRegistry } from './agencies/index.js';
import { ConversationLog, createBackend, type Backend } from './conversations/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR, DEFAULT_MODEL_CACHE_DIR } from './config/index.js';
import { createLogger, unhandledRejections, type Logger } from './log/index.js';
import type { IntentModel } from './nlu/index.js';
import { ApiKeys, createRegistrationRoutes, LiveNetwork, NluWorker, RegistrationService, type RegistrationOptions } from './registration/index.js';
import { CitizenService, createDelivery, policyOf, Router, TurnRunner, type TurnRunnerOptions } from './router/index.js';
import { attachWidgetSockets, createHttpApp, createWidgetRoutes } from './transport/index.js';
import { buildWidget } from '../widget/index.js';

export interface ServerOptions {
  /** 0 picks a free port. Default 3000. */
  port?: number;
  host?: string;
  /** A ready backend (tests); otherwise built from `redisUrl` (absent ⇒ in-memory). */
  backend?: Backend;
  redisUrl?: string;
  agenciesDir?: string;
  intentsDir?: string;
  logger?: Logger;
  instanceId?: string;
  /** Where trained models are kept between starts; `false` disables the cache. */
  modelCacheDir?: string | false;
  /** Origins allowed to embed every agency's frame besides each manifest's `allowedOrigins`. */
  extraFrameAncestors?: string[];
  /** Owed-turn timing (lease, sweeper, retries); the defaults suit production, tests shorten them. */
  turns?: { leaseMs?: number } & Pick<TurnRunnerOptions, 'sweepEveryMs' | 'sweepAfterMs' | 'retryMinMs' | 'retryMaxMs'>;
  /** Bootstrap token of the registration API's admin routes (agency keys); absent ⇒ those routes refuse all. */
  adminToken?: string;
  /** Master secret from which each agency's bot-request signing key is derived; absent ⇒ requests unsigned. */
  botSigningSecret?: string;
  /** Sandbox folds and publish margin, and how often to poll the pack store for other instances' publishes. */
  registration?: RegistrationOptions & { pollMs?: number };
}

export interface RunningServer {
  url: string;
  port: number;
  instanceId: string;
  registry: AgencyRegistry;
  router: Router;
  /** The agencies and model as published (hot retrain): `network.modelVersion`, `network.refresh()`. */
  network: LiveNetwork;
  backend: Backend;
  model: IntentModel;
  close(): Promise<void>;
}

/** Seed for the start-up model: the same packs give the same model on every instance. */
const MODEL_SEED = 42;

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const logger = options.logger ?? createLogger();
  const instanceId = options.instanceId ?? randomUUID().slice(0, 8);
  const log = logger.child({ instance: instanceId });

  const agencies = await loadAgenciesFolder(options.agenciesDir ?? DEFAULT_AGENCIES_DIR);
  const shared = await loadPackFolder(options.intentsDir ?? DEFAULT_INTENTS_DIR);
  const backend = options.backend ?? (await createBackend({ redisUrl: options.redisUrl, logger: log }));

  // The folder's agencies overlaid with every version published through the registration API; the model
  // and the pack-trained language detector (it beats the built-in profiles on short messages, docs/NLU.md)
  // follow the published packs from here on (docs/AGENCIES.md, "Hot retrain").
  const cacheDir = options.modelCacheDir === false ? undefined : (options.modelCacheDir ?? DEFAULT_MODEL_CACHE_DIR);
  const worker = new NluWorker();
  const { pollMs, ...registrationOptions } = options.registration ?? {};
  const master = options.botSigningSecret;
  const signingSecret = master ? (agency: string) => agencySigningSecret(master, agency) : undefined;
  const network = await LiveNetwork.load({ folder: agencies, shared, store: backend.packs, bus: backend.bus, worker, seed: MODEL_SEED, cacheDir, logger: log, pollMs, signingSecret });
  const registry = network.registry;
  const model = network.model;
  const conversationLog = new ConversationLog(backend.store, backend.bus);
  const { leaseMs: turnLeaseMs, ...turnTiming } = options.turns ?? {};
  const router = new Router({
    instanceId,
    turnLeaseMs,
    registry,
    conversationLog,
    logger: log,
    detectLanguage: network.detectLanguage,
    model,
    policy: policyOf(model),
    modelVersion: network.modelVersion,
  });
  network.attach(router);
  const keys = new ApiKeys(backend.apiKeys, options.adminToken);
  const registration = new RegistrationService({ store: backend.packs, bus: backend.bus, network, worker, seed: MODEL_SEED, cacheDir, logger: log, ...registrationOptions });

  const turns = new TurnRunner({ router, store: backend.store, logger: log, onHealthChange: (listener) => backend.onHealthChange(listener), ...turnTiming }).start();
  const citizens = new CitizenService({
    router,
    turns,
    conversationLog,
    registry,
    messageLimiter: backend.createRateLimiter({ keyPrefix: 'msg', points: 20, durationSeconds: 10 }),
  });
  const delivery = createDelivery(backend);

  const bundling = performance.now();
  const assets = await buildWidget();
  log.info({ ms: Math.round(performance.now() - bundling) }, 'widget bundled');
  const routers: ExpressRouter[] = [createWidgetRoutes({ assets, agencies: registry, extraFrameAncestors: options.extraFrameAncestors ?? [] }), createRegistrationRoutes({ service: registration, keys, botSecret: signingSecret })];
  const app = createHttpApp({ citizens, delivery, logger: log, instanceId, routers, healthDetails: () => ({ turnsWaiting: turns.waiting, turnFailures: turns.failures, unhandledRejections: unhandledRejections() }) });
  const server = createServer(app);
  const sockets = attachWidgetSockets(server, { citizens, delivery, logger: log });

  const port = await listen(server, options.port ?? 3000, options.host ?? '127.0.0.1');
  const url = `http://${options.host && options.host !== '0.0.0.0' ? options.host : '127.0.0.1'}:${port}`;
  log.info({ url, backend: backend.kind, agencies: registry.manifests().map((m) => m.id) }, 'switchboard listening');

  return {
    url,
    port,
    instanceId,
    registry,
    router,
    network,
    backend,
    model,
    async close() {
      turns.stop();
      network.close();
      await sockets.close();
      // Stop accepting, then drop open keep-alive and half-sent requests now: waiting for them could hold a
      // shutdown for a minute.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await router.drain();
      await worker.close();
      if (!options.backend) await backend.close();
    },
  };
}


function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}
