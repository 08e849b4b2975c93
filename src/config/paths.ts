import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';

/** The repository root: demo agencies and shared packs live beside `src/`. */
export const PROJECT_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const DEFAULT_AGENCIES_DIR = resolve(PROJECT_ROOT, 'agencies');
export const DEFAULT_INTENTS_DIR = resolve(PROJECT_ROOT, 'intents');
