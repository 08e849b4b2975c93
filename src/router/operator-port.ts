import type {
  Availability,
  CannedAnswer,
  Colleague,
  CloseOutcome,
  ConversationDetail,
  ContactRequest,
  HandoverItem,
  Language,
  OperatorNote,
  OperatorProfile,
  RoutingDecision,
  SignInResponse,
  StoredContactRequest,
  SupervisorView,
  TransferRequest,
} from '../protocol/index.js';

/** A signed-in operator, as every operator command receives it. */
export interface OperatorPrincipal extends OperatorProfile {
  /** This session's id (revoked on sign-out). */
  sessionId: string;
}

/**
 * The application port for operators: everything the console or an agency's own helpdesk tool may ask, over
 * HTTP or the operator socket. Like `CitizenPort`, the transport knows only this and `Delivery`.
 *
 * Every command checks access itself: an operator acts only on conversations of agencies they serve
 * (SWB_ERR_FORBIDDEN otherwise, even with a guessed id), and only the holder writes to a claimed one.
 */
export interface OperatorPort {
  /** Rate limited per account and per IP (SWB_ERR_RATE_LIMITED); wrong credentials: SWB_ERR_UNAUTHORIZED. */
  signIn(email: string, password: string, ip: string): Promise<SignInResponse>;
  signOut(principal: OperatorPrincipal): Promise<void>;
  /** The session behind a token, still valid now (not expired, signed out, re-keyed or removed), else SWB_ERR_UNAUTHORIZED. */
  authenticate(token: string | undefined): Promise<OperatorPrincipal>;
  availability(principal: OperatorPrincipal): Promise<Availability>;
  setAvailability(principal: OperatorPrincipal, status: Availability): Promise<void>;
  /** Queued, held and recently closed conversations of one agency the operator serves. */
  board(principal: OperatorPrincipal, agency: string): Promise<HandoverItem[]>;
  conversation(principal: OperatorPrincipal, conversationId: string): Promise<ConversationDetail>;
  /** SWB_ERR_FORBIDDEN unless the operator may read this conversation (the socket's `watch`). */
  authorize(principal: OperatorPrincipal, conversationId: string): Promise<void>;
  /** Exactly one of racing claims wins; the others get SWB_ERR_CONFLICT naming the holder. */
  claim(principal: OperatorPrincipal, conversationId: string): Promise<HandoverItem>;
  reply(principal: OperatorPrincipal, conversationId: string, message: { text: string; clientId?: string }): Promise<{ seq: number }>;
  typing(principal: OperatorPrincipal, conversationId: string, active: boolean): Promise<void>;
  note(principal: OperatorPrincipal, conversationId: string, text: string): Promise<OperatorNote>;
  notes(principal: OperatorPrincipal, conversationId: string): Promise<OperatorNote[]>;
  transfer(principal: OperatorPrincipal, conversationId: string, request: TransferRequest): Promise<HandoverItem>;
  returnToBot(principal: OperatorPrincipal, conversationId: string): Promise<void>;
  close(principal: OperatorPrincipal, conversationId: string, outcome: CloseOutcome): Promise<void>;
  canned(principal: OperatorPrincipal, agency: string): Promise<CannedAnswer[]>;
  /** Everyone serving the agency, with their availability (whom a conversation can be transferred to). */
  colleagues(principal: OperatorPrincipal, agency: string): Promise<Colleague[]>;
  contactRequests(principal: OperatorPrincipal, agency: string): Promise<StoredContactRequest[]>;
  /** Supervisors only (SWB_ERR_FORBIDDEN): queue lengths, waits and holders of their agencies. */
  supervisor(principal: OperatorPrincipal): Promise<SupervisorView>;
  /** Supervisors manage accounts of their own agencies. */
  addAccount(principal: OperatorPrincipal, account: OperatorProfile & { password: string }): Promise<OperatorProfile>;
  removeAccount(principal: OperatorPrincipal, operatorId: string): Promise<void>;
  setPassword(principal: OperatorPrincipal, operatorId: string, password: string): Promise<void>;
  /**
   * A console connected; the returned function says it went away. When an operator's last connection is
   * gone for the grace period, what they held goes back to the front of its queue.
   */
  connected(principal: OperatorPrincipal): Promise<() => void>;
  /** The `Delivery` channel of an agency's board (`queue:<agency>`). */
  boardChannel(agency: string): string;
}

/**
 * What the router asks of the operator side when a conversation goes to a person. Optional in `RouterDeps`:
 * without it a handover only changes the owner and state.
 */
export interface HumanHandoff {
  /** Keep each routing decision, so the operator sees why the bot did what it did. */
  decided(conversationId: string, decision: RoutingDecision): Promise<void>;
  /** Are the agency's operators working now? (opening hours and public holidays) */
  isOpen(agency: string, now?: Date): boolean;
  /** The owner has just become `queue:<agency>`: enqueue it; returns the place in the queue (1 = next). */
  queued(conversation: { id: string; agency: string; language: Language; reason: string }): Promise<{ position: number }>;
  /** The citizen deleted the conversation: forget what the operator side kept of it. */
  forget(conversationId: string): Promise<void>;
  /** The conversation closed and is kept `seconds` more (its privacy level): keep the operator side's no longer. */
  retain(conversationId: string, seconds: number): Promise<void>;
  /** Outside opening hours: keep the citizen's contact request for the agency. */
  contactRequest(conversationId: string, agency: string, request: ContactRequest): Promise<void>;
}
