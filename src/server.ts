/**
 * The composition root: the only file that picks concrete implementations and wires them together.
 * Everything else receives its collaborators.
 */
import { createServer, type Server } from 'node:http';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import type { Router as ExpressRouter } from 'express';
import { agencySigningSecret, loadAgenciesFolder, loadPackFolder, type AgencyRegistry } from './agencies/index.js';
import { ConversationLog, createBackend, type Backend, type RedisBackend } from './conversations/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR, DEFAULT_MODEL_CACHE_DIR } from './config/index.js';
import { createLogger, unhandledRejections, type Logger } from './log/index.js';
import { Metrics } from './metrics/index.js';
import { ClientFrame, RoutingRule, ServerFrame } from './protocol/index.js';
import type { IntentModel } from './nlu/index.js';
import { ApiKeys, createRegistrationRoutes, LiveNetwork, NluWorker, RegistrationService, type RegistrationOptions } from './registration/index.js';
import { CitizenService, createDelivery, policyOf, Router, TurnRunner, type TurnRunnerOptions } from './router/index.js';
import { attachOperatorSockets, attachWidgetSockets, createAnalyticsRoutes, createHttpApp, createOperatorRoutes, createWidgetRoutes, listRoutes } from './transport/index.js';
import { AccountDirectory, demoAccounts, HandoverQueues, MemoryOperatorStore, OperatorService, OperatorSessions, RedisOperatorStore, type OperatorStore } from './operators/index.js';
import type { OperatorAccount } from './protocol/index.js';
import { AnalyticsService, MemoryAnalyticsStore, RedisAnalyticsStore, type AnalyticsStore } from './analytics/index.js';
import { buildWidget } from '../widget/index.js';
import { buildConsole } from '../console/index.js';

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
  /** Abuse limits per client address; defaults suit a public deployment (see `DEFAULT_ABUSE_LIMITS`). */
  limits?: Partial<AbuseLimits>;
  /** `/metrics` requires `Authorization: Bearer <token>` when set. */
  metricsToken?: string;
  /** On close, how long `/readyz` says "not ready" before connections close (a balancer's health-check period). Default 0. */
  drainDelayMs?: number;
  /** Owed-turn timing (lease, sweeper, retries); the defaults suit production, tests shorten them. */
  turns?: { leaseMs?: number } & Pick<TurnRunnerOptions, 'sweepEveryMs' | 'sweepAfterMs' | 'retryMinMs' | 'retryMaxMs'>;
  /** Bootstrap token of the registration API's admin routes (agency keys); absent ⇒ those routes refuse all. */
  adminToken?: string;
  /** Master secret from which each agency's bot-request signing key is derived; absent ⇒ requests unsigned. */
  botSigningSecret?: string;
  /** CIDRs where published agencies' bots may be despite the SSRF guard (docs/AGENCIES.md), e.g. `10.1.0.0/16`. */
  botAllowedNetworks?: string[];
  /** Sandbox folds and publish margin, and how often to poll the pack store for other instances' publishes. */
  registration?: RegistrationOptions & { pollMs?: number };
  /** Seconds a `delete_on_close` conversation stays after closing (default 60); tests shorten it. */
  deleteOnCloseAfterSeconds?: number;
  /** Download and erase requests per IP (token guessing). Default 30 per 60 s. */
  citizenDataLimit?: { points: number; durationSeconds: number };
  operators?: OperatorOptions;
}

export interface OperatorOptions {
  /** Fixed accounts (tests); otherwise `file` if it exists, else the demo's seed (README). */
  accounts?: OperatorAccount[];
  /** `operators.yaml`, re-read when it changes. */
  file?: string;
  /** Without accounts or a file: seed the demo's accounts (default) or none (production: NODE_ENV=production). */
  seedDemo?: boolean;
  /** How long a disconnected operator keeps what they hold. Default 60 s. */
  graceMs?: number;
  /** Session lifetime. Default 8 h (one shift). */
  sessionTtlSeconds?: number;
  /** Session-signing secret; default: one made once and kept in the backend (shared by instances). */
  sessionSecret?: string;
  /** Sign-in attempts per 10 minutes, per account and per IP. Default 10 and 50. */
  signInLimits?: { account: number; ip: number };
}

