/** @module config  Paths and environment. */
export { PROJECT_ROOT, DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR, DEFAULT_MODEL_CACHE_DIR } from './paths.js';
export { readEnv, describeConfig, EnvConfig, ConfigError } from './env.js';
