import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/** What a session token says; signed with HMAC-SHA256, checked against the store on every use. */
export const SessionClaims = z.object({
  /** Operator id. */
  sub: z.string(),
  /** Session id (revoked on sign-out). */
  sid: z.string(),
  /** The operator's session version at sign-in (bumped to end all their sessions). */
  ver: z.number().int(),
  /** Fingerprint of the password hash at sign-in (a password change ends the session). */
  pwf: z.string(),
  /** Expiry, seconds since the epoch. */
  exp: z.number().int(),
});
export type SessionClaims = z.infer<typeof SessionClaims>;

export function newSessionId(): string {
  return randomUUID();
}

function mac(secret: string, payload: string): Buffer {
  return createHmac('sha256', secret).update(payload).digest();
}

/** `<payload>.<mac>`, both base64url. */
export function signSession(claims: SessionClaims, secret: string): string {
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${payload}.${mac(secret, payload).toString('base64url')}`;
}

/** The claims of a well-signed, unexpired token; otherwise undefined. */
export function verifySession(token: string, secret: string, nowSeconds = Math.floor(Date.now() / 1000)): SessionClaims | undefined {
  const [payload, signature, extra] = token.split('.');
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = mac(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const claims = SessionClaims.safeParse(JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')));
    return claims.success && claims.data.exp > nowSeconds ? claims.data : undefined;
  } catch {
    return undefined;
  }
}
