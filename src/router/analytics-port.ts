import type { AnalyticsRange, AnalyticsReport, CloseOutcome, IntentPack, Language, PrivacyLevel, RoutingRule, UnplacedReport } from '../protocol/index.js';
import type { OperatorPrincipal } from './operator-port.js';

/** One routed citizen message, as analytics counts it. The text is redacted before anything keeps it. */
export interface TurnFacts {
  conversationId: string;
  /** The agency the message counts for: the decision's, else the conversation's owner or home agency. */
  agency: string;
  rule: RoutingRule;
  intent?: string;
  language: Language;
  privacyLevel: PrivacyLevel;
  /** Only for a fallback that is a real question (not a click on "Something else"). */
  unplacedText?: string;
}

/**
 * What the router and the operator side tell analytics as things happen (docs/ANALYTICS.md). Optional in
 * their deps; failures are logged by the caller and never fail a turn.
 */
export interface AnalyticsRecorder {
  turn(facts: TurnFacts): Promise<void>;
  /** A clarification the citizen answered with something else than one of its choices. */
  clarificationAbandoned(facts: Omit<TurnFacts, 'rule' | 'intent' | 'unplacedText'> & { text: string }): Promise<void>;
  handedOver(agency: string): Promise<void>;
  /** The citizen erased the conversation: nothing kept may name it any more. */
  forget(conversationId: string): Promise<void>;
  /** The conversation closed and is kept this long: nothing analytics keeps that names it may outlive it. */
  retain(conversationId: string, seconds: number): Promise<void>;
  claimed(agency: string, waitSeconds: number): Promise<void>;
  closed(agency: string, outcome: CloseOutcome): Promise<void>;
  rated(agency: string, score: number): Promise<void>;
}

/** The analytics API behind the operator sign-in: an operator sees the agencies they serve (SWB_ERR_FORBIDDEN otherwise). */
export interface AnalyticsPort {
  report(principal: OperatorPrincipal, agency: string, range: AnalyticsRange): Promise<AnalyticsReport>;
  unplaced(principal: OperatorPrincipal, agency: string, range: AnalyticsRange): Promise<UnplacedReport>;
  /** A draft intent pack (valid per `IntentPack`) from the period's groups, one intent per group with examples. */
  draftPack(principal: OperatorPrincipal, agency: string, range: AnalyticsRange, language: Language): Promise<IntentPack>;
}
