/** `npm start`: one instance, configured from the environment (see README). */
import { readEnv } from './config/index.js';
import { createLogger, installProcessGuards } from './log/index.js';
import { startServer } from './server.js';

const env = readEnv();
const logger = createLogger({ level: env.LOG_LEVEL });
installProcessGuards(logger);

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
