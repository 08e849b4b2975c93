import type { IncomingMessage } from 'node:http';

/** An Origin header, if any, names this very host (browsers send it on WebSocket upgrades and POSTs). */
export function sameOrigin(request: Pick<IncomingMessage, 'headers'>): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}
