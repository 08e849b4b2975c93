import { build, type Metafile } from 'esbuild';
import { fileURLToPath } from 'node:url';

/**
 * Bundles the widget in memory: the loader (`widget.js`), the frame app and its stylesheet. Called once
 * at server start (src/transport/widget-routes.ts) and by scripts/check-bundle-size.ts, so the size check
 * measures exactly what is served.
 */
export interface WidgetBundle {
  loader: string;
  app: string;
  css: string;
  /** esbuild metafiles of the two scripts: which source files went in. */
  metafiles: { loader: Metafile; app: Metafile };
}

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Browsers from about 2021 on: ES2020, constructed stylesheets, `crypto.randomUUID` (frame, secure context). */
const TARGET = ['chrome92', 'firefox95', 'safari15.4', 'edge92'];

async function bundleScript(path: string): Promise<{ code: string; metafile: Metafile }> {
  const result = await build({
    entryPoints: [entry(path)],
    bundle: true,
    minify: true,
    format: 'iife',
    target: TARGET,
    platform: 'browser',
    write: false,
    metafile: true,
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'silent',
  });
  return { code: result.outputFiles[0].text, metafile: result.metafile };
}

export async function buildWidget(): Promise<WidgetBundle> {
  const [loader, app, css] = await Promise.all([
    bundleScript('./loader/main.ts'),
    bundleScript('./frame/main.ts'),
    build({ entryPoints: [entry('./frame/app.css')], bundle: true, minify: true, write: false, logLevel: 'silent', target: TARGET }),
  ]);
  return { loader: loader.code, app: app.code, css: css.outputFiles[0].text, metafiles: { loader: loader.metafile, app: app.metafile } };
}
