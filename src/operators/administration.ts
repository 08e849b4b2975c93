import type { OperatorProfile } from '../protocol/index.js';
import type { OperatorPrincipal } from '../router/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { AccountDirectory } from './accounts.js';
import { hashPassword } from './passwords.js';
import { profileOf, type OperatorSessions } from './sessions.js';

/**
 * Supervisors' account administration: only accounts all of whose agencies the supervisor serves. A changed
 * password or a removal ends that operator's sessions at once (session version), on every instance.
 */
export class AccountAdministration {
  constructor(private readonly deps: { directory: AccountDirectory; sessions: OperatorSessions }) {}

  async add(principal: OperatorPrincipal, account: OperatorProfile & { password: string }): Promise<OperatorProfile> {
    if (!account.agencies.every((agency) => principal.agencies.includes(agency))) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'you do not serve every agency of this account');
    if (this.deps.directory.byId(account.id)) throw new SwitchboardError('SWB_ERR_CONFLICT', 'an account with this id exists');
    const { password, ...profile } = account;
    const created = { ...profile, passwordHash: await hashPassword(password) };
    this.deps.directory.upsert(created);
    return profileOf(created);
  }

  async remove(principal: OperatorPrincipal, operatorId: string): Promise<void> {
    const account = this.#managed(principal, operatorId);
    this.deps.directory.remove(account.id);
    await this.deps.sessions.endAll(account.id);
  }

  async setPassword(principal: OperatorPrincipal, operatorId: string, password: string): Promise<void> {
    const account = this.#managed(principal, operatorId);
    this.deps.directory.upsert({ ...account, passwordHash: await hashPassword(password) });
    await this.deps.sessions.endAll(account.id);
  }

  #managed(principal: OperatorPrincipal, operatorId: string) {
    const account = this.deps.directory.byId(operatorId);
    if (!account || !account.agencies.every((agency) => principal.agencies.includes(agency))) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'not an account of your agencies');
    return account;
  }
}
