import type { ChildProcess } from 'node:child_process';
import { startNode, type Owned } from '../../scripts/cluster/processes.js';
import type { MemoryReport, RuntimeReport } from './ipc.js';
import type { LoadJob, LoadResult } from './generator.js';

/** Start a server entry that reports `{ type: 'listening', port }` over IPC. */
export async function startListening(
  name: string,
  entry: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Owned & { port: number }> {
  const owned = startNode(name, entry, { env: { PORT: '0', ...env }, nodeArgs, ipc: true });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within 180 s`)), 180_000);
    owned.child.on('message', (message: { type?: string; port?: number }) => {
      if (message?.type === 'listening') {
        clearTimeout(timer);
        resolve(message.port ?? 0);
      }
    });
    owned.child.once('exit', (code) => reject(new Error(`${name} exited with code ${code} before listening`)));
  });
  return { ...owned, port };
}

export function memoryOf(child: ChildProcess): Promise<MemoryReport> {
  return new Promise((resolve) => {
    const onMessage = (message: MemoryReport) => {
      if (message?.type !== 'memory') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'memory' });
  });
}

/** Event-loop delay and GC pauses since the previous call (servers built on `switchboard-server.ts`). */
export function runtimeOf(child: ChildProcess): Promise<RuntimeReport> {
  return new Promise((resolve) => {
    const onMessage = (message: RuntimeReport) => {
      if (message?.type !== 'runtime') return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.send({ type: 'runtime' });
  });
}

/** Run one job in a fresh generator process. `onConnected` runs (idle jobs) while the connections are held. */
export async function runGenerator(job: LoadJob, onConnected?: () => Promise<void>, env: Record<string, string> = {}): Promise<LoadResult> {
  const generator = startNode('generator', 'bench/load/generator.ts', { ipc: true, env, nodeArgs: ['--max-old-space-size=4096'] });
  try {
    return await new Promise<LoadResult>((resolve, reject) => {
      generator.child.on('message', (message: { type: string; result?: LoadResult; message?: string }) => {
        if (message.type === 'result') resolve(message.result!);
        else if (message.type === 'failed') reject(new Error(message.message));
        else if (message.type === 'connected') {
          void (onConnected ?? (async () => {}))().then(() => generator.child.send({ type: 'release' }));
        }
      });
      generator.child.once('exit', (code) => reject(new Error(`generator exited with code ${code}`)));
      generator.child.send(job);
    });
  } finally {
    await generator.stop();
  }
}
