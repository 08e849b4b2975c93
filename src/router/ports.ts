import type {
  ActionFrame,
  AgencyManifest,
  BusNotice,
  CitizenMessageFrame,
  ContactRequest,
  ConversationEvent,
  ConversationState,
  HelloFrame,
  Language,
  PrivacyLevel,
  RatingFrame,
  RoutingDecision,
  ServiceStatus,
} from '../protocol/index.js';

/** What `open` gives a widget: enough for its `welcome` frame. */
export interface OpenedConversation {
  conversationId: string;
  /** The resume token: on a new conversation a fresh one, on a resume the one presented. */
  token: string;
  lastSeq: number;
  state: ConversationState;
  language: Language;
  /** Agency answering now, else the home agency. */
  agency?: string;
  resumed: boolean;
}

export type PublicAgency = Pick<AgencyManifest, 'id' | 'name' | 'description' | 'languages' | 'theme' | 'privacy'>;

/**
 * The application port for citizens: everything a widget connection (or any other citizen channel) may
 * ask of Switchboard. The transport knows only this and `Delivery`; it never touches stores, tokens, the
 * bus or agencies. Commands on one conversation run in order with its turns (the router's queue).
 */
export interface CitizenPort {
  /** Resume with a token (SWB_ERR_TOKEN_INVALID when it does not match), or start a new conversation. */
  open(hello: Omit<HelloFrame, 'type'>): Promise<OpenedConversation>;
  /**
   * Store the citizen's message (idempotent on `clientId`) and have its turn run, exactly once, even if
   * this instance or storage fails before it is done (the turn stays owed until then). Rate limited per
   * conversation (SWB_ERR_RATE_LIMITED).
   */
  post(conversationId: string, message: Omit<CitizenMessageFrame, 'type'>): Promise<{ seq: number; duplicate: boolean }>;
  /** Presence only; never the text being typed. */
  typing(conversationId: string, active: boolean): Promise<void>;
  act(conversationId: string, action: ActionFrame['action']): Promise<void>;
  rate(conversationId: string, rating: Omit<RatingFrame, 'type'>): Promise<void>;
  setPrivacy(conversationId: string, level: PrivacyLevel): Promise<void>;
  /** Outside opening hours: leave a contact request for the agency's staff (they see it in the console). */
  contact(conversationId: string, request: ContactRequest): Promise<void>;
  /**
   * The decision the router would make for this text: at the start of a conversation, or, with the
   * conversation's resume `token`, as its next turn would (SWB_ERR_TOKEN_INVALID if it does not match).
   * Nothing is stored.
   */
  explain(text: string, language?: Language, token?: string): Promise<RoutingDecision>;
  /** The public part of every agency's manifest. */
  agencies(): PublicAgency[];
  /**
   * The citizen's copy of everything stored about the conversation the token opens (its record's
   * citizen-facing fields and every event). SWB_ERR_TOKEN_INVALID when the token does not match.
   */
  transcript(token: string): Promise<Transcript>;
  /**
   * Erase the conversation the token opens: from every store and index, its rate-limit counter, and every
   * instance's open widgets (the `deleted` notice). SWB_ERR_TOKEN_INVALID when the token does not match.
   */
  erase(token: string): Promise<void>;
}

/** What a citizen downloads: no token hash, no bot contexts (those are the agencies' working state). */
export interface Transcript {
  conversation: { id: string; state: ConversationState; language: Language; agency?: string; privacyLevel: PrivacyLevel; createdAt: string; updatedAt: string };
  events: ConversationEvent[];
}

/**
 * Delivery of a conversation's events to whoever shows them (widget, operator console), on any instance.
 * Pull-based: a notice only says "there is something after seq N"; readers call `eventsAfter` themselves,
 * so a lost or doubled notice never loses or doubles a message.
 */
export interface Delivery {
  readonly backend: 'memory' | 'redis';
  health(): ServiceStatus;
  /** Returns the unsubscribe function. */
  onHealthChange(listener: (status: ServiceStatus) => void): () => void;
  /** Events with `seq > afterSeq`, in order, at most `limit`. */
  eventsAfter(conversationId: string, afterSeq: number, limit?: number): Promise<ConversationEvent[]>;
  /** Listen to one conversation's notices; returns the unsubscribe function. */
  subscribe(conversationId: string, listener: (notice: BusNotice) => void): () => void;
  /** Resolves once every subscription made so far is live (read the store after this, not before). */
  settled(): Promise<void>;
}
