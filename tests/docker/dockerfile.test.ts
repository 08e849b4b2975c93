/**
 * The Dockerfile's steps, run without Docker (tests/helpers/dockerfile.ts): every COPY source exists, every
 * RUN succeeds (`npm run build:widget` among them), and the CMD, as the image's non-root user, starts a server
 * that answers /healthz, serves the widget `build:widget` wrote, and stops with exit code 0 on SIGTERM.
 */
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareImage, startCmd, type PreparedImage } from '../helpers/dockerfile.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

let scratch: string;
let image: PreparedImage;
let server: ChildProcess | undefined;
let url = '';

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'swb-dockerfile-'));
  image = prepareImage(join(ROOT, 'Dockerfile'), ROOT, scratch);
}, 60_000);

afterAll(() => {
  if (server?.pid) {
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      // exited already
    }
  }
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

/** Resolves with the URL the server logs once it listens; rejects with its output if it exits first. */
function listening(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`CMD exited ${code} before listening:\n${out}\n${err}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /"url":"(http:[^"]+)"[^\n]*"msg":"switchboard listening"/.exec(out);
      if (match) resolve(match[1]);
    });
  });
}

describe('Dockerfile', () => {
  it('runs every step: the widget build is in the image', () => {
    const manifest = JSON.parse(readFileSync(join(image.workdir, 'dist/widget/manifest.json'), 'utf8')) as { loader: string; app: string; css: string };
    for (const name of [manifest.loader, manifest.app, manifest.css]) expect(existsSync(join(image.workdir, 'dist/widget', name))).toBe(true);
    expect(image.env.PORT).toBe(String(image.exposed[0]));
  });

  it('starts the CMD as the image user: /healthz answers, the built widget is the one served', async () => {
    server = startCmd(image, { PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info' }, join(scratch, 'home'));
    url = await listening(server);

    const health = await fetch(`${url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', backend: 'memory' });

    const manifest = JSON.parse(readFileSync(join(image.workdir, 'dist/widget/manifest.json'), 'utf8')) as { loader: string; app: string };
    expect(await (await fetch(`${url}/widget.js`)).text()).toBe(readFileSync(join(image.workdir, 'dist/widget', manifest.loader), 'utf8'));
    expect(await (await fetch(`${url}/embed?agency=tax`)).text()).toContain(`/embed/${manifest.app}`);
  }, 30_000);

  it('stops on SIGTERM (docker stop) with exit code 0', async () => {
    expect(server?.pid).toBeDefined();
    const child = server!;
    child.removeAllListeners('exit');
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    process.kill(child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
  }, 30_000);
});
