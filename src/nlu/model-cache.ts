import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Logger } from '../log/index.js';
import { loadIntentModelFile, saveIntentModelFile } from './load.js';
import { MODEL_FORMAT_VERSION } from './serialize.js';
import { trainIntentModel } from './train.js';
import type { IntentModel, TrainingExample } from './types.js';

/**
 * Train once per distinct set of packs: the model is stored under a hash of its training data, seed and
 * the trainer's own source, so a restart, a second instance or a test run on unchanged packs and code
 * loads it instead of training again (and gets the identical model, since training is deterministic).
 */
export async function modelForExamples(examples: TrainingExample[], options: { seed: number; cacheDir?: string; logger: Logger }): Promise<IntentModel> {
  const key = createHash('sha256')
    .update(JSON.stringify({ version: MODEL_FORMAT_VERSION, seed: options.seed, trainer: await trainerFingerprint(), examples }))
    .digest('hex')
    .slice(0, 32);
  const file = options.cacheDir ? join(options.cacheDir, `model-${key}.json`) : undefined;
  if (file && existsSync(file)) {
    try {
      const model = await loadIntentModelFile(file);
      options.logger.info({ intents: model.intents.length, threshold: model.threshold, cached: true }, 'intent model loaded');
      return model;
    } catch (error) {
      options.logger.warn({ err: error }, 'cached intent model unreadable; retraining');
    }
  }
  const started = performance.now();
  const model = trainIntentModel(examples, { seed: options.seed });
  options.logger.info({ intents: model.intents.length, threshold: model.threshold, ms: Math.round(performance.now() - started) }, 'intent model trained');
  if (file && options.cacheDir) {
    try {
      await mkdir(options.cacheDir, { recursive: true });
      // Write then rename (a unique name per writer: test workers share a pid): instances starting together
      // never read a half-written file.
      const partial = `${file}.${randomUUID()}.tmp`;
      await saveIntentModelFile(model, partial);
      await rename(partial, file);
    } catch (error) {
      // A read-only disk costs the next start a retrain, nothing more: serve with the model in hand.
      options.logger.warn({ err: error }, 'could not cache the trained model');
    }
  }
  return model;
}

const NLU_DIR = dirname(fileURLToPath(import.meta.url));

/** A hash of the NLU sources: a changed trainer must never be answered with a model the old one made. */
async function trainerFingerprint(): Promise<string> {
  const hash = createHash('sha256');
  for (const name of (await readdir(NLU_DIR)).sort()) hash.update(name).update(await readFile(join(NLU_DIR, name)));
  return hash.digest('hex');
}
