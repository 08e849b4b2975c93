import { createHash } from 'node:crypto';
import { SHARED_OWNER, splitIntent } from '../agencies/index.js';
import type { Logger } from '../log/index.js';
import { modelForExamples, tokenize, trainIntentModel, type IntentModel, type TrainingExample } from '../nlu/index.js';
import { OUT_OF_SCOPE } from '../protocol/index.js';
import { decide, policyOf, type RoutingPolicy } from '../router/index.js';

export interface EvaluationInput {
  agency: string;
  /** The network as it is live now (every agency and the shared packs). */
  live: TrainingExample[];
  /** The same network with the draft in place of the agency's live packs. */
  candidate: TrainingExample[];
  folds: number;
  seed: number;
  /** Publishing is refused when routing accuracy drops by more than this (0.02 = two points). */
  margin: number;
}

/** What the router would do with one held-out example. */
interface Outcome {
  rule: string;
  agency?: string;
  intent?: string;
  score: number;
}

export interface IntentReport {
  intent: string;
  examples: number;
  /** Held out, the top intent was this one. */
  accuracy: number;
  /** Held out, the router routed it (rule `route`) to this agency. */
  routedHere: number;
  confusedWith: Array<{ intent: string; count: number }>;
}

export interface ConflictReport {
  /** This draft's examples that the live network (as it is now) routes to another agency. */
  routedElsewhere: Array<{ text: string; language: string; intent: string; routedTo: string; score: number }>;
  /** Other agencies' examples routed right today (held out) that the draft would route to this agency. */
  stolen: Array<{ text: string; language: string; intent: string; now: string; score: number }>;
  /** Examples of this draft and of another agency that are (nearly) the same words. */
  nearDuplicates: Array<{ text: string; language: string; intent: string; other: { text: string; intent: string }; similarity: number }>;
  /** Full counts; the lists above are cut at `LIST_LIMIT` entries each. */
  totals: { routedElsewhere: number; stolen: number; nearDuplicates: number };
}

export interface EvaluationReport {
  agency: string;
  folds: number;
  /** Cross-validated, per intent of the draft (`agency/intent`, all languages together). */
  intents: IntentReport[];
  /** Held-out draft examples whose top intent was another agency's live intent. */
  confusion: Array<{ intent: string; with: string; count: number }>;
  /** Share of every agency's held-out examples the router routes to the right agency, now and with the draft. */
  network: { before: number; after: number; delta: number; margin: number; examples: number; publishable: boolean };
  /** The routing policy the full model implies, now and with the draft (one agency moves everyone's threshold). */
  policy: { before: RoutingPolicy; after: RoutingPolicy };
  conflicts: ConflictReport;
  ms: number;
}

const LIST_LIMIT = 50;
/** Token-set Jaccard at or above this is a near-duplicate. */
const NEAR_DUPLICATE = 0.8;

const ownerOf = (intent: string) => (intent === OUT_OF_SCOPE ? OUT_OF_SCOPE : splitIntent(intent).owner);
const isAgencyExample = (example: TrainingExample) => example.intent !== OUT_OF_SCOPE && ownerOf(example.intent) !== SHARED_OWNER;
const keyOf = (example: TrainingExample) => `${example.intent}\u0000${example.language}\u0000${example.text}`;

/** Live cross-validation does not change between evaluations of drafts: keep the last one. */
let liveCache: { key: string; outcomes: Outcome[] } | undefined;

/**
 * The sandbox: cross-validates the network with and without the draft and reports per-intent accuracy, the
 * confusion with other agencies, the change in routing accuracy and the conflicts (docs/AGENCIES.md).
 * Runs in the NLU worker thread.
 */
