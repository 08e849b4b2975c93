/** @module log  pino, set up once with redaction. */
export { createLogger, type Logger } from './logger.js';
