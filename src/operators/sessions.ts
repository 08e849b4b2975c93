import type { RateLimiter } from '../conversations/index.js';
import type { OperatorAccount, SignInResponse } from '../protocol/index.js';
import type { OperatorPrincipal } from '../router/index.js';
import { SwitchboardError } from '../errors/index.js';
import { passwordFingerprint, type AccountDirectory } from './accounts.js';
import { DECOY_HASH, verifyPassword } from './passwords.js';
import { newSessionId, signSession, verifySession } from './session-token.js';
import type { OperatorStore } from './store.js';

export interface OperatorSessionsDeps {
  directory: AccountDirectory;
  store: OperatorStore;
  /** Sign-in attempts per account (e-mail) and per client IP. */
  limits: { account: RateLimiter; ip: RateLimiter };
  ttlSeconds: number;
  /** Fixed secret (several instances configured alike); default: one kept in the store. */
  secret?: string;
}

/**
 * Sign-in and signed sessions. A token is valid while it is well signed and unexpired, its session was not
 * signed out (store revocation), the account still exists with the same password, and the operator's
 * session version has not moved on (store). Every check reads shared state, so it holds on every instance.
 */
export class OperatorSessions {
  #secret?: Promise<string>;

  constructor(private readonly deps: OperatorSessionsDeps) {}

  #key(): Promise<string> {
    this.#secret ??= this.deps.secret ? Promise.resolve(this.deps.secret) : this.deps.store.secret();
    return this.#secret;
  }

  async signIn(email: string, password: string, ip: string): Promise<SignInResponse> {
    for (const [limiter, key] of [[this.deps.limits.ip, ip], [this.deps.limits.account, email.toLowerCase()]] as const) {
      const limit = await limiter.consume(key);
      if (limit.limited) throw new SwitchboardError('SWB_ERR_RATE_LIMITED', 'too many sign-in attempts; wait a moment', { details: { retryAfterMs: limit.retryAfterMs } });
    }
    const account = this.deps.directory.byEmail(email);
    // An unknown e-mail costs the same scrypt as a known one: timing does not tell which accounts exist.
    const valid = await verifyPassword(password, account?.passwordHash ?? DECOY_HASH);
    if (!account || !valid) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED', 'e-mail or password is not right');
    const exp = Math.floor(Date.now() / 1000) + this.deps.ttlSeconds;
    const claims = { sub: account.id, sid: newSessionId(), ver: await this.deps.store.sessionVersion(account.id), pwf: passwordFingerprint(account), exp };
    return { token: signSession(claims, await this.#key()), expiresAt: new Date(exp * 1000).toISOString(), operator: profileOf(account) };
  }

  async signOut(principal: OperatorPrincipal): Promise<void> {
    await this.deps.store.revoke(principal.sessionId, this.deps.ttlSeconds);
  }

  async authenticate(token: string | undefined): Promise<OperatorPrincipal> {
    const claims = token ? verifySession(token, await this.#key()) : undefined;
    const account = claims && this.deps.directory.byId(claims.sub);
    if (!claims || !account || passwordFingerprint(account) !== claims.pwf) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED', 'sign in first');
    const [version, revoked] = await Promise.all([this.deps.store.sessionVersion(account.id), this.deps.store.isRevoked(claims.sid)]);
    if (revoked || version !== claims.ver) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED', 'the session has ended; sign in again');
    return { ...profileOf(account), sessionId: claims.sid };
  }

  /** End every session of an operator now (password change, removal, or a supervisor's decision). */
  async endAll(operatorId: string): Promise<void> {
    await this.deps.store.bumpSessionVersion(operatorId);
  }
}

export function profileOf({ passwordHash: _hash, ...profile }: OperatorAccount) {
  return profile;
}