export async function evaluateDraft(input: EvaluationInput, options: { cacheDir?: string; logger: Logger }): Promise<EvaluationReport> {
  const started = performance.now();
  const liveKey = hash({ examples: input.live, folds: input.folds, seed: input.seed });
  if (liveCache?.key !== liveKey) liveCache = { key: liveKey, outcomes: crossValidate(input.live, input.folds, input.seed) };
  const liveOutcomes = liveCache.outcomes;
  const candidateOutcomes = crossValidate(input.candidate, input.folds, input.seed);
  // The full models, as the router would run them (cached on disk: publishing the draft reuses this one).
  const liveModel = await modelForExamples(input.live, { seed: input.seed, cacheDir: options.cacheDir, logger: options.logger });
  const candidateModel = await modelForExamples(input.candidate, { seed: input.seed, cacheDir: options.cacheDir, logger: options.logger });

  const before = routingAccuracy(input.live, liveOutcomes);
  const after = routingAccuracy(input.candidate, candidateOutcomes);
  const delta = after.accuracy - before.accuracy;
  return {
    agency: input.agency,
    folds: input.folds,
    intents: intentReports(input.agency, input.candidate, candidateOutcomes),
    confusion: confusion(input.agency, input.candidate, candidateOutcomes),
    network: { before: before.accuracy, after: after.accuracy, delta, margin: input.margin, examples: after.examples, publishable: delta >= -input.margin },
    policy: { before: policyOf(liveModel), after: policyOf(candidateModel) },
    conflicts: conflicts(input, liveModel, liveOutcomes, candidateOutcomes),
    ms: Math.round(performance.now() - started),
  };
}

/** k-fold: every k-th example of each (intent, language) group in order, so other agencies' folds never move. */
function crossValidate(examples: TrainingExample[], folds: number, seed: number): Outcome[] {
  const seen = new Map<string, number>();
  const fold = examples.map((example) => {
    const group = `${example.intent}\u0000${example.language}`;
    const n = seen.get(group) ?? 0;
    seen.set(group, n + 1);
    return n % folds;
  });
  const outcomes: Outcome[] = new Array(examples.length);
  for (let f = 0; f < folds; f++) {
    const model = trainIntentModel(examples.filter((_, i) => fold[i] !== f), { seed });
    const policy = policyOf(model);
    examples.forEach((example, i) => {
      if (fold[i] === f) outcomes[i] = route(model, policy, example);
    });
  }
  return outcomes;
}

/** The router's own rules on one example, at the start of a conversation, in the example's language. */
function route(model: IntentModel, policy: RoutingPolicy, example: TrainingExample): Outcome {
  const classification = model.classify(example.text, example.language);
  const decision = decide({
    classification,
    language: { language: example.language, confidence: 1, candidates: [] },
    conversation: { state: 'bot', ownerAwaitsReply: false },
    policy,
  });
  const top = classification.ranked[0];
  return { rule: decision.rule, agency: decision.agency, intent: top?.intent, score: top?.score ?? 0 };
}

function routingAccuracy(examples: TrainingExample[], outcomes: Outcome[]): { accuracy: number; examples: number } {
  let total = 0;
  let right = 0;
  examples.forEach((example, i) => {
    if (!isAgencyExample(example)) return;
    total++;
    if (outcomes[i].rule === 'route' && outcomes[i].agency === ownerOf(example.intent)) right++;
  });
  return { accuracy: total ? right / total : 1, examples: total };
}

function intentReports(agency: string, examples: TrainingExample[], outcomes: Outcome[]): IntentReport[] {
  const byIntent = new Map<string, { examples: number; right: number; routed: number; confused: Map<string, number> }>();
  examples.forEach((example, i) => {
    if (ownerOf(example.intent) !== agency) return;
    const entry = byIntent.get(example.intent) ?? { examples: 0, right: 0, routed: 0, confused: new Map<string, number>() };
    entry.examples++;
    const outcome = outcomes[i];
    if (outcome.intent === example.intent) entry.right++;
    else if (outcome.intent) entry.confused.set(outcome.intent, (entry.confused.get(outcome.intent) ?? 0) + 1);
    if (outcome.rule === 'route' && outcome.agency === agency) entry.routed++;
    byIntent.set(example.intent, entry);
  });
  return [...byIntent.entries()].map(([intent, entry]) => ({
    intent,
    examples: entry.examples,
    accuracy: entry.right / entry.examples,
    routedHere: entry.routed / entry.examples,
    confusedWith: [...entry.confused.entries()].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([other, count]) => ({ intent: other, count })),
  }));
}

