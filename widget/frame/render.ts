import type { Language, PrivacyLevel } from '../../src/protocol/index.js';
import type { EmbedConfig } from '../../src/protocol/index.js';
import type { ConnectionState } from './connection.js';
import { t } from './i18n.js';
import type { MessageList } from './messages.js';
import type { ConversationSession, LogItem } from './session.js';
import type { View } from './view.js';

/**
 * Rendering of the chat app: functions from the app's state to the DOM of its `View`. They keep no state
 * and send nothing; the app (app.ts) calls them after each change.
 */
export interface AppState {
  items: LogItem[];
  language: Language;
  hasConversation: boolean;
  conversationState: ConversationSession['state'];
  lastStatus: ConversationSession['lastStatus'];
  /** The conversation was just deleted: say so until the citizen writes again. */
  deleted: boolean;
  privacy: EmbedConfig['privacy'];
  privacyLevel: PrivacyLevel;
}

/** The message log, the privacy choice before the first message, and which tools and panels show. */
export function renderApp(view: View, list: MessageList, state: AppState): void {
  const { items, language } = state;
  list.render(items, language);
  const started = state.hasConversation || items.length > 0;
  const closed = state.conversationState === 'closed';
  view.privacy.hidden = started;
  // The server greets a new conversation itself; the local greeting only fills the empty window.
  view.greeting.hidden = started;
  if (!started) {
    view.renderPrivacy(language, state.privacy.levels, state.privacy.retentionDays, state.privacyLevel, privacyNotice(state.privacy, language));
    view.input.setAttribute('aria-describedby', 'swb-notice');
  } else view.input.removeAttribute('aria-describedby');
  view.composer.hidden = closed;
  view.ended.hidden = !closed;
  view.humanButton.hidden = !started || closed || state.conversationState === 'waiting_human' || state.conversationState === 'with_operator';
  view.endButton.hidden = !started || closed;
  view.transcriptButton.hidden = !items.length;
  view.deleteButton.hidden = !started;
  const status = statusText(language, state.lastStatus);
  view.status.hidden = !status && !state.deleted;
  view.status.textContent = state.deleted ? t(language, 'deleted') : status;
}

function statusText(language: Language, last: AppState['lastStatus']): string {
  if (!last || last.state === 'bot' || last.state === 'closed') return '';
  if (last.state === 'waiting_human') {
    return `${t(language, 'state_waiting_human')}${last.queuePosition ? ` ${t(language, 'queue', { n: last.queuePosition })}` : ''}`;
  }
  return last.operatorName ? t(language, 'state_with_named_operator', { name: last.operatorName }) : t(language, 'state_with_operator');
}

function privacyNotice(privacy: EmbedConfig['privacy'], language: Language): string | undefined {
  const { notice } = privacy;
  return notice?.[language] ?? (notice ? Object.values(notice)[0] : undefined);
}

/** The connection line: offline, reconnecting to a conversation, or the service degraded; hidden otherwise. */
export function renderConnection(view: View, language: Language, state: ConnectionState, hasConversation: boolean, service: 'ok' | 'degraded'): void {
  const node = view.connection;
  const text = state === 'offline' ? t(language, 'offline') : state === 'connecting' && hasConversation ? t(language, 'connecting') : service === 'degraded' ? t(language, 'degraded') : '';
  node.dataset.state = state;
  node.hidden = !text;
  if (node.textContent !== text) node.textContent = text;
}

/** A connection-wide error that no message owns. */
export function renderError(view: View, language: Language): void {
  view.connection.hidden = false;
  view.connection.textContent = t(language, 'error');
}

/** "The bot is typing…" / "The operator is typing…", or nothing. */
export function renderTyping(view: View, language: Language, from: 'bot' | 'operator' | undefined): void {
  view.typing.hidden = !from;
  if (!from) return;
  view.typing.textContent = t(language, from === 'bot' ? 'typing_bot' : 'typing_operator');
}

/** The rating form back to its first state, for the next conversation's end. */
export function resetEnded(view: View): void {
  view.rating.reset();
  view.rating.hidden = false;
  view.thanks.hidden = true;
}

/** Offers `text` as a download named `fileName`. */
export function downloadText(fileName: string, text: string): void {
  const blob = new Blob([text], { type: 'text/plain;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
