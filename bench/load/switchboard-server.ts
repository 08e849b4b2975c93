/**
 * One Switchboard instance for the benchmark: `startServer` as `src/main.ts` uses it, plus a memory
 * probe over IPC. PORT, REDIS_URL (absent ⇒ memory), INSTANCE_ID.
 *
 * One deliberate change: the per-conversation message limiter (20 per 10 s in production) is raised, or a
 * closed loop would measure the limiter's refusals. The limiter still runs on every message (in Redis for
 * the Redis scenarios), so its cost stays in the figures.
 */
import { createBackend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { startServer } from '../../src/server.js';
import { answerMemoryRequests, answerRuntimeRequests } from './ipc.js';

const logger = createLogger({ level: process.env.LOG_LEVEL ?? 'warn' });
const backend = await createBackend({ redisUrl: process.env.REDIS_URL || undefined, logger });
const createRateLimiter = backend.createRateLimiter.bind(backend);
backend.createRateLimiter = (options) => createRateLimiter({ ...options, points: 1_000_000_000 });

const server = await startServer({ port: Number(process.env.PORT ?? 0), backend, logger, instanceId: process.env.INSTANCE_ID });
answerMemoryRequests(() => -1);
await answerRuntimeRequests();
process.send?.({ type: 'listening', port: server.port });
process.on('SIGTERM', () => {
  void server
    .close()
    .then(() => backend.close())
    .finally(() => process.exit(0));
});
