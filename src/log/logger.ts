import { pino, type Logger, type DestinationStream } from 'pino';
import { REDACT_PATHS } from '../privacy/index.js';

export type { Logger };

/**
 * The root logger. Children carry context (`connId`, `conversationId`, `agency`); user-controlled values
 * go under keys we name, never as top-level bindings. `text`, tokens and comments are censored.
 */
export function createLogger(options: { level?: string; destination?: DestinationStream } = {}): Logger {
  const level = options.level ?? process.env.LOG_LEVEL ?? 'info';
  return pino(
    {
      level,
      base: { service: 'switchboard' },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers: { err: pino.stdSerializers.err },
    },
    options.destination,
  );
}
