import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { freePort } from '../../scripts/cluster/processes.js';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

/**
 * A redis-server this test run owns: started on a free port (never 6379), without persistence, killed by
 * its own PID only. Chaos tests use `stop()` and `start()` to take it away and bring it back on the same port.
 */
export interface OwnedRedis {
  readonly url: string;
  readonly port: number;
  readonly pid: number | undefined;
  start(): Promise<void>;
  /** SIGKILL, like a crash; `start()` brings it back on the same port. */
  stop(): Promise<void>;
  /** SIGSTOP: the server keeps its sockets open and answers nothing (a full disk, a long fork, a partition). */
  freeze(): void;
  /** SIGCONT after `freeze`. */
  thaw(): void;
  /** Stop and remove the data directory, if any. */
  dispose(): Promise<void>;
}

export function hasRedisServer(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `persistent`: AOF with `appendfsync always` in a temporary directory, so a SIGKILLed server restarted on
 * the same port still has every acknowledged write (as production runs with AOF on). Chaos tests use it.
 */
export async function startRedisServer(options: { port?: number; persistent?: boolean } = {}): Promise<OwnedRedis> {
  const port = options.port ?? (await freePort());
  if (port === 6379) throw new Error('refusing to use port 6379: it belongs to the shared Redis');
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;
  const dir = options.persistent ? mkdtempSync(join(tmpdir(), 'swb-redis-')) : undefined;
  const persistence = dir
    ? ['--dir', dir, '--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];

  const owned: OwnedRedis = {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    async start() {
      if (child) return;
      const started = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--protected-mode', 'yes'],
        { stdio: 'ignore' },
      );
      child = started;
      started.once('exit', () => {
        if (child === started) child = undefined;
      });
      await waitForPing(url, started);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
      running.kill('SIGKILL');
      await exited;
      child = undefined;
    },
    freeze() {
      child?.kill('SIGSTOP');
    },
    thaw() {
      child?.kill('SIGCONT');
    },
    async dispose() {
      owned.thaw();
      await owned.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
  await owned.start();
  return owned;
}

async function waitForPing(url: string, child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`redis-server exited with code ${child.exitCode}`);
    const probe = new Redis(url, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
    probe.on('error', () => {});
    try {
      await probe.connect();
      if ((await probe.ping()) === 'PONG') return;
    } catch {
      // not up yet
    } finally {
      probe.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`redis-server did not answer PING at ${url} within ${timeoutMs} ms`);
}
