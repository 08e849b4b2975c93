/**
 * The NLU worker thread's entry (started by `NluWorker`): trains models and runs evaluations so the main
 * thread keeps answering citizens. It reaches the NLU through its index only.
 */
import { parentPort } from 'node:worker_threads';
import { createLogger } from '../log/index.js';
import { createLanguageDetector, modelForExamples } from '../nlu/index.js';
import { evaluateDraft } from './evaluate.js';

const logger = createLogger({ level: 'silent' });

parentPort?.on('message', async ({ id, job }) => {
  try {
    let value: unknown;
    if (job.kind === 'train') {
      const model = (await modelForExamples(job.examples, { seed: job.seed, cacheDir: job.cacheDir, logger })).toJSON();
      // The detector goes over as a structured clone (its fields are Maps, Sets and typed arrays); the main
      // thread checks it against these probes before trusting it (nlu-worker-client.ts).
      const detector = createLanguageDetector(job.examples);
      const probes = probeTexts(job.examples).map((text) => ({ text, guess: detector.detect(text) }));
      value = { model, detector, probes };
    }
    else value = await evaluateDraft(job.input, { cacheDir: job.cacheDir, logger });
    parentPort?.postMessage({ id, ok: true, value });
  } catch (error) {
    parentPort?.postMessage({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

/** A few texts per language from the examples themselves: enough to notice a detector that lost its state. */
function probeTexts(examples: Array<{ text: string; language: string }>): string[] {
  const byLanguage = new Map<string, string[]>();
  for (const example of examples) {
    const texts = byLanguage.get(example.language) ?? [];
    if (texts.length < 3) texts.push(example.text);
    byLanguage.set(example.language, texts);
  }
  return [...byLanguage.values()].flat();
}
