import type { IncomingMessage } from 'node:http';

/** Name of the console's session cookie (HttpOnly, SameSite=Strict, Secure behind TLS). */
export const SESSION_COOKIE = 'swb_op';

/** The session token of a request: `Authorization: Bearer …` (API clients) or the console's cookie. */
export function sessionToken(request: Pick<IncomingMessage, 'headers'>): string | undefined {
  const authorization = request.headers.authorization;
  if (authorization?.startsWith('Bearer ')) return authorization.slice('Bearer '.length).trim() || undefined;
  return cookie(request.headers.cookie, SESSION_COOKIE);
}

/** True when the request authenticates by cookie (and so needs the same-origin check against CSRF). */
export function usesCookie(request: Pick<IncomingMessage, 'headers'>): boolean {
  return !request.headers.authorization?.startsWith('Bearer ') && cookie(request.headers.cookie, SESSION_COOKIE) !== undefined;
}

function cookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...value] = part.trim().split('=');
    if (key === name) return decodeURIComponent(value.join('=')) || undefined;
  }
  return undefined;
}


export function sessionCookie(token: string, maxAgeSeconds: number, secure: boolean): string {
  return `${SESSION_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSeconds}${secure ? '; Secure' : ''}`;
}

export function clearedSessionCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
