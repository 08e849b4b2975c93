/**
 * `npx tsx bench/nlu-speed.ts [--n 20000] [--runs 5]` times language detection and intent classification
 * in-process on the demo packs (the model the server trains at start-up): N calls each, median of the runs.
 * The texts are the packs' examples plus pairs of them joined (longer messages, words in new company).
 */
import { performance } from 'node:perf_hooks';
import { AgencyRegistry, loadAgenciesFolder, loadPackFolder } from '../src/agencies/index.js';
import { DEFAULT_AGENCIES_DIR, DEFAULT_INTENTS_DIR } from '../src/config/index.js';
import { createLanguageDetector, trainIntentModel } from '../src/nlu/index.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const n = option('--n', 20_000);
const runs = option('--runs', 5);

const registry = new AgencyRegistry(await loadAgenciesFolder(DEFAULT_AGENCIES_DIR), await loadPackFolder(DEFAULT_INTENTS_DIR));
const examples = registry.trainingExamples();
const detector = createLanguageDetector(examples);
const model = trainIntentModel(examples, { seed: 42 });

const texts = examples.map((e) => e.text);
for (let i = 0; i + 1 < examples.length; i += 7) texts.push(`${examples[i].text}. ${examples[(i * 31) % examples.length].text}`);
const languages = texts.map((text) => detector.detect(text).language);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
let sink = 0;
function time(call: (i: number) => number): number {
  const start = performance.now();
  for (let i = 0; i < n; i++) sink += call(i % texts.length);
  return ((performance.now() - start) * 1000) / n;
}

const detectUs: number[] = [];
const classifyUs: number[] = [];
const turnUs: number[] = [];
// One warm-up round (JIT, stem memo), then the measured runs.
for (let run = -1; run < runs; run++) {
  const d = time((i) => detector.detect(texts[i]).confidence);
  const c = time((i) => model.classify(texts[i], languages[i]).ranked[0].score);
  // As the router does it: detect, then classify the same string with the guess.
  const both = time((i) => model.classify(texts[i], detector.detect(texts[i]).language).ranked[0].score);
  if (run >= 0) {
    detectUs.push(d);
    classifyUs.push(c);
    turnUs.push(both);
  }
}
const fmt = (xs: number[]): string => `${median(xs).toFixed(1)} µs (runs: ${xs.map((x) => x.toFixed(1)).join(', ')})`;
console.log(`${texts.length} texts, ${model.classes.length} classes, ${n} calls per run`);
console.log(`detect   ${fmt(detectUs)}`);
console.log(`classify ${fmt(classifyUs)}`);
console.log(`both     ${fmt(turnUs)}`);
if (Number.isNaN(sink)) console.log('unreachable');
