import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

/** The operator console, bundled in memory at server start like the widget (one script, one style sheet). */
export interface ConsoleBundle {
  app: string;
  css: string;
}

const entry = (path: string) => fileURLToPath(new URL(path, import.meta.url));
const TARGET = ['chrome100', 'firefox100', 'safari15.4', 'edge100'];

export async function buildConsole(): Promise<ConsoleBundle> {
  const [app, css] = await Promise.all([
    build({ entryPoints: [entry('./app/main.ts')], bundle: true, minify: true, format: 'iife', target: TARGET, platform: 'browser', write: false, legalComments: 'none', charset: 'utf8', logLevel: 'silent' }),
    build({ entryPoints: [entry('./app/console.css')], bundle: true, minify: true, write: false, logLevel: 'silent', target: TARGET }),
  ]);
  return { app: app.outputFiles[0].text, css: css.outputFiles[0].text };
}
