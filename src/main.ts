/** `npm start`: one instance, configured from the environment (see README). */
import { readEnv } from './config/index.js';
import { createLogger } from './log/index.js';
import { startServer } from './server.js';

const env = readEnv();
const logger = createLogger({ level: env.LOG_LEVEL });

try {
  const server = await startServer({
    port: env.PORT,
    host: env.HOST,
    redisUrl: env.REDIS_URL,
    agenciesDir: env.AGENCIES_DIR,
    intentsDir: env.INTENTS_DIR,
    instanceId: env.INSTANCE_ID,
    extraFrameAncestors: env.FRAME_ANCESTORS?.split(',').map((origin) => origin.trim()).filter(Boolean),
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
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
} catch (error) {
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
