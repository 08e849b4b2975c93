/**
 * `npm start` as a new user runs it: the process npm starts must be the server, so SIGTERM (a supervisor,
 * `kill <pid>`) or SIGINT (Ctrl-C) to that PID, or to npm's own PID (npm forwards both), stops it, frees the
 * port and exits 0. With `tsx src/main.ts`, npm ran `sh -c` → tsx → node; a signal to npm or to the shell left
 * the server holding the port (issue 16, item 6). `exec` makes the shell become the server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const START = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { scripts: { start: string } }).scripts.start;

const running = new Set<ChildProcess>();
afterEach(() => {
  // Each start runs in its own process group: a regression that leaves an orphan server is still cleaned up.
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
  running.clear();
});

/**
 * Runs the `start` script as npm does (`sh -c <script>`), or `npm start` itself, on a free port; resolves once
 * the server logs its URL.
 */
function startCommand(via: 'script' | 'npm'): Promise<{ child: ChildProcess; url: string; port: number }> {
  const [command, args] = via === 'npm' ? ['npm', ['start', '--silent']] : ['sh', ['-c', START]];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  running.add(child);
  return new Promise((resolve, reject) => {
    let buffered = '';
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`exited before listening (code ${code}, signal ${signal}): ${stderr}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        const entry = parseLine(line);
        if (entry?.msg === 'switchboard listening' && typeof entry.url === 'string') {
          resolve({ child, url: entry.url, port: Number(new URL(entry.url).port) });
        }
      }
    });
  });
}

function parseLine(line: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

const exited = (child: ChildProcess) =>
  new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve({ code: child.exitCode, signal: child.signalCode });
    else child.once('exit', (code, signal) => resolve({ code, signal }));
  });

/** Whether anything still accepts connections on the port. */
const portOpen = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });

describe('npm start', () => {
  it('runs the server in the process npm starts (the shell execs node; no tsx wrapper process)', () => {
    expect(START).toMatch(/^exec node /);
  });

  const cases = [
    { via: 'script', signal: 'SIGTERM' },
    { via: 'script', signal: 'SIGINT' },
    { via: 'npm', signal: 'SIGTERM' },
  ] as const;
  for (const { via, signal } of cases) {
    it(`stops on ${signal} to the PID of ${via === 'npm' ? 'npm itself' : 'the process npm runs'}: exit code 0, port closed`, async () => {
      const { child, url, port } = await startCommand(via);
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      await health.body?.cancel();

      child.removeAllListeners('exit');
      const exit = exited(child);
      process.kill(child.pid!, signal);
      expect(await exit).toEqual({ code: 0, signal: null });
      expect(await portOpen(port)).toBe(false);
    }, 60_000);
  }
});
