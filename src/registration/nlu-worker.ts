/**
 * The NLU worker thread's entry (started by `NluWorker`): trains models and runs evaluations so the main
 * thread keeps answering citizens. It reaches the NLU through its index only.
 */
import { parentPort } from 'node:worker_threads';
import { createLogger } from '../log/index.js';
import { modelForExamples } from '../nlu/index.js';
import { evaluateDraft } from './evaluate.js';

const logger = createLogger({ level: 'silent' });

parentPort?.on('message', async ({ id, job }) => {
  try {
    let value: unknown;
    if (job.kind === 'train') value = (await modelForExamples(job.examples, { seed: job.seed, cacheDir: job.cacheDir, logger })).toJSON();
    else value = await evaluateDraft(job.input, { cacheDir: job.cacheDir, logger });
    parentPort?.postMessage({ id, ok: true, value });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
