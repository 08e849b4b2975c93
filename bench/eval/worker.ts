// Child-process entry: `node --import tsx bench/eval/worker.ts <runner> <dataset.jsonl>` prints one JSON line.
import { loadDataset } from './dataset.js';
import { RUNNERS, runBenchmark } from './runners.js';

const [name, path] = process.argv.slice(2);
const make = RUNNERS[name];
if (!make) throw new Error(`unknown runner ${name}`);
const result = await runBenchmark(make(), loadDataset(path));
process.stdout.write(`\n@@RESULT ${JSON.stringify(result)}\n`);
