/** `npm start`: one instance, configured from the environment (see README). */
import { ConfigError, describeConfig, readEnv, type EnvConfig } from './config/index.js';
import { createLogger, installProcessGuards } from './log/index.js';
import { startServer } from './server.js';
import { stopWithin } from './shutdown.js';

/**
 * How long a graceful stop may take before the process exits anyway: under Docker's default 10 s grace
 * period, so a hung close (a stuck socket, an unreachable Redis) ends with our log line, not a SIGKILL.
 */
const SHUTDOWN_TIMEOUT_MS = 8_000;

let env: EnvConfig;
try {
  env = readEnv();
} catch (error) {
  // Before any logger exists: say plainly which setting is wrong, and stop.
  process.stderr.write(`${error instanceof ConfigError ? error.message : String(error)}\n`);
  process.exit(1);
}
const logger = createLogger({ level: env.LOG_LEVEL });
installProcessGuards(logger);
logger.info({ config: describeConfig(env) }, 'configuration');

try {
  const server = await startServer({
    port: env.PORT,
    host: env.HOST,
    redisUrl: env.REDIS_URL,
    agenciesDir: env.AGENCIES_DIR,
    intentsDir: env.INTENTS_DIR,
    instanceId: env.INSTANCE_ID,
    adminToken: env.SWITCHBOARD_ADMIN_TOKEN,
    botSigningSecret: env.SWITCHBOARD_BOT_SIGNING_SECRET,
    botAllowedNetworks: env.BOT_ALLOWED_NETWORKS?.split(',').map((cidr) => cidr.trim()),
    extraFrameAncestors: env.FRAME_ANCESTORS?.split(',').map((origin) => origin.trim()).filter(Boolean),
    metricsToken: env.METRICS_TOKEN,
    limits: { handshakesPerMinute: env.WS_HANDSHAKES_PER_MINUTE, apiRequestsPerMinute: env.API_REQUESTS_PER_MINUTE },
    drainDelayMs: env.DRAIN_DELAY_MS,
    logger,
    operators: {
      file: env.OPERATORS_FILE,
      // Demo accounts have published passwords: never in a production image.
      seedDemo: process.env.NODE_ENV !== 'production',
      graceMs: env.OPERATOR_GRACE_SECONDS * 1000,
      sessionSecret: env.OPERATOR_SESSION_SECRET,
      sessionTtlSeconds: Math.round(env.OPERATOR_SESSION_HOURS * 3600),
    },
  });
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      // A second Ctrl-C: the operator does not want to wait.
      logger.warn({ signal }, 'second signal while shutting down; exiting now');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal }, 'shutting down');
    process.exit(await stopWithin({ close: () => server.close(), timeoutMs: SHUTDOWN_TIMEOUT_MS, logger }));
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
