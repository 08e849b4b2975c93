import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AgencyRegistry, loadAgenciesFolder, loadPackFolder } from '../../src/agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../../src/config/index.js';
import { createLanguageDetector, trainIntentModel, type IntentModel, type IntentTrainOptions, type TrainingExample } from '../../src/nlu/index.js';
import type { Language } from '../../src/protocol/index.js';
import { decide, policyOf, type Decision, type RoutingPolicy } from '../../src/router/index.js';

/** Same seed as src/server.ts's MODEL_SEED: the eval measures the model the server would run. */
export const SERVER_SEED = 42;

export interface RoutingSetup {
  registry: AgencyRegistry;
  examples: TrainingExample[];
  model: IntentModel;
  policy: RoutingPolicy;
  trainMs: number;
  /** The decision the router makes for a first message of a conversation whose widget speaks `language`. */
  decideFirst(text: string, language: Language, policy?: RoutingPolicy): Decision;
}

/**
 * The router's decision exactly as `src/server.ts` wires it: every pack through `registry.trainingExamples()`,
 * `trainIntentModel` with the server's seed (what `modelForExamples` runs on a cache miss), a language detector
 * built from the same examples, and `decide()` with `policyOf(model)`.
 */
export async function routingSetup(options: IntentTrainOptions = {}, patchPolicy: (policy: RoutingPolicy) => RoutingPolicy = (p) => p): Promise<RoutingSetup> {
  const registry = new AgencyRegistry(await loadAgenciesFolder(DEFAULT_AGENCIES_DIR), await loadPackFolder(DEFAULT_INTENTS_DIR));
  const examples = registry.trainingExamples();
  const started = performance.now();
  const model = trainIntentModel(examples, { seed: SERVER_SEED, ...options });
  const trainMs = performance.now() - started;
  const detector = createLanguageDetector(examples);
  const policy = patchPolicy(policyOf(model));
  return {
    registry,
    examples,
    model,
    policy,
    trainMs,
    decideFirst(text, language, p = policy) {
      const guess = detector.detect(text, language);
      const classification = model.classify(text, guess.language);
      return decide({ classification, language: guess, conversation: { state: 'bot', ownerAwaitsReply: false }, policy: p });
    },
  };
}

export function readJsonl<T>(relative: string): T[] {
  const path = fileURLToPath(new URL(`../../${relative}`, import.meta.url));
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as T);
}

export const ownerOf = (intent: string): string => intent.split('/')[0];
export const pct = (a: number, b: number): string => (b ? ((100 * a) / b).toFixed(1) : 'n/a');

/** The intents a decision offers the citizen to pick (clarify's candidates, suggest's suggestions). */
export function offered(decision: Decision): string[] {
  return (decision.candidates ?? []).map((c) => c.intent);
}
