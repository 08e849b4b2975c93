import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The repository root: demo agencies and shared packs live beside `src/`. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_AGENCIES_DIR = resolve(PROJECT_ROOT, 'agencies');
export const DEFAULT_INTENTS_DIR = resolve(PROJECT_ROOT, 'intents');
/** Trained intent models, keyed by a hash of their training data (safe to delete). */
export const DEFAULT_MODEL_CACHE_DIR = resolve(PROJECT_ROOT, 'node_modules', '.cache', 'switchboard');
