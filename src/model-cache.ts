import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './log/index.js';
import { loadIntentModelFile, MODEL_FORMAT_VERSION, saveIntentModelFile, trainIntentModel, type IntentModel, type TrainingExample } from './nlu/index.js';

/**
 * Train once per distinct set of packs: the model is stored under a hash of its training data, seed and
 * format version, so a restart, a second instance or a test run on unchanged packs loads it instead of
 * training again (and gets the identical model, since training is deterministic).
 */
export async function modelForExamples(examples: TrainingExample[], options: { seed: number; cacheDir?: string; logger: Logger }): Promise<IntentModel> {
  const key = createHash('sha256')
    .update(JSON.stringify({ version: MODEL_FORMAT_VERSION, seed: options.seed, examples }))
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
    await mkdir(options.cacheDir, { recursive: true });
    // Write then rename: instances starting together never read a half-written file.
    const partial = `${file}.${process.pid}.tmp`;
    await saveIntentModelFile(model, partial);
    await rename(partial, file);
  }
  return model;
}
