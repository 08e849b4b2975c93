import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Child processes the local cluster and the benchmark start and, on the way out, stop by their own PID
 * (never by name). Redis gets a free port: never 6379, which belongs to the machine's shared Redis.
 */
export interface Owned {
  readonly name: string;
  readonly child: ChildProcess;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    if (port !== 6379 && port !== 0) return port;
  }
}

export async function waitForPort(port: number, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process ${child.pid} exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (open) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing listening on port ${port} after ${timeoutMs} ms`);
}

function own(name: string, child: ChildProcess, cleanup?: () => void): Owned {
  return {
    name,
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
        await exited;
        clearTimeout(timer);
      }
      cleanup?.();
    },
  };
}

/**
 * A redis-server of our own: `aof` in a temporary directory (fsync once a second, or after every write with
 * `fsync: 'always'`), or no persistence at all.
 */
export async function startRedis(options: { port?: number; aof?: boolean; fsync?: 'always' | 'everysec' } = {}): Promise<Owned & { url: string; port: number }> {
  const port = options.port ?? (await freePort());
  if (port === 6379) throw new Error('port 6379 belongs to the shared Redis');
  const dir = mkdtempSync(join(tmpdir(), 'swb-cluster-redis-'));
  const persistence = options.aof ? ['--appendonly', 'yes', '--appendfsync', options.fsync ?? 'everysec'] : ['--appendonly', 'no'];
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...persistence],
    { stdio: 'ignore' },
  );
  await waitForPort(port, child, 10_000);
  return {
    ...own(`redis:${port}`, child, () => rmSync(dir, { recursive: true, force: true })),
    url: `redis://127.0.0.1:${port}`,
    port,
  };
}

/** Run a TypeScript entry point under tsx in its own process. */
export function startNode(
  name: string,
  entry: string,
  options: {
    env?: Record<string, string>;
    args?: string[];
    /** Node flags before the entry, e.g. `--expose-gc`, `--cpu-prof`. */
    nodeArgs?: string[];
    ipc?: boolean;
    inheritOutput?: boolean;
  } = {},
): Owned {
  const out = options.inheritOutput ? 'inherit' : 'ignore';
  const stdio: ('ignore' | 'inherit' | 'ipc')[] = ['ignore', out, 'inherit'];
  if (options.ipc) stdio.push('ipc');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', entry, ...(options.args ?? [])], {
    env: { ...process.env, ...options.env },
    stdio,
  });
  return own(name, child);
}

/** Stop in reverse order of starting. */
export async function stopAll(owned: Owned[]): Promise<void> {
  for (const item of [...owned].reverse()) await item.stop().catch(() => {});
}
