import { pino, type Logger, type DestinationStream } from 'pino';
import { REDACT_PATHS, redactText } from '../privacy/index.js';

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
      serializers: { err: serializeError },
    },
    options.destination,
  );
}

/**
 * Error messages and stacks are free text that may quote input (a bot that echoes the citizen, a handler
 * that names the value it could not parse): scrub personal data out of them before they are written.
 */
function serializeError(error: Error): ReturnType<typeof pino.stdSerializers.err> {
  const serialized = pino.stdSerializers.err(error);
  if (typeof serialized?.message === 'string') serialized.message = redactText(serialized.message);
  if (typeof serialized?.stack === 'string') serialized.stack = redactText(serialized.stack);
  return serialized;
}