function confusion(agency: string, examples: TrainingExample[], outcomes: Outcome[]): EvaluationReport['confusion'] {
  const counts = new Map<string, number>();
  examples.forEach((example, i) => {
    const predicted = outcomes[i].intent;
    if (ownerOf(example.intent) !== agency || !predicted) return;
    const owner = ownerOf(predicted);
    if (owner === agency || owner === SHARED_OWNER || owner === OUT_OF_SCOPE) return;
    const key = `${example.intent}\u0000${predicted}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  });
  return [...counts.entries()]
    .map(([key, count]) => {
      const [intent, other] = key.split('\u0000');
      return { intent, with: other, count };
    })
    .sort((a, b) => b.count - a.count);
}

function conflicts(input: EvaluationInput, liveModel: IntentModel, liveOutcomes: Outcome[], candidateOutcomes: Outcome[]): ConflictReport {
  const { agency } = input;
  const livePolicy = policyOf(liveModel);
  const drafted = input.candidate.filter((example) => ownerOf(example.intent) === agency);

  const routedElsewhere: ConflictReport['routedElsewhere'] = [];
  for (const example of drafted) {
    const outcome = route(liveModel, livePolicy, example);
    if (outcome.rule === 'route' && outcome.agency && outcome.agency !== agency) {
      routedElsewhere.push({ text: example.text, language: example.language, intent: example.intent, routedTo: outcome.intent ?? outcome.agency, score: round(outcome.score) });
    }
  }

  const liveByKey = new Map(input.live.map((example, i) => [keyOf(example), liveOutcomes[i]]));
  const stolen: ConflictReport['stolen'] = [];
  input.candidate.forEach((example, i) => {
    const owner = ownerOf(example.intent);
    if (owner === agency || !isAgencyExample(example)) return;
    const was = liveByKey.get(keyOf(example));
    const now = candidateOutcomes[i];
    if (was?.rule === 'route' && was.agency === owner && now.rule === 'route' && now.agency === agency) {
      stolen.push({ text: example.text, language: example.language, intent: example.intent, now: now.intent ?? agency, score: round(now.score) });
    }
  });

  const others = input.candidate.filter((example) => isAgencyExample(example) && ownerOf(example.intent) !== agency).map((example) => ({ example, tokens: new Set(tokenize(example.text)) }));
  const nearDuplicates: ConflictReport['nearDuplicates'] = [];
  for (const example of drafted) {
    const tokens = new Set(tokenize(example.text));
    for (const other of others) {
      if (other.example.language !== example.language) continue;
      const similarity = jaccard(tokens, other.tokens);
      if (similarity >= NEAR_DUPLICATE) {
        nearDuplicates.push({ text: example.text, language: example.language, intent: example.intent, other: { text: other.example.text, intent: other.example.intent }, similarity: round(similarity) });
      }
    }
  }
  return {
    routedElsewhere: routedElsewhere.slice(0, LIST_LIMIT),
    stolen: stolen.slice(0, LIST_LIMIT),
    nearDuplicates: nearDuplicates.sort((a, b) => b.similarity - a.similarity).slice(0, LIST_LIMIT),
    totals: { routedElsewhere: routedElsewhere.length, stolen: stolen.length, nearDuplicates: nearDuplicates.length },
  };
}

function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (const token of a) if (b.has(token)) shared++;
  return shared / (a.size + b.size - shared);
}

const round = (value: number) => Math.round(value * 1000) / 1000;
const hash = (value: unknown) => createHash('sha256').update(JSON.stringify(value)).digest('hex');
