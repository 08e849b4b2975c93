import { z } from 'zod';
import { BotContext, ConversationState, Language, PrivacyLevel } from '../protocol/index.js';

/** A conversation as stores keep it. The message log lives beside it, addressed by `seq`. */
export const ConversationRecord = z.object({
  id: z.string(),
  /** sha256 of the resume token's secret part; the token itself is never stored. */
  tokenHash: z.string(),
  state: ConversationState,
  language: Language,
  /** Agency that owns the conversation now (its bot answers follow-ups). */
  agency: z.string().optional(),
  /** Agency whose website the widget sits on. */
  homeAgency: z.string().optional(),
  /** Who holds the conversation: `bot`, `queue:<agency>`, `operator:<id>`. Changed only by compare-and-set. */
  owner: z.string(),
  /** Each agency's bot context, kept apart so a handoff passes only what a bot chose to pass. */
  contexts: z.record(z.string(), BotContext),
  privacyLevel: PrivacyLevel,
  lastSeq: z.number().int().min(0),
  /** Seq of the newest citizen message; set by `append` in the same atomic step that stores it. */
  lastCitizenSeq: z.number().int().min(0).default(0),
  /**
   * Seq of the newest citizen message whose turn is done. A turn is owed while `lastCitizenSeq > turnSeq`;
   * the router advances it in the turn's last write, so a turn is finished exactly when this moves.
   */
  turnSeq: z.number().int().min(0).default(0),
  /** The citizen's rating at the end, if given. */
  rating: z.object({ score: z.number().int().min(1).max(5), comment: z.string().optional() }).optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type ConversationRecord = z.infer<typeof ConversationRecord>;

export type NewConversation = Pick<ConversationRecord, 'id' | 'tokenHash' | 'language'> &
  Partial<Pick<ConversationRecord, 'homeAgency' | 'agency' | 'privacyLevel'>>;

/** Fields `update` may change. `owner` is deliberately absent: use `compareAndSetOwner`. */
export type ConversationPatch = Partial<Pick<ConversationRecord, 'state' | 'language' | 'agency' | 'contexts' | 'privacyLevel' | 'rating' | 'turnSeq'>>;

/** A new record with the defaults every store uses; `undefined` in `init` keeps the default. */
export function newConversationRecord(init: NewConversation, now = new Date().toISOString()): ConversationRecord {
  const defined = Object.fromEntries(Object.entries(init).filter(([, value]) => value !== undefined)) as NewConversation;
  return { state: 'bot', owner: 'bot', contexts: {}, privacyLevel: 'keep_for_retention', lastSeq: 0, lastCitizenSeq: 0, turnSeq: 0, createdAt: now, updatedAt: now, ...defined };
}
