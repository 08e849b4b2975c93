import type { AgencyRegistry } from '../agencies/index.js';
import type { ConversationLog } from '../conversations/index.js';
import type { Logger } from '../log/index.js';
import type { AccountDirectory } from './accounts.js';
import type { HandoverQueues } from './queues.js';
import type { OperatorSessions } from './sessions.js';
import type { OperatorStore } from './store.js';

/** What the service needs of the router: its per-conversation queue, and closing a conversation. */
export interface ConversationControl {
  exclusive<T>(conversationId: string, work: () => Promise<T>): Promise<T>;
  end(conversationId: string): Promise<void>;
}

export interface OperatorServiceDeps {
  directory: AccountDirectory;
  store: OperatorStore;
  sessions: OperatorSessions;
  queues: HandoverQueues;
  conversationLog: ConversationLog;
  conversations: ConversationControl;
  registry: AgencyRegistry;
  /** How long an operator whose consoles all went away keeps what they hold. */
  graceMs: number;
  logger: Logger;
}

