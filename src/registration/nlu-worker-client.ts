import { Worker } from 'node:worker_threads';
import { createLanguageDetector, LanguageDetector, loadIntentModel, type IntentModel, type TrainingExample } from '../nlu/index.js';
import type { EvaluationInput, EvaluationReport } from './evaluate.js';

type Job =
  | { kind: 'train'; examples: TrainingExample[]; seed: number; cacheDir?: string }
  | { kind: 'evaluate'; input: EvaluationInput; cacheDir?: string };

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/**
 * Training and cross-validation off the event loop: one worker thread, started on first use, one job at a
 * time (the machine's cores serve traffic too). The worker calls the NLU through its index only
 * (`nlu-worker.ts`). A worker that dies fails the jobs it had and is started again for the next.
 */
export class NluWorker {
  #worker?: Worker;
  #next = 0;
  readonly #pending = new Map<number, Pending>();
  #queue: Promise<unknown> = Promise.resolve();

  /**
   * The model (trained in the worker, restored here with `loadIntentModel`) and the language detector trained
   * on the same examples. The detector has no serialised form: it comes over as a structured clone and is
   * used only if it answers the worker's probe texts exactly as the worker's own did; otherwise (say its class
   * gained private state) it is rebuilt here, which blocks this thread for its build time (docs/AGENCIES.md).
   */
  async train(examples: TrainingExample[], options: { seed: number; cacheDir?: string }): Promise<{ model: IntentModel; detector: LanguageDetector; detectorRebuilt: boolean; loadMs: number }> {
    const trained = (await this.#run({ kind: 'train', examples, ...options })) as { model: unknown; detector: object; probes: Array<{ text: string; guess: unknown }> };
    // Receiving the message was one blocking step (the structured clone); decoding the model is the next: let
    // waiting requests run between them.
    await new Promise((resolve) => setImmediate(resolve));
    const started = performance.now();
    const model = loadIntentModel(trained.model);
    const loadMs = performance.now() - started;
    const detector = Object.setPrototypeOf(trained.detector, LanguageDetector.prototype) as LanguageDetector;
    if (sameGuesses(detector, trained.probes)) return { model, detector, detectorRebuilt: false, loadMs };
    return { model, detector: createLanguageDetector(examples), detectorRebuilt: true, loadMs };
  }

  evaluate(input: EvaluationInput, options: { cacheDir?: string } = {}): Promise<EvaluationReport> {
    return this.#run({ kind: 'evaluate', input, ...options }) as Promise<EvaluationReport>;
  }

  async close(): Promise<void> {
    const worker = this.#worker;
    this.#worker = undefined;
    await worker?.terminate();
  }

  #run(job: Job): Promise<unknown> {
    const result = this.#queue.then(() => this.#send(job));
    this.#queue = result.catch(() => undefined);
    return result;
  }

  #send(job: Job): Promise<unknown> {
    const worker = this.#ensure();
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  #ensure(): Worker {
    if (this.#worker) return this.#worker;
    // Started through tsx's loader, so the worker runs the TypeScript sources as the main thread does
    // (under `node --import tsx` and under vitest alike); a worker does not inherit the parent's loaders.
    const tsx = import.meta.resolve('tsx/esm/api');
    const entry = new URL('./nlu-worker.ts', import.meta.url).href;
    const boot = `import { register } from ${JSON.stringify(tsx)}; register(); await import(${JSON.stringify(entry)});`;
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(boot)}`));
    worker.unref();
    worker.on('message', (message: { id: number; ok: boolean; value?: unknown; error?: string }) => {
      const pending = this.#pending.get(message.id);
      if (!pending) return;
      this.#pending.delete(message.id);
      if (message.ok) pending.resolve(message.value);
      else pending.reject(new Error(message.error));
    });
    const fail = (error: Error) => {
      if (this.#worker === worker) this.#worker = undefined;
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`NLU worker exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }
}

function sameGuesses(detector: LanguageDetector, probes: Array<{ text: string; guess: unknown }>): boolean {
  try {
    return probes.length > 0 && probes.every((probe) => JSON.stringify(detector.detect(probe.text)) === JSON.stringify(probe.guess));
  } catch {
    return false;
  }
}
