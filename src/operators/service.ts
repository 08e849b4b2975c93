import type { AgencyRegistry } from '../agencies/index.js';
import type { ConversationLog, ConversationRecord } from '../conversations/index.js';
import type { Availability, CloseOutcome, ConversationDetail, HandoverItem, OperatorNote, OperatorProfile, SupervisorView, TransferRequest } from '../protocol/index.js';
import type { OperatorPort, OperatorPrincipal } from '../router/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { firstName, type AccountDirectory } from './accounts.js';
import { boardChannel, type HandoverQueues } from './queues.js';
import type { OperatorSessions } from './sessions.js';
import type { HandoverRecord, OperatorStore } from './store.js';
import { OperatorPresence } from './presence.js';
import { AccountAdministration } from './administration.js';
import type { OperatorServiceDeps } from './deps.js';

export type { ConversationControl, OperatorServiceDeps } from './deps.js';

const operatorOwner = (id: string) => `operator:${id}`;

/**
 * `OperatorPort`: every operator command, each checking access first. Who holds a conversation is its
 * owner in the conversation store, changed only by compare-and-set (`queue:<agency>` → `operator:<id>` → …),
 * so a claim is won once across all instances; this store's indexes follow the winner.
 */
export class OperatorService implements OperatorPort {
  readonly #presence: OperatorPresence;
  readonly #admin: AccountAdministration;

  constructor(private readonly deps: OperatorServiceDeps) {
    this.#presence = new OperatorPresence(deps);
    this.#admin = new AccountAdministration(deps);
  }

  signIn(email: string, password: string, ip: string) {
    return this.deps.sessions.signIn(email, password, ip);
  }

  signOut(principal: OperatorPrincipal) {
    return this.deps.sessions.signOut(principal);
  }

  authenticate(token: string | undefined) {
    return this.deps.sessions.authenticate(token);
  }

  availability(principal: OperatorPrincipal): Promise<Availability> {
    return this.deps.store.availability(principal.id);
  }

  async setAvailability(principal: OperatorPrincipal, status: Availability): Promise<void> {
    await this.deps.store.setAvailability(principal.id, status);
    await Promise.all(principal.agencies.map((agency) => this.deps.queues.publishBoard(agency)));
  }

  boardChannel(agency: string): string {
    return boardChannel(agency);
  }

  async board(principal: OperatorPrincipal, agency: string): Promise<HandoverItem[]> {
    this.#serves(principal, agency);
    return this.deps.queues.items(agency);
  }

  async authorize(principal: OperatorPrincipal, conversationId: string): Promise<void> {
    await this.#access(principal, conversationId);
  }

  async conversation(principal: OperatorPrincipal, conversationId: string): Promise<ConversationDetail> {
    const record = await this.#access(principal, conversationId);
    const [transcript, decisions, notes, item] = await Promise.all([
      this.deps.conversationLog.store.eventsAfter(conversationId, 0),
      this.deps.store.decisions(conversationId),
      this.deps.store.notes(conversationId),
      this.deps.queues.item(record),
    ]);
    return { item, transcript, decisions, notes };
  }

