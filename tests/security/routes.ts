import type { Express } from 'express';

interface Layer {
  route?: { path: string | string[]; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
  rawPath?: string | string[];
}

/**
 * Every route of an express 5 app as `METHOD /path`, nested routers included (with their mount path).
 * Content-hashed asset names are normalised (`/embed/app.<hash>.js`) so the table need not change per build.
 */
export function routeList(app: Express): string[] {
  const routes = new Set<string>();
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const method of Object.keys(layer.route.methods)) {
            if (method === '_all') continue;
            routes.add(`${method.toUpperCase()} ${normalise(prefix + path)}`);
          }
        }
      } else if (layer.handle?.stack) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: Layer[] } }).router.stack, '');
  return [...routes].sort();
}

function normalise(path: string): string {
  return path.replace(/\.[0-9a-f]{12}\./g, '.<hash>.');
}
