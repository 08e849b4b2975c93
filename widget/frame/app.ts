import type { ClientFrame, Language, PrivacyLevel, ServerFrame } from '../../src/protocol/index.js';
import type { FrameToHost, HostToFrame } from '../shared/bridge.js';
import { isBridgeMessage } from '../shared/bridge.js';
import type { EmbedConfig } from '../../src/protocol/index.js';
import { asLanguage } from '../shared/language.js';
import { Connection, type ConnectionState } from './connection.js';
import { t } from './i18n.js';
import { MessageList } from './messages.js';
import { ConversationSession } from './session.js';
import { FrameStorage } from './storage.js';
import { themeColours } from './theme.js';
import { transcriptText } from './transcript.js';
import { buildView, type View } from './view.js';

/** Actions wait for a connection like messages do, but are not kept across reloads. */
type PendingAction = Extract<ClientFrame, { type: 'action' | 'rating' | 'privacy' }>;

/**
 * The chat app inside the frame: wires the pure session to the socket, the DOM and the host page.
 * Host page ⇄ frame traffic carries UI events only (open, close, unread count, language).
 */
export class ChatApp {
  private readonly view: View;
  private readonly list: MessageList;
  private readonly storage: FrameStorage;
  private readonly session: ConversationSession;
  private readonly connection: Connection;
  private language: Language;
  private actions: PendingAction[] = [];
  private open: boolean;
  private unread = 0;
  private deleted = false;
  private service: 'ok' | 'degraded' = 'ok';
  private typingSentAt = 0;
  private typingIdle?: ReturnType<typeof setTimeout>;
  private typingShown?: ReturnType<typeof setTimeout>;
  private retryTimer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly config: EmbedConfig,
    options: { language: Language; hostOrigin?: string; wsUrl: string },
  ) {
    this.storage = new FrameStorage(`swb:${config.id}`);
    const saved = this.storage.load();
    this.session = new ConversationSession(saved.session);
    this.language = saved.language ?? options.language;
    this.hostOrigin = options.hostOrigin;
    this.open = !options.hostOrigin;
    this.view = buildView({ logo: config.theme.logo, embedded: !!options.hostOrigin });
    this.list = new MessageList(this.view.log, this.view.greeting, (value) => this.send(value), (clientId) => this.retry(clientId), (request) => this.connection.send({ type: 'contact', request }));
    this.connection = new Connection({
      url: options.wsUrl,
      hello: () => ({ type: 'hello', agency: config.id, language: this.language, privacyLevel: this.privacyLevel(), ...this.session.resumeFields() }),
      onFrame: (frame, number) => this.onFrame(frame, number),
      onState: (state) => this.showConnection(state),
    });
  }

  private readonly hostOrigin?: string;

  mount(parent: HTMLElement): void {
    const colours = themeColours(this.config.theme.color);
    const style = document.documentElement.style;
    style.setProperty('--swb-accent', colours.accent);
    style.setProperty('--swb-on-accent', colours.onAccent);
    style.setProperty('--swb-accent-text', colours.accentText);
    parent.replaceChildren(this.view.root);
    this.bindEvents();
    this.setLanguage(this.language, false);
    this.refresh();
    if (this.session.hasConversation) this.connection.start();
    this.post({ swb: 1, type: 'ready', title: this.title(), active: this.session.hasConversation });
  }

  // ── host page ────────────────────────────────────────────────────────────────────────────────────────
  private post(message: FrameToHost): void {
    if (this.hostOrigin) window.parent.postMessage(message, this.hostOrigin);
  }

  private onHostMessage(event: MessageEvent): void {
    if (!this.hostOrigin || event.origin !== this.hostOrigin || event.source !== window.parent) return;
    if (!isBridgeMessage<HostToFrame>(event.data)) return;
    const message = event.data;
    if (message.type === 'open') {
      this.open = true;
      this.setUnread(0);
      if (message.focus) (this.view.composer.hidden ? this.view.log : this.view.input).focus();
    } else if (message.type === 'closed') {
      this.open = false;
    } else if (message.type === 'language') {
      const language = asLanguage(message.language);
      if (language) this.setLanguage(language, false);
    }
  }

  private setUnread(count: number): void {
    if (count === this.unread) return;
    this.unread = count;
    this.post({ swb: 1, type: 'unread', count });
  }

  // ── events ───────────────────────────────────────────────────────────────────────────────────────────
  private bindEvents(): void {
    const v = this.view;
    window.addEventListener('message', (event) => this.onHostMessage(event));
    window.addEventListener('online', () => this.connection.nudge());
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.connection.nudge();
    });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.hostOrigin) this.post({ swb: 1, type: 'close' });
    });
    v.closeButton.addEventListener('click', () => this.post({ swb: 1, type: 'close' }));
    v.languageSelect.addEventListener('change', () => {
      const language = asLanguage(v.languageSelect.value);
      if (language) this.setLanguage(language, true);
    });
    v.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      this.send(v.input.value);
    });
    v.input.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.send(v.input.value);
      }
    });
    v.input.addEventListener('input', () => this.citizenTyping());
    v.privacyOptions.addEventListener('change', (event) => {
      const level = (event.target as HTMLInputElement).value as PrivacyLevel;
      this.session.privacyLevel = level;
      if (this.session.hasConversation) this.act({ type: 'privacy', level });
      this.persist();
    });
    v.humanButton.addEventListener('click', () => this.act({ type: 'action', action: 'request_human' }));
    v.endButton.addEventListener('click', () => this.act({ type: 'action', action: 'end' }));
    v.transcriptButton.addEventListener('click', () => this.downloadTranscript());
    v.deleteButton.addEventListener('click', () => {
      v.confirmDelete.hidden = false;
      v.confirmNo.focus();
    });
    v.confirmNo.addEventListener('click', () => {
      v.confirmDelete.hidden = true;
      v.deleteButton.focus();
    });
    v.confirmYes.addEventListener('click', () => {
      v.confirmDelete.hidden = true;
      if (this.session.hasConversation) this.act({ type: 'action', action: 'delete' });
      else this.wipe();
    });
    v.rating.addEventListener('submit', (event) => {
      event.preventDefault();
      const score = Number(new FormData(v.rating).get('score'));
      if (!(score >= 1 && score <= 5)) return;
      const comment = v.ratingComment.value.trim();
      this.act({ type: 'rating', score, ...(comment ? { comment } : {}) });
      v.rating.hidden = true;
      v.thanks.hidden = false;
      v.thanks.focus();
    });
    v.newButton.addEventListener('click', () => {
      this.connection.stop();
      this.session.forget();
      this.resetEnded();
      this.persist();
      this.post({ swb: 1, type: 'active', active: false });
      this.refresh();
      v.input.focus();
    });
  }

  private setLanguage(language: Language, fromCitizen: boolean): void {
    this.language = language;
    this.view.applyLanguage(language);
    this.view.title.textContent = this.title();
    this.storage.save({ language: fromCitizen ? language : this.storage.load().language });
    if (fromCitizen) this.post({ swb: 1, type: 'language', language });
    this.refresh();
  }

  private title(): string {
    const { theme, name } = this.config;
    return theme.title?.[this.language] ?? name[this.language] ?? Object.values(name)[0] ?? '';
  }

  private privacyLevel(): PrivacyLevel {
    return this.session.privacyLevel ?? this.config.privacy.levels[0];
  }

  // ── sending ──────────────────────────────────────────────────────────────────────────────────────────
  private send(raw: string): void {
    const text = raw.trim();
    if (!text) return;
    this.deleted = false;
    this.session.privacyLevel = this.privacyLevel();
    this.session.queue(text.slice(0, 2000), crypto.randomUUID(), this.language);
    this.view.input.value = '';
    this.stopTyping();
    this.flush();
    this.connection.start();
    this.persist();
    this.refresh();
  }

  private retry(clientId: string): void {
    const item = this.session.items().find((entry) => entry.kind === 'pending' && entry.item.clientId === clientId);
    this.session.discard(clientId);
    if (item?.kind === 'pending') this.send(item.item.text);
  }

  private act(frame: PendingAction): void {
    this.actions.push(frame);
    this.flush();
    this.connection.start();
  }

  /** Writes what is due on the open socket: unsent messages (each once per connection), then actions. */
  private flush(): void {
    if (this.connection.state !== 'open') return;
    for (const item of this.session.takeUnsent()) {
      this.connection.send({ type: 'message', clientId: item.clientId, text: item.text, ...(item.language ? { language: item.language as Language } : {}) });
    }
    while (this.actions.length && this.connection.send(this.actions[0])) this.actions.shift();
  }

  private citizenTyping(): void {
    if (this.connection.state !== 'open') return;
    const now = Date.now();
    if (now - this.typingSentAt > 3000) {
      this.typingSentAt = now;
      this.connection.send({ type: 'typing', active: true });
    }
    clearTimeout(this.typingIdle);
    this.typingIdle = setTimeout(() => this.stopTyping(), 4000);
  }

  private stopTyping(): void {
    clearTimeout(this.typingIdle);
    if (!this.typingSentAt) return;
    this.typingSentAt = 0;
    this.connection.send({ type: 'typing', active: false });
  }

  // ── receiving ────────────────────────────────────────────────────────────────────────────────────────
  private onFrame(frame: ServerFrame, number: number): void {
    switch (frame.type) {
      case 'welcome': {
        const { reset } = this.session.welcome(frame, number);
        if (reset) this.list.clear();
        // The outbox is written by flush() once the connection reports `open`, right after this frame.
        this.post({ swb: 1, type: 'active', active: true });
        break;
      }
      case 'message':
      case 'status':
        this.receive(frame);
        break;
      case 'ack':
        this.session.ack(frame.clientId, frame.seq, new Date().toISOString());
        if (!this.session.awaitingAck().length) this.connection.acked();
        break;
      case 'typing':
        this.showTyping(frame.active ? frame.from : undefined);
        break;
      case 'error':
        this.onError(frame);
        break;
      case 'service':
        this.service = frame.status;
        this.showConnection(this.connection.state);
        break;
    }
    this.persist();
    this.refresh();
  }

  private receive(frame: Extract<ServerFrame, { type: 'message' | 'status' }>): void {
    if (frame.type === 'status' && frame.state === 'closed' && frame.reason === 'deleted') {
      this.wipe();
      return;
    }
    if (!this.session.receive(frame)) return;
    if (frame.type === 'message' && frame.from !== 'citizen') {
      this.showTyping(undefined);
      if (!this.open) this.setUnread(this.unread + 1);
    }
  }

  private onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    if (frame.clientId) {
      this.session.reject(frame.clientId, frame.retryable);
      if (frame.retryable) {
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.flush(), 3000);
      }
      return;
    }
    if (frame.code === 'SWB_ERR_TOKEN_INVALID' || frame.code === 'SWB_ERR_CONVERSATION_NOT_FOUND') {
      // The conversation is gone (expired or deleted elsewhere): start a new one, keeping unsent messages.
      const unsent = this.session.snapshot().outbox;
      this.session.forget();
      for (const item of unsent) this.session.queue(item.text, item.clientId, item.language);
      this.list.clear();
      this.connection.stop();
      this.connection.start();
      return;
    }
    this.view.connection.hidden = false;
    this.view.connection.textContent = t(this.language, 'error');
  }

  /** The conversation was deleted: forget it here too, token included. */
  private wipe(): void {
    this.connection.stop();
    this.session.forget();
    this.actions = [];
    this.deleted = true;
    this.storage.clear();
    this.list.clear();
    this.resetEnded();
    this.post({ swb: 1, type: 'active', active: false });
    this.refresh();
    this.view.input.focus();
  }

  // ── rendering ────────────────────────────────────────────────────────────────────────────────────────
  private refresh(): void {
    const v = this.view;
    const items = this.session.items();
    this.list.render(items, this.language);
    const started = this.session.hasConversation || items.length > 0;
    const state = this.session.state;
    const closed = state === 'closed';
    v.privacy.hidden = started;
    // The server greets a new conversation itself; the local greeting only fills the empty window.
    v.greeting.hidden = started;
    if (!started) {
      v.renderPrivacy(this.language, this.config.privacy.levels, this.config.privacy.retentionDays, this.privacyLevel(), this.notice());
      v.input.setAttribute('aria-describedby', 'swb-notice');
    } else v.input.removeAttribute('aria-describedby');
    v.composer.hidden = closed;
    v.ended.hidden = !closed;
    v.humanButton.hidden = !started || closed || state === 'waiting_human' || state === 'with_operator';
    v.endButton.hidden = !started || closed;
    v.transcriptButton.hidden = !items.length;
    v.deleteButton.hidden = !started;
    const status = this.statusText();
    v.status.hidden = !status && !this.deleted;
    v.status.textContent = this.deleted ? t(this.language, 'deleted') : status;
  }

  private statusText(): string {
    const last = this.session.lastStatus;
    if (!last || last.state === 'bot' || last.state === 'closed') return '';
    if (last.state === 'waiting_human') {
      return `${t(this.language, 'state_waiting_human')}${last.queuePosition ? ` ${t(this.language, 'queue', { n: last.queuePosition })}` : ''}`;
    }
    return last.operatorName ? t(this.language, 'state_with_named_operator', { name: last.operatorName }) : t(this.language, 'state_with_operator');
  }

  private notice(): string | undefined {
    const { notice } = this.config.privacy;
    return notice?.[this.language] ?? (notice ? Object.values(notice)[0] : undefined);
  }

  private resetEnded(): void {
    this.view.rating.reset();
    this.view.rating.hidden = false;
    this.view.thanks.hidden = true;
  }

  private showConnection(state: ConnectionState): void {
    const node = this.view.connection;
    const text = state === 'offline' ? t(this.language, 'offline') : state === 'connecting' && this.session.hasConversation ? t(this.language, 'connecting') : this.service === 'degraded' ? t(this.language, 'degraded') : '';
    node.dataset.state = state;
    node.hidden = !text;
    if (node.textContent !== text) node.textContent = text;
    if (state === 'open') this.flush();
  }

  private showTyping(from: 'bot' | 'operator' | undefined): void {
    clearTimeout(this.typingShown);
    this.view.typing.hidden = !from;
    if (!from) return;
    this.view.typing.textContent = t(this.language, from === 'bot' ? 'typing_bot' : 'typing_operator');
    // A lost `active: false` must not leave the indicator on for good.
    this.typingShown = setTimeout(() => this.showTyping(undefined), 20_000);
  }

  private downloadTranscript(): void {
    const events = this.session.snapshot().events;
    const blob = new Blob([transcriptText(this.title(), this.language, events)], { type: 'text/plain;charset=utf-8' });
    const url = URL.createObjectURL(blob);
    const link = document.createElement('a');
    link.href = url;
    link.download = `${this.config.id}-conversation-${new Date().toISOString().slice(0, 10)}.txt`;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  private persist(): void {
    if (this.deleted && !this.session.hasConversation && !this.session.items().length) return;
    this.storage.save({ session: this.session.snapshot() });
  }
}
