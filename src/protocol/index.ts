/**
 * @module protocol
 * The one place where Switchboard's wire and file formats are defined: zod schemas and the types inferred
 * from them. Widget, router, agency bots and stores all import from here.
 */
export * from './common.js';
export * from './routing.js';
export * from './events.js';
export * from './client-frames.js';
export * from './server-frames.js';
export * from './agency.js';
export * from './pack.js';
export * from './decode.js';
export * from './version.js';
export * from './bus-notice.js';
export * from './embed.js';
export * from './registration.js';
export * from './operator.js';
export * from './operator-frames.js';
export * from './analytics.js';
