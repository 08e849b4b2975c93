import { createHmac, hkdfSync, randomUUID, timingSafeEqual } from 'node:crypto';

/**
 * Requests to remote agency bots (`http`, `rasa`) are signed so a bot can tell they come from this
 * Switchboard and were not changed or replayed (docs/AGENCIES.md, "Signed requests to remote bots"):
 *
 *   x-switchboard-agency:     the agency id
 *   x-switchboard-timestamp:  unix seconds when sent
 *   x-switchboard-request-id: a UUID, new per request
 *   x-switchboard-signature:  v1=<hex HMAC-SHA256(secret, `${timestamp}.${requestId}.${body}`)>
 *
 * The bot recomputes the HMAC over the raw body it received, compares in constant time, refuses a timestamp
 * outside the window (default 300 s either way) and a request id it has seen within the window.
 */
export const SIGNATURE_HEADERS = {
  agency: 'x-switchboard-agency',
  timestamp: 'x-switchboard-timestamp',
  requestId: 'x-switchboard-request-id',
  signature: 'x-switchboard-signature',
} as const;

export const DEFAULT_REPLAY_WINDOW_SECONDS = 300;

/**
 * Each agency's signing secret, derived from the deployment's master secret (HKDF-SHA256, the agency id as
 * info): every instance computes the same one without storing it, and no agency's secret reveals another's.
 * The admin hands it to the agency (`GET /api/admin/agencies/:agency/bot-secret`).
 */
export function agencySigningSecret(masterSecret: string, agency: string): string {
  return Buffer.from(hkdfSync('sha256', masterSecret, 'switchboard bot signing', `agency:${agency}`, 32)).toString('base64url');
}

export function signBotRequest(secret: string, agency: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(Math.floor(now / 1000));
  const requestId = randomUUID();
  return {
    [SIGNATURE_HEADERS.agency]: agency,
    [SIGNATURE_HEADERS.timestamp]: timestamp,
    [SIGNATURE_HEADERS.requestId]: requestId,
    [SIGNATURE_HEADERS.signature]: `v1=${hmac(secret, timestamp, requestId, body)}`,
  };
}

export type SignatureCheck = { ok: true; agency: string; requestId: string } | { ok: false; reason: 'missing' | 'stale' | 'bad_signature' | 'replayed' };

/**
 * What a bot runs on each request (also shipped as plain JavaScript in `examples/signed-bot/`). `seen`
 * remembers request ids until they leave the window; pass one per bot process.
 */
export function verifyBotRequest(input: {
  secret: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string;
  now?: number;
  windowSeconds?: number;
  seen?: Map<string, number>;
}): SignatureCheck {
  const header = (name: string) => {
    const value = input.headers[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const timestamp = header(SIGNATURE_HEADERS.timestamp);
  const requestId = header(SIGNATURE_HEADERS.requestId);
  const signature = header(SIGNATURE_HEADERS.signature);
  const agency = header(SIGNATURE_HEADERS.agency);
  if (!timestamp || !requestId || !signature?.startsWith('v1=') || !agency) return { ok: false, reason: 'missing' };
  const nowSeconds = Math.floor((input.now ?? Date.now()) / 1000);
  const window = input.windowSeconds ?? DEFAULT_REPLAY_WINDOW_SECONDS;
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - Number(timestamp)) > window) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(hmac(input.secret, timestamp, requestId, input.rawBody), 'hex');
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad_signature' };
  if (input.seen) {
    for (const [id, at] of input.seen) if (at < nowSeconds - window) input.seen.delete(id);
    if (input.seen.has(requestId)) return { ok: false, reason: 'replayed' };
    input.seen.set(requestId, Number(timestamp));
  }
  return { ok: true, agency, requestId };
}

function hmac(secret: string, timestamp: string, requestId: string, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${requestId}.${body}`).digest('hex');
}
