import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Resume tokens are `<conversationId>.<secret>`. Stores keep only sha256(secret), so a leaked store
 * dump cannot resume anyone's conversation, and no shared signing key is needed across instances.
 */
export function issueToken(): { conversationId: string; token: string; tokenHash: string } {
  const conversationId = randomUUID();
  const secret = randomBytes(24).toString('base64url');
  return { conversationId, token: `${conversationId}.${secret}`, tokenHash: hashSecret(secret) };
}

export function parseToken(token: string): { conversationId: string; secret: string } | undefined {
  const dot = token.indexOf('.');
  if (dot <= 0 || dot === token.length - 1) return undefined;
  return { conversationId: token.slice(0, dot), secret: token.slice(dot + 1) };
}

export function tokenMatches(secret: string, tokenHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex');
  const b = Buffer.from(tokenHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
