/**
 * Runs a Dockerfile's steps without Docker, in a temp dir standing for the image's WORKDIR, so a test can
 * show that every step is valid: each COPY source exists, each RUN command succeeds, and the CMD starts a
 * server that answers. Substitutions, each the smallest that keeps the step honest:
 *
 * - `npm ci` / `npm install`: needs `package.json` and `package-lock.json` copied already (else fails, as
 *   npm would); installs by linking in the repository's installed packages, only the production ones when
 *   the command says `--omit=dev` (from the lock's `dev` flags), with their `.bin` entries.
 * - `npm cache clean`: skipped (it would clean this machine's cache, not the image's).
 * - `USER node` (the node images' uid/gid 1000): when the test runs as root, later RUN steps and the CMD run
 *   as 1000:1000 in a tree COPY left owned by root, as in the image; `chown node…` maps to 1000. Not as root,
 *   everything runs as the current user (the USER step is then not checked).
 *
 * Any other instruction than those handled below fails the run: the test never vouches for a step it skipped.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, readlinkSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

/** Instructions in order, continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trim().startsWith('#'))) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1) : line;
    pending = pending ? { text: `${pending.text} ${body.trim()}`, line: pending.line } : { text: body.trim(), line: index + 1 };
    if (continued) return;
    const match = /^(\S+)\s*(.*)$/.exec(pending.text)!;
    instructions.push({ keyword: match[1].toUpperCase(), args: match[2].trim(), line: pending.line });
    pending = undefined;
  });
  return instructions;
}

/** `KEY=value KEY2="two words"` or the legacy `KEY value`. */
export function parseEnv(args: string): Record<string, string> {
  const pairs = [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|'([^']*)'|(\S*))/g)];
  if (pairs.length === 0) {
    const [key, ...rest] = args.split(/\s+/);
    return { [key]: rest.join(' ') };
  }
  return Object.fromEntries(pairs.map((m) => [m[1], m[3] ?? m[4] ?? m[5] ?? '']));
}

export interface PreparedImage {
  /** The WORKDIR, as a temp folder. */
  workdir: string;
  env: Record<string, string>;
  /** The CMD, exec form. */
  cmd: string[];
  /** uid/gid the CMD runs as (undefined: the current user). */
  user?: { uid: number; gid: number };
  exposed: number[];
  /** What each step did, for failure messages. */
  log: string[];
}

const NODE_IMAGE_USER = { uid: 1000, gid: 1000 };
const IS_ROOT = process.getuid?.() === 0;

/**
 * Runs every step but the CMD in `root/app`-like temp folder `scratch` (created by the caller).
 * `context` is the build context (the repository); its `node_modules` stands in for the registry.
 */
export function prepareImage(dockerfile: string, context: string, scratch: string): PreparedImage {
  const instructions = parseDockerfile(readFileSync(dockerfile, 'utf8'));
  const shims = join(scratch, 'shims');
  mkdirSync(shims, { recursive: true });
  writeFileSync(join(shims, 'chown'), '#!/bin/sh\n# the node image user: node = 1000:1000\nexec /bin/chown $(printf "%s\\n" "$@" | sed -e "s/^node:node$/1000:1000/" -e "s/^node$/1000/") \n', { mode: 0o755 });
  chmodSync(scratch, 0o755);

  const image: PreparedImage = { workdir: '', env: {}, cmd: [], exposed: [], log: [] };
  const fail = (step: Instruction, why: string): never => {
    throw new Error(`Dockerfile:${step.line} ${step.keyword} ${step.args}\n  ${why}\n  steps so far:\n  ${image.log.join('\n  ')}`);
  };

  for (const step of instructions) {
    image.log.push(`${step.line}: ${step.keyword} ${step.args}`);
    switch (step.keyword) {
      case 'FROM':
        if (!/^node:\d+/.test(step.args)) fail(step, 'only node images are emulated (npm, node and the node user)');
        break;
      case 'WORKDIR': {
        image.workdir = join(scratch, 'fs', step.args);
        mkdirSync(image.workdir, { recursive: true });
        for (let dir = image.workdir; dir.startsWith(scratch); dir = dirname(dir)) chmodSync(dir, 0o755);
        break;
      }
      case 'ENV':
        Object.assign(image.env, parseEnv(step.args));
        break;
      case 'COPY': {
        if (!image.workdir) fail(step, 'COPY before WORKDIR');
        const parts = step.args.split(/\s+/).filter((part) => !part.startsWith('--'));
        if (step.args.includes('--from')) fail(step, 'multi-stage COPY is not emulated');
        const dest = parts.pop()!;
        for (const source of parts) {
          const from = join(context, source);
          if (!existsSync(from)) fail(step, `COPY source ${source} does not exist in the build context`);
          const target = dest.endsWith('/') || parts.length > 1 ? join(image.workdir, dest, source.split('/').pop()!) : join(image.workdir, dest);
          cpSync(from, resolve(image.workdir, target), { recursive: true, filter: (path) => !relative(from, path).split('/').includes('node_modules') });
        }
        break;
      }
      case 'RUN':
        runStep(step, image, context, shims, fail);
        break;
      case 'USER':
        if (step.args !== 'node') fail(step, 'only USER node (the node images’ user) is emulated');
        if (IS_ROOT) image.user = NODE_IMAGE_USER;
        break;
      case 'EXPOSE':
        image.exposed.push(...step.args.split(/\s+/).map((port) => Number.parseInt(port, 10)));
        break;
      case 'CMD': {
        let parsed: unknown;
        try {
          parsed = JSON.parse(step.args);
        } catch {
          fail(step, 'CMD must be exec form (a JSON array) so node is PID 1 and gets the stop signal');
        }
        if (!Array.isArray(parsed) || !parsed.every((part) => typeof part === 'string')) fail(step, 'CMD must be a JSON array of strings');
        image.cmd = parsed as string[];
        break;
      }
      default:
        fail(step, `instruction ${step.keyword} is not emulated: extend tests/helpers/dockerfile.ts`);
    }
  }
  if (image.cmd.length === 0) throw new Error('Dockerfile has no CMD');
  return image;
}

