/**
 * @module console
 * Node-side front door of the operator console: the in-memory bundler. Browser code lives in `app/` and
 * imports nothing but types from src/protocol.
 */
export { buildConsole, type ConsoleBundle } from './build.js';
