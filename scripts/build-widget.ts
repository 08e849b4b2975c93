/**
 * `npm run build:widget [-- --out <dir>]`: writes the widget as the server serves it to `dist/widget/`
 * (git-ignored): `widget.js` (the loader; a stable name, since agencies embed it), `app.<hash>.js` and
 * `app.<hash>.css` (content-hashed, cacheable forever) and `manifest.json` naming them with their sizes.
 * For hosting the widget on a CDN, and in the Dockerfile as a build-time check that the widget bundles.
 *
 * The server does not read these files: it bundles the widget in memory at start (about 30–80 ms), so a
 * stale `dist/` can never be served. The hash is the server's (sha256, 12 hex), so the names match
 * `/embed/app.<hash>.js` as served by the same commit.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { buildWidget } from '../widget/index.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_OUT_DIR = join(ROOT, 'dist', 'widget');

export interface WidgetManifest {
  loader: string;
  app: string;
  css: string;
  /** Bytes, raw and gzipped, per file name. */
  sizes: Record<string, { raw: number; gzip: number }>;
}

const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/** Builds the widget and writes it to `outDir`, replacing what an earlier build left there. */
export async function writeWidgetBuild(outDir: string = DEFAULT_OUT_DIR): Promise<WidgetManifest> {
  const bundle = await buildWidget();
  const files: Record<string, string> = {
    'widget.js': bundle.loader,
    [`app.${hashOf(bundle.app)}.js`]: bundle.app,
    [`app.${hashOf(bundle.css)}.css`]: bundle.css,
  };
  const [loader, app, css] = Object.keys(files);
  const sizes = Object.fromEntries(
    Object.entries(files).map(([name, text]) => [name, { raw: Buffer.byteLength(text), gzip: gzipSync(text, { level: 9 }).length }]),
  );
  const manifest: WidgetManifest = { loader, app, css, sizes };

  await mkdir(outDir, { recursive: true });
  // Old hashed files would pile up build after build: this folder holds exactly one build.
  for (const name of await readdir(outDir)) if (/^app\.[0-9a-f]{12}\.(js|css)$/.test(name) && !(name in files)) await rm(join(outDir, name));
  for (const [name, text] of Object.entries(files)) await writeFile(join(outDir, name), text);
  await writeFile(join(outDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

function outDirFromArgs(argv: string[]): string {
  const at = argv.indexOf('--out');
  if (at === -1) return DEFAULT_OUT_DIR;
  const value = argv[at + 1];
  if (!value) throw new Error('--out needs a directory');
  return resolve(value);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = outDirFromArgs(process.argv.slice(2));
  const manifest = await writeWidgetBuild(outDir);
  for (const [name, size] of Object.entries(manifest.sizes)) console.log(`${relative(process.cwd(), join(outDir, name)) || name}  ${size.raw} B, ${size.gzip} B gz`);
}