function runStep(step: Instruction, image: PreparedImage, context: string, shims: string, fail: (step: Instruction, why: string) => never): void {
  if (!image.workdir) fail(step, 'RUN before WORKDIR');
  for (const command of step.args.split('&&').map((part) => part.trim())) {
    if (/^npm (ci|install)\b/.test(command)) {
      if (!existsSync(join(image.workdir, 'package.json'))) fail(step, `${command}: package.json was not copied yet`);
      if (/^npm ci\b/.test(command) && !existsSync(join(image.workdir, 'package-lock.json'))) fail(step, `${command}: package-lock.json was not copied yet`);
      linkInstalledPackages(context, image.workdir, /--omit[= ]dev\b|--production\b/.test(command) || image.env.NODE_ENV === 'production');
      continue;
    }
    if (/^npm cache clean\b/.test(command)) continue;
    const result = spawnSync('sh', ['-c', command], {
      cwd: image.workdir,
      env: { ...process.env, ...image.env, PATH: `${shims}:${join(image.workdir, 'node_modules', '.bin')}:${process.env.PATH}` },
      encoding: 'utf8',
      ...(image.user ?? {}),
    });
    if (result.status !== 0) fail(step, `\`${command}\` exited ${result.status}: ${result.stderr || result.stdout}`);
  }
}

/**
 * `node_modules` with the context's installed packages (production ones only if asked): symlinked when the
 * image user can read the context's own `node_modules` (a checkout under a private home folder cannot be
 * read by uid 1000), else hard-linked or copied in.
 */
function linkInstalledPackages(context: string, workdir: string, productionOnly: boolean): void {
  const lock = JSON.parse(readFileSync(join(context, 'package-lock.json'), 'utf8')) as { packages: Record<string, { dev?: boolean }> };
  const names = Object.entries(lock.packages)
    .filter(([path, meta]) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(path) && !(productionOnly && meta.dev))
    .map(([path]) => path.slice('node_modules/'.length))
    .filter((name) => existsSync(join(context, 'node_modules', name))); // optional packages for other platforms
  const modules = join(workdir, 'node_modules');
  mkdirSync(join(modules, '.bin'), { recursive: true });
  const link = IS_ROOT && !readableAs(NODE_IMAGE_USER, join(context, 'node_modules', '.package-lock.json')) ? copyPackage : symlinkSync;
  for (const name of names) {
    mkdirSync(dirname(join(modules, name)), { recursive: true });
    link(join(context, 'node_modules', name), join(modules, name));
  }
  const installed = new Set(names);
  const bin = join(context, 'node_modules', '.bin');
  for (const entry of existsSync(bin) ? readdirSync(bin) : []) {
    const target = readlinkSync(join(bin, entry)).replace(/^\.\.\//, ''); // ../tsx/dist/cli.mjs, ../@scope/pkg/bin.js
    const segments = target.split('/');
    const owner = segments[0].startsWith('@') ? `${segments[0]}/${segments[1]}` : segments[0];
    if (installed.has(owner)) symlinkSync(join(modules, target), join(modules, '.bin', entry));
  }
}

function readableAs(user: { uid: number; gid: number }, path: string): boolean {
  return spawnSync('test', ['-r', path], { ...user, stdio: 'ignore' }).status === 0;
}

/** Hard links when the temp folder is on the context's file system (fast), a copy otherwise. */
function copyPackage(from: string, to: string): void {
  if (spawnSync('cp', ['-al', from, to], { stdio: 'ignore' }).status !== 0) cpSync(from, to, { recursive: true });
}

/** Starts the CMD with extra env (e.g. `PORT=0`), as the image's user, in its own process group. */
export function startCmd(image: PreparedImage, env: Record<string, string>, home: string): ChildProcess {
  mkdirSync(home, { recursive: true });
  if (image.user) chownSync(home, image.user.uid, image.user.gid);
  const [command, ...args] = image.cmd;
  return spawn(command, args, {
    cwd: image.workdir,
    env: { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOME: home, ...image.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...(image.user ?? {}),
  });
}
