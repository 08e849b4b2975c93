/** @module log  pino, set up once with redaction. */
export { createLogger, type Logger } from './logger.js';
export { installProcessGuards, unhandledRejections } from './process-guards.js';
