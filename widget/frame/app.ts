import type { ClientFrame, Language, PrivacyLevel, ServerFrame } from '../../src/protocol/index.js';
import type { FrameToHost, HostToFrame } from '../shared/bridge.js';
import { isBridgeMessage } from '../shared/bridge.js';
import type { EmbedConfig } from '../../src/protocol/index.js';
import { asLanguage } from '../shared/language.js';
import { reconnectDelay } from './backoff.js';
import { Connection, type ConnectionState } from './connection.js';
import { type AppIntents, bindEvents } from './events.js';
import { MessageList } from './messages.js';
import { downloadText, renderApp, renderConnection, renderError, renderTyping, resetEnded } from './render.js';
import { ConversationSession } from './session.js';
import { SpeakerAnnouncer, agencyLabel, answeringAgency, renderSpeakerHeading } from './speaker.js';
import { FrameStorage } from './storage.js';
import { themeColours } from './theme.js';
import { transcriptText } from './transcript.js';
import { buildView, type View } from './view.js';

/** Actions wait for a connection like messages do, but are not kept across reloads. */
type PendingAction = Extract<ClientFrame, { type: 'action' | 'rating' | 'privacy' }>;

/**
 * The chat app inside the frame: wires the pure session to the socket, the DOM and the host page. DOM
 * events arrive through events.ts as intents; what the citizen sees is drawn by render.ts.
 * Host page ⇄ frame traffic carries UI events only (open, close, unread count, language).
 */
export class ChatApp implements AppIntents {
  private readonly view: View;
  private readonly list: MessageList;
  private readonly speaker = new SpeakerAnnouncer();
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
  /** Retryable refusals in a row, for the resend backoff. */
  private retries = 0;

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
    this.list = new MessageList(
      this.view.log,
      this.view.greeting,
      (value) => this.send(value),
      (clientId) => this.retry(clientId),
      (agency, language) => agencyLabel(config, agency, language),
      (request) => this.connection.send({ type: 'contact', request }),
    );
    this.view.root.append(this.speaker.region);
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
    bindEvents(this.view, this);
    this.setLanguage(this.language, false);
    this.refresh();
    if (this.session.hasConversation) this.connection.start();
    this.post({ swb: 1, type: 'ready', title: this.title(), active: this.session.hasConversation });
  }

  // ── host page ────────────────────────────────────────────────────────────────────────────────────────
  private post(message: FrameToHost): void {
    if (this.hostOrigin) window.parent.postMessage(message, this.hostOrigin);
  }

  hostMessage(event: MessageEvent): void {
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

  // ── the citizen's intents (events.ts binds the DOM to these) ──────────────────────────────────────────
  nudge(): void {
    this.connection.nudge();
  }

  close(): void {
    this.post({ swb: 1, type: 'close' });
  }

  chooseLanguage(language: Language): void {
    this.setLanguage(language, true);
  }

  choosePrivacy(level: PrivacyLevel): void {
    this.session.privacyLevel = level;
    if (this.session.hasConversation) this.act({ type: 'privacy', level });
    this.persist();
  }

  requestHuman(): void {
    this.act({ type: 'action', action: 'request_human' });
  }

  end(): void {
    this.act({ type: 'action', action: 'end' });
  }

  deleteConversation(): void {
    if (this.session.hasConversation) this.act({ type: 'action', action: 'delete' });
    else this.wipe();
  }

  rate(score: number, comment: string): void {
    this.act({ type: 'rating', score, ...(comment ? { comment } : {}) });
  }

  startNew(): void {
    this.connection.stop();
    this.session.forget();
    this.speaker.reset();
    resetEnded(this.view);
    this.persist();
    this.post({ swb: 1, type: 'active', active: false });
    this.refresh();
    this.view.input.focus();
  }

  downloadTranscript(): void {
    const fileName = `${this.config.id}-conversation-${new Date().toISOString().slice(0, 10)}.txt`;
    const home = agencyLabel(this.config, this.config.id, this.language)?.name;
    // Messages the router says itself (welcome, shared answers) speak for the home agency's assistant.
    const agencyName = (agency: string | undefined) => agencyLabel(this.config, agency, this.language)?.name ?? home;
    downloadText(fileName, transcriptText(this.title(), this.language, this.session.snapshot().events, agencyName));
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
  send(raw: string): void {
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

  typing(): void {
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
        this.retries = 0;
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
        // Storage is back: send what waits now rather than at the next retry.
        if (frame.status === 'ok') {
          this.retries = 0;
          this.flush();
        }
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
      // The conversation switched language on a confident message: the UI follows the answer's language.
      const language = frame.language && this.config.languages.includes(frame.language) ? frame.language : undefined;
      if (language && language !== this.language) this.setLanguage(language, false);
      this.showTyping(undefined);
      if (!this.open) this.setUnread(this.unread + 1);
    }
  }

  private onError(frame: Extract<ServerFrame, { type: 'error' }>): void {
    if (frame.clientId) {
      this.session.reject(frame.clientId, frame.retryable);
      if (frame.retryable) {
        // Jittered, so widgets that met the same outage do not all resend in the same second.
        clearTimeout(this.retryTimer);
        this.retryTimer = setTimeout(() => this.flush(), reconnectDelay(this.retries++, Math.random, { baseMs: 2_000, capMs: 15_000 }));
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
    renderError(this.view, this.language);
  }

  /** The conversation was deleted: forget it here too, token included. */
  private wipe(): void {
    this.connection.stop();
    this.session.forget();
    this.actions = [];
    this.deleted = true;
    this.speaker.reset();
    this.storage.clear();
    this.list.clear();
    resetEnded(this.view);
    this.post({ swb: 1, type: 'active', active: false });
    this.refresh();
    this.view.input.focus();
  }

  // ── rendering (render.ts) ────────────────────────────────────────────────────────────────────────────
  private refresh(): void {
    renderApp(this.view, this.list, {
      items: this.session.items(),
      language: this.language,
      hasConversation: this.session.hasConversation,
      conversationState: this.session.state,
      lastStatus: this.session.lastStatus,
      deleted: this.deleted,
      privacy: this.config.privacy,
      privacyLevel: this.privacyLevel(),
    });
    this.showSpeaker();
  }

  /** Who is answering now (speaker.ts): the header's title and "via", and the live-region announcement of a change. */
  private showSpeaker(): void {
    const events = this.session.items().flatMap((item) => (item.kind === 'event' ? [item.event] : []));
    const answering = answeringAgency(events, this.config.id);
    const subtitle = this.view.root.querySelector<HTMLElement>('.swb-subtitle');
    if (subtitle) renderSpeakerHeading(this.view.title, subtitle, this.config, this.language, this.title(), answering);
    this.speaker.update(this.config, this.language, answering);
  }

  private showConnection(state: ConnectionState): void {
    renderConnection(this.view, this.language, state, this.session.hasConversation, this.service);
    if (state === 'open') this.flush();
  }

  private showTyping(from: 'bot' | 'operator' | undefined): void {
    clearTimeout(this.typingShown);
    renderTyping(this.view, this.language, from);
    // A lost `active: false` must not leave the indicator on for good.
    if (from) this.typingShown = setTimeout(() => this.showTyping(undefined), 20_000);
  }

  private persist(): void {
    if (this.deleted && !this.session.hasConversation && !this.session.items().length) return;
    this.storage.save({ session: this.session.snapshot() });
  }
}