export interface AbuseLimits {
  /** New widget sockets per client address per minute. */
  handshakesPerMinute: number;
  /** `/api/…` requests per client address per minute. */
  apiRequestsPerMinute: number;
  /** The window the two per-minute figures count over, in seconds (60; tests shorten it). */
  windowSeconds: number;
  /** See `SocketLimits` in the transport. */
  helloTimeoutMs: number;
  maxBufferedBytes: number;
}

/**
 * Generous for one person (a widget reconnects a few times a minute at most), tight for a script. Behind a
 * balancer every client shares the balancer's address unless it passes the client's on: raise these there.
 */
export const DEFAULT_ABUSE_LIMITS: AbuseLimits = { handshakesPerMinute: 120, apiRequestsPerMinute: 600, windowSeconds: 60, helloTimeoutMs: 10_000, maxBufferedBytes: 1024 * 1024 };

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
  operators: OperatorService;
  /** Every HTTP route the app answers, `METHOD /path` (the access-control test checks its table against it). */
  routes(): string[];
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
  const network = await LiveNetwork.load({ folder: agencies, shared, store: backend.packs, bus: backend.bus, worker, seed: MODEL_SEED, cacheDir, logger: log, pollMs, signingSecret, botNetwork: { allow: options.botAllowedNetworks ?? [] } });
  const registry = network.registry;
  const model = network.model;
  const conversationLog = new ConversationLog(backend.store, backend.bus);
  const operatorStore: OperatorStore = isRedis(backend) ? new RedisOperatorStore(backend.client, backend.prefix) : new MemoryOperatorStore();
  const queues = new HandoverQueues({ store: operatorStore, conversationLog, registry });
  const analyticsStore: AnalyticsStore = isRedis(backend) ? new RedisAnalyticsStore(backend.client, backend.prefix) : new MemoryAnalyticsStore();
  const analytics = new AnalyticsService({ store: analyticsStore, retentionSeconds: (agency) => {
      const privacy = registry.manifest(agency)?.privacy;
      return privacy?.retentionSeconds ?? (privacy?.retentionDays ?? 30) * 86_400;
    },
  });
  const { leaseMs: turnLeaseMs, ...turnTiming } = options.turns ?? {};
  const metrics = new Metrics({
    agencies: registry.manifests().map((manifest) => manifest.id),
    frameTypes: ['invalid', 'binary', ...ClientFrame.options.map((frame) => frame.shape.type.value), ...ServerFrame.options.map((frame) => frame.shape.type.value)],
    rules: RoutingRule.options,
    gauges: () => {
      const stats = backend.stats();
      return { turnsWaiting: turns.waiting, redisCommandErrors: stats.commandErrors, redisReconnects: stats.reconnects };
    },
  });
  const router = new Router({
    handoff: queues,
    analytics,
    instanceId,
    turnLeaseMs,
    metrics,
    registry,
    conversationLog,
    logger: log,
    detectLanguage: network.detectLanguage,
    model,
    policy: policyOf(model),
    modelVersion: network.modelVersion,
    deleteOnCloseAfterSeconds: options.deleteOnCloseAfterSeconds,
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
  const operatorOptions = options.operators ?? {};
  const sessionTtlSeconds = operatorOptions.sessionTtlSeconds ?? 8 * 3600;
  const directory = await accountDirectory(operatorOptions, registry.manifests().map((m) => m.id), log);
  const limits = operatorOptions.signInLimits ?? { account: 10, ip: 50 };
  const sessions = new OperatorSessions({
    directory,
    store: operatorStore,
    ttlSeconds: sessionTtlSeconds,
    secret: operatorOptions.sessionSecret,
    limits: {
      account: backend.createRateLimiter({ keyPrefix: 'signin-account', points: limits.account, durationSeconds: 600 }),
      ip: backend.createRateLimiter({ keyPrefix: 'signin-ip', points: limits.ip, durationSeconds: 600 }),
    },
  });
  const operators = new OperatorService({
    directory,
    store: operatorStore,
    sessions,
    queues,
    conversationLog,
    conversations: router,
    registry,
    graceMs: operatorOptions.graceMs ?? 60_000,
    logger: log,
    analytics,
  });

  const bundling = performance.now();
  const [assets, consoleAssets] = await Promise.all([buildWidget(), buildConsole()]);
  log.info({ ms: Math.round(performance.now() - bundling) }, 'widget and console bundled');
  const routers: ExpressRouter[] = [
    createWidgetRoutes({ assets, agencies: registry, extraFrameAncestors: options.extraFrameAncestors ?? [] }),
    createOperatorRoutes({ operators, assets: consoleAssets, sessionTtlSeconds }),
    createAnalyticsRoutes({ operators, analytics, sandbox: { open: (agency, pack) => registration.draftFromPack(agency, pack) } }),
    createRegistrationRoutes({ service: registration, keys, botSecret: signingSecret }),
  ];
  let draining = false;
  const abuse = { ...DEFAULT_ABUSE_LIMITS, ...options.limits };
  const app = createHttpApp({
    citizens,
    delivery,
    logger: log,
    instanceId,
    routers,
    healthDetails: () => ({ turnsWaiting: turns.waiting, turnFailures: turns.failures, unhandledRejections: unhandledRejections() }),
    readiness: () => (draining ? { ready: false, reason: 'draining' } : backend.health() !== 'ok' ? { ready: false, reason: 'backend unreachable' } : { ready: true }),
    metrics: { render: () => metrics.render(), contentType: metrics.contentType, token: options.metricsToken },
    apiLimiter: backend.createRateLimiter({ keyPrefix: 'api-ip', points: abuse.apiRequestsPerMinute, durationSeconds: abuse.windowSeconds }),
    citizenDataLimiter: backend.createRateLimiter({ keyPrefix: 'citizen-data-ip', ...(options.citizenDataLimit ?? { points: 30, durationSeconds: 60 }) }),
  });
  const server = createServer(app);
  const sockets = attachWidgetSockets(server, {
    citizens,
    delivery,
    logger: log,
    metrics,
    limits: { helloTimeoutMs: abuse.helloTimeoutMs, maxBufferedBytes: abuse.maxBufferedBytes },
    handshakeLimiter: backend.createRateLimiter({ keyPrefix: 'ws-ip', points: abuse.handshakesPerMinute, durationSeconds: abuse.windowSeconds }),
  });
  // Slow or never-finished requests cannot hold connections open (slowloris).
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;
  const operatorSockets = attachOperatorSockets(server, { operators, delivery, logger: log });

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
    operators,
    routes: () => listRoutes(app),
    /**
     * Graceful drain: not ready at once (a balancer stops sending traffic), then after `drainDelayMs` stop
     * accepting, tell widgets and consoles to reconnect (close 1012: they resume elsewhere), let turns in
     * flight finish, flush logs, release the backend. Turns still owed stay listed for the other instances.
     */
    async close() {
      if (draining) return;
      draining = true;
      log.info({ drainDelayMs: options.drainDelayMs ?? 0 }, 'draining');
      if (options.drainDelayMs) await new Promise((resolve) => setTimeout(resolve, options.drainDelayMs));
      turns.stop();
      network.close();
      operators.stop();
      await Promise.all([sockets.close(), operatorSockets.close()]);
      // Stop accepting, then drop open keep-alive and half-sent requests now: waiting for them could hold a
      // shutdown for a minute.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await router.drain();
      await worker.close();
      log.flush();
      await operatorStore.close();
      await analyticsStore.close();
      if (!options.backend) await backend.close();
    },
  };
}

/** Accounts: fixed (tests), the operators file if there is one, else the demo's seed. */
async function accountDirectory(options: OperatorOptions, agencies: string[], log: Logger): Promise<AccountDirectory> {
  if (options.accounts) return AccountDirectory.fixed(options.accounts);
  if (options.file && existsSync(options.file)) return AccountDirectory.fromFile(options.file);
  if (options.seedDemo === false) {
    log.warn({ file: options.file }, 'no operators file: nobody can sign in to the console until `npm run operators -- add` creates one');
    return AccountDirectory.fromFile(options.file ?? 'operators.yaml');
  }
  log.warn('no operators file: demo operator accounts (README, "Operators"); never use them anywhere real');
  return AccountDirectory.fixed(await demoAccounts(agencies));
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

const isRedis = (backend: Backend): backend is RedisBackend => backend.kind === 'redis' && 'client' in backend;