  async claim(principal: OperatorPrincipal, conversationId: string): Promise<HandoverItem> {
    const record = await this.#access(principal, conversationId);
    if ((await this.deps.store.availability(principal.id)) !== 'online') throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'set yourself online to take conversations');
    return this.deps.conversations.exclusive(conversationId, async () => {
      if (!(await this.deps.conversationLog.store.compareAndSetOwner(conversationId, `queue:${record.agency}`, operatorOwner(principal.id)))) {
        throw await this.#notYours(conversationId, 'claim');
      }
      const conversation = await this.deps.conversationLog.store.update(conversationId, { state: 'with_operator' });
      await this.deps.store.dequeue(record.agency, conversationId);
      await this.deps.store.hold(principal.id, conversationId);
      const claimed: HandoverRecord = { ...record, state: 'claimed', holder: { id: principal.id, name: principal.name }, claimedAt: new Date().toISOString() };
      await this.deps.store.saveHandover(claimed);
      await this.#joined(conversation, principal, record.agency);
      await this.deps.queues.publishBoard(record.agency);
      await this.deps.queues.announcePositions(record.agency);
      return this.deps.queues.item(claimed);
    });
  }

  async reply(principal: OperatorPrincipal, conversationId: string, message: { text: string; clientId?: string }): Promise<{ seq: number }> {
    const record = await this.#holding(principal, conversationId);
    const { event } = await this.deps.conversationLog.append(conversationId, {
      type: 'message',
      from: 'operator',
      text: message.text,
      agency: record.agency,
      operatorName: firstName(principal),
      ...(message.clientId ? { clientId: message.clientId } : {}),
    });
    return { seq: event.seq };
  }

  async typing(principal: OperatorPrincipal, conversationId: string, active: boolean): Promise<void> {
    await this.#holding(principal, conversationId);
    await this.deps.conversationLog.bus.publish({ type: 'typing', conversationId, from: 'operator', active });
  }

  async note(principal: OperatorPrincipal, conversationId: string, text: string): Promise<OperatorNote> {
    await this.#access(principal, conversationId);
    const note = { at: new Date().toISOString(), author: { id: principal.id, name: principal.name }, text };
    await this.deps.store.addNote(conversationId, note);
    await this.deps.conversationLog.bus.publish({ type: 'notes', conversationId });
    return note;
  }

  async notes(principal: OperatorPrincipal, conversationId: string): Promise<OperatorNote[]> {
    await this.#access(principal, conversationId);
    return this.deps.store.notes(conversationId);
  }

  async transfer(principal: OperatorPrincipal, conversationId: string, request: TransferRequest): Promise<HandoverItem> {
    const record = await this.#holding(principal, conversationId);
    if (request.note) await this.note(principal, conversationId, request.note);
    return 'agency' in request.to ? this.#toAgency(principal, record, request.to.agency) : this.#toOperator(principal, record, request.to.operatorId);
  }

  async returnToBot(principal: OperatorPrincipal, conversationId: string): Promise<void> {
    const record = await this.#holding(principal, conversationId);
    await this.deps.conversations.exclusive(conversationId, async () => {
      if (!(await this.deps.conversationLog.store.compareAndSetOwner(conversationId, operatorOwner(principal.id), 'bot'))) throw await this.#notYours(conversationId, 'return');
      const conversation = await this.deps.conversationLog.store.update(conversationId, { state: 'bot' });
      await this.deps.store.release(principal.id, conversationId);
      const { holder: _holder, ...rest } = record;
      await this.deps.store.saveHandover({ ...rest, state: 'returned' });
      await this.deps.conversationLog.append(conversationId, { type: 'status', state: 'bot', agency: record.agency });
      await this.deps.queues.say(conversationId, conversation.language, 'backToBot');
      await this.deps.queues.publishBoard(record.agency);
    });
  }

  async close(principal: OperatorPrincipal, conversationId: string, outcome: CloseOutcome): Promise<void> {
    const record = await this.#access(principal, conversationId);
    // The holder closes; a queued conversation (spam, a duplicate) may be closed by anyone serving the agency.
    const from = record.state === 'queued' ? `queue:${record.agency}` : operatorOwner(principal.id);
    if (!(await this.deps.conversationLog.store.compareAndSetOwner(conversationId, from, `closed:${principal.id}`))) throw await this.#notYours(conversationId, 'close');
    await this.deps.store.release(principal.id, conversationId);
    await this.deps.store.dequeue(record.agency, conversationId);
    await this.deps.store.saveHandover({ ...record, state: 'closed', outcome, closedAt: new Date().toISOString() });
    await this.deps.conversations.end(conversationId);
    await this.deps.queues.publishBoard(record.agency);
    if (record.state === 'queued') await this.deps.queues.announcePositions(record.agency);
  }

  async canned(principal: OperatorPrincipal, agency: string) {
    this.#serves(principal, agency);
    return this.deps.registry.manifest(agency)?.operators.cannedAnswers ?? [];
  }

  async colleagues(principal: OperatorPrincipal, agency: string) {
    this.#serves(principal, agency);
    const staff = this.deps.directory.all().filter((account) => account.agencies.includes(agency));
    return Promise.all(staff.map(async ({ id, name, role }) => ({ id, name, role, availability: await this.deps.store.availability(id) })));
  }

  async contactRequests(principal: OperatorPrincipal, agency: string) {
    this.#serves(principal, agency);
    return this.deps.store.contactRequests(agency);
  }

  async supervisor(principal: OperatorPrincipal): Promise<SupervisorView> {
    this.#supervisor(principal);
    const agencies = await Promise.all(
      principal.agencies.map(async (agency) => {
        const items = await this.deps.queues.items(agency);
        const queued = items.filter((item) => item.state === 'queued');
        const staff = this.deps.directory.all().filter((account) => account.agencies.includes(agency));
        const holders = await Promise.all(
          staff.map(async (account) => ({
            id: account.id,
            name: account.name,
            availability: await this.deps.store.availability(account.id),
            conversations: items.filter((item) => item.state === 'claimed' && item.holder?.id === account.id).map((item) => item.conversationId),
          })),
        );
        const now = Date.now();
        return { agency, queueLength: queued.length, longestWaitMs: Math.max(0, ...queued.map((item) => now - Date.parse(item.queuedAt))), holders };
      }),
    );
    return { agencies };
  }

  addAccount(principal: OperatorPrincipal, account: OperatorProfile & { password: string }): Promise<OperatorProfile> {
    this.#supervisor(principal);
    return this.#admin.add(principal, account);
  }

  removeAccount(principal: OperatorPrincipal, operatorId: string): Promise<void> {
    this.#supervisor(principal);
    return this.#admin.remove(principal, operatorId);
  }

  setPassword(principal: OperatorPrincipal, operatorId: string, password: string): Promise<void> {
    this.#supervisor(principal);
    return this.#admin.setPassword(principal, operatorId, password);
  }

  connected(principal: OperatorPrincipal): Promise<() => void> {
    return this.#presence.connected(principal);
  }

  /** Stop the grace timers (shutdown). */
  stop(): void {
    this.#presence.stop();
  }

  async #toAgency(principal: OperatorPrincipal, record: HandoverRecord, agency: string): Promise<HandoverItem> {
    if (!this.deps.registry.manifest(agency)) throw new SwitchboardError('SWB_ERR_UNKNOWN_AGENCY');
    const conversationId = record.conversationId;
    return this.deps.conversations.exclusive(conversationId, async () => {
      if (!(await this.deps.conversationLog.store.compareAndSetOwner(conversationId, operatorOwner(principal.id), `queue:${agency}`))) throw await this.#notYours(conversationId, 'transfer');
      const conversation = await this.deps.conversationLog.store.update(conversationId, { state: 'waiting_human', agency });
      await this.deps.store.release(principal.id, conversationId);
      const position = await this.deps.queues.requeue({ ...record, reason: `transferred by ${principal.name} from ${record.agency}` }, agency, false);
      await this.deps.conversationLog.append(conversationId, { type: 'status', state: 'waiting_human', agency, queuePosition: position, reason: 'transferred' });
      await this.deps.queues.say(conversationId, conversation.language, 'transferredToAgency', { agency: this.deps.registry.displayName(agency, conversation.language) });
      await Promise.all([this.deps.queues.publishBoard(record.agency), this.deps.queues.publishBoard(agency)]);
      return this.deps.queues.item((await this.deps.store.handover(conversationId)) as HandoverRecord);
    });
  }

  async #toOperator(principal: OperatorPrincipal, record: HandoverRecord, operatorId: string): Promise<HandoverItem> {
    const target = this.deps.directory.byId(operatorId);
    if (!target || !target.agencies.includes(record.agency)) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'that operator does not serve this agency');
    const conversationId = record.conversationId;
    return this.deps.conversations.exclusive(conversationId, async () => {
      if (!(await this.deps.conversationLog.store.compareAndSetOwner(conversationId, operatorOwner(principal.id), operatorOwner(target.id)))) throw await this.#notYours(conversationId, 'transfer');
      const conversation = (await this.deps.conversationLog.store.get(conversationId)) as ConversationRecord;
      await this.deps.store.release(principal.id, conversationId);
      await this.deps.store.hold(target.id, conversationId);
      const moved: HandoverRecord = { ...record, holder: { id: target.id, name: target.name }, claimedAt: new Date().toISOString() };
      await this.deps.store.saveHandover(moved);
      await this.#joined(conversation, target, record.agency);
      await this.deps.queues.publishBoard(record.agency);
      return this.deps.queues.item(moved);
    });
  }

  /** Tell the citizen who they talk to now: a status the widget shows, and a line in their language. */
  async #joined(conversation: ConversationRecord, operator: { name: string }, agency: string): Promise<void> {
    const name = firstName(operator);
    await this.deps.conversationLog.append(conversation.id, { type: 'status', state: 'with_operator', agency, operatorName: name });
    await this.deps.queues.say(conversation.id, conversation.language, 'operatorJoined', { name, agency: this.deps.registry.displayName(agency, conversation.language) });
  }

  /** The handover, if the operator serves its agency. Unknown and foreign conversations look the same. */
  async #access(principal: OperatorPrincipal, conversationId: string): Promise<HandoverRecord> {
    const record = await this.deps.store.handover(conversationId);
    if (!record || !principal.agencies.includes(record.agency)) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'this conversation is not in a queue you serve');
    return record;
  }

  /** The handover, if this operator holds it now. */
  async #holding(principal: OperatorPrincipal, conversationId: string): Promise<HandoverRecord> {
    const record = await this.#access(principal, conversationId);
    const conversation = await this.deps.conversationLog.store.get(conversationId);
    if (conversation?.owner !== operatorOwner(principal.id)) throw await this.#notYours(conversationId, 'write to');
    return record;
  }

  /** A refusal that names who holds the conversation now. */
  async #notYours(conversationId: string, action: string): Promise<SwitchboardError> {
    const owner = (await this.deps.conversationLog.store.get(conversationId))?.owner ?? '';
    if (owner.startsWith('operator:')) {
      const holder = this.deps.directory.byId(owner.slice('operator:'.length));
      const name = holder?.name ?? 'another operator';
      return new SwitchboardError('SWB_ERR_CONFLICT', `cannot ${action}: ${name} holds this conversation`, { details: { holder: { id: holder?.id, name } } });
    }
    const where = owner.startsWith('queue:') ? 'it is waiting in the queue' : owner === 'bot' ? 'it is with the bot' : 'it is closed';
    return new SwitchboardError('SWB_ERR_CONFLICT', `cannot ${action}: ${where}`);
  }

  #serves(principal: OperatorPrincipal, agency: string): void {
    if (!principal.agencies.includes(agency)) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'you do not serve this agency');
  }

  #supervisor(principal: OperatorPrincipal): void {
    if (principal.role !== 'supervisor') throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'supervisors only');
  }
}
