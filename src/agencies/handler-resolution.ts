import { register } from 'node:module';

/** The package name agency handlers import (`switchboard/agency`), mapped to this checkout's entry point. */
const SDK = new URL('../sdk/index.ts', import.meta.url).href;

let registered = false;

/**
 * Let a `handler.ts` outside this repository import `switchboard/agency` (or `switchboard`): an agency folder
 * has no `node_modules` of ours next to it, so Node's own resolution fails with MODULE_NOT_FOUND. A resolve
 * hook (node:module `register`) answers for those two names when ordinary resolution cannot; everything else
 * resolves as before. Registered once, before the first handler is imported.
 */
export function allowPackageImportsFromHandlers(): void {
  if (registered || typeof register !== 'function') return;
  registered = true;
  const hook = `
    export async function resolve(specifier, context, next) {
      if (specifier === 'switchboard/agency' || specifier === 'switchboard') {
        try { return await next(specifier, context); } catch { return next(${JSON.stringify(SDK)}, context); }
      }
      return next(specifier, context);
    }`;
  register(`data:text/javascript,${encodeURIComponent(hook)}`);
}
