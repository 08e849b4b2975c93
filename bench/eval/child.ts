import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ModelResult } from './metrics.js';

const WORKER = fileURLToPath(new URL('./worker.ts', import.meta.url));

/**
 * Run one runner in a child process with a wall-clock bound; on timeout the child (and only it, by pid) is killed
 * and the result says so. Keeps slow baselines from stalling the run and from sharing our heap.
 */
export function runInChild(runner: string, dataset: string, label: string, timeoutS: number): Promise<ModelResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER, runner, dataset], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, DOTENV_CONFIG_QUIET: 'true' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(0, 200_000)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) return resolve({ model: label, status: 'timeout', note: `did not finish in ${timeoutS} s` });
      const line = stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
      if (code === 0 && line) return resolve(JSON.parse(line.slice('@@RESULT '.length)) as ModelResult);
      const lines = stderr.trim().split('\n').filter(Boolean);
      const note = /heap out of memory/i.test(stderr)
        ? 'ran out of memory (Node default heap)'
        : (lines.find((l) => /Error/.test(l)) ?? lines.pop() ?? `exit code ${code}`);
      resolve({ model: label, status: 'error', note: note.slice(0, 200) });
    });
  });
}
