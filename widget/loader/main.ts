/**
 * @module widget/loader
 * `widget.js`: the one tag an agency puts on its pages,
 * `<script src="https://switchboard.example/widget.js" data-agency="tax" data-lang="et" async></script>`.
 * It draws a launcher button and opens the chat in an `<iframe>` on the Switchboard origin (taken from the
 * script's own `src`). The conversation lives in the frame; this page only ever learns UI events.
 *
 * Global API (docs/WIDGET.md): `Switchboard.open()`, `.close()`, `.toggle()`, `.setLanguage('en')`,
 * `.on('open' | 'close' | 'unread' | 'ready' | 'language', handler)` → unsubscribe function.
 */
import type { Language } from '../../src/protocol/index.js';
import { isBridgeMessage, type FrameToHost, type HostToFrame } from '../shared/bridge.js';
import { asLanguage, pickLanguage } from '../shared/language.js';
import { LOADER_CSS } from './styles.js';

type EventName = 'open' | 'close' | 'unread' | 'ready' | 'language';
type Handler = (detail?: unknown) => void;

const TEXT: Record<'open' | 'close' | 'unread' | 'frame', Record<Language, string>> = {
  open: { et: 'Ava vestlus', en: 'Open chat', ru: 'Открыть чат', sv: 'Öppna chatten' },
  close: { et: 'Sulge vestlus', en: 'Close chat', ru: 'Закрыть чат', sv: 'Stäng chatten' },
  unread: { et: '{n} lugemata', en: '{n} unread', ru: 'непрочитанных: {n}', sv: '{n} olästa' },
  frame: { et: 'Vestlusaken', en: 'Chat window', ru: 'Окно чата', sv: 'Chattfönster' },
};
const ICON = 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2zm3 5v2h10V9zm0 4v2h7v-2z';

function currentScript(): HTMLScriptElement | null {
  const script = document.currentScript as HTMLScriptElement | null;
  return script?.src ? script : document.querySelector<HTMLScriptElement>('script[src*="/widget.js"][data-agency]');
}

/** Everything one embedded widget knows: its settings, its elements on the host page and its UI state. */
interface Loader {
  /** The Switchboard origin, from the script's own `src`. */
  origin: string;
  agency: string;
  language: Language;
  stateKey: string;
  handlers: Map<EventName, Set<Handler>>;
  host: HTMLDivElement;
  launcher: HTMLButtonElement;
  badge: HTMLSpanElement;
  panel: HTMLDivElement;
  frame?: HTMLIFrameElement;
  /** The frame said `ready`: messages to it are delivered from now on. */
  ready: boolean;
  isOpen: boolean;
  unread: number;
}

function boot(): void {
  const w = window as Window & { Switchboard?: unknown };
  const script = currentScript();
  if (w.Switchboard || !script) return;
  const loader = createLoader(script);
  if (!loader) return;
  const saved = read(loader.stateKey);
  window.addEventListener('message', (event: MessageEvent) => onFrameMessage(loader, event));
  loader.launcher.addEventListener('click', () => toggle(loader));
  const fit = () => fitViewport(loader);
  window.visualViewport?.addEventListener('resize', fit);
  window.visualViewport?.addEventListener('scroll', fit);
  w.Switchboard = publicApi(loader);
  label(loader);
  const mount = () => {
    document.body.append(loader.host);
    // Keep the conversation alive across pages: reload the frame if there is one (unread badge, resume).
    if (saved.open) open(loader, false);
    else if (saved.active) ensureFrame(loader);
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
}

/** Reads the script tag's settings and builds the launcher and panel (in a shadow root); none for a bad agency id. */
function createLoader(script: HTMLScriptElement): Loader | undefined {
  const agency = script.dataset.agency ?? '';
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(agency)) return undefined;
  const language = pickLanguage(script.dataset.lang, document.documentElement.lang, navigator.languages ?? []);
  const host = document.createElement('div');
  host.setAttribute('data-switchboard', agency);
  const root = host.attachShadow({ mode: 'open' });
  adoptStyles(root, LOADER_CSS);
  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'l';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'swb-panel');
  launcher.append(icon());
  const badge = document.createElement('span');
  badge.className = 'b';
  badge.hidden = true;
  badge.setAttribute('aria-hidden', 'true');
  launcher.append(badge);
  const panel = document.createElement('div');
  panel.className = 'p';
  panel.id = 'swb-panel';
  panel.hidden = true;
  root.append(launcher, panel);
  const colour = script.dataset.color ?? '';
  if (/^#[0-9a-f]{6}$/i.test(colour)) host.style.setProperty('--c', colour);
  const origin = new URL(script.src, location.href).origin;
  return { origin, agency, language, stateKey: `switchboard:${agency}`, handlers: new Map(), host, launcher, badge, panel, ready: false, isOpen: false, unread: 0 };
}

function emit(loader: Loader, name: EventName, detail?: unknown): void {
  loader.handlers.get(name)?.forEach((handler) => {
    try {
      handler(detail);
    } catch {
      // a host page handler must not break the widget
    }
  });
}

function post(loader: Loader, message: HostToFrame): void {
  if (loader.ready) loader.frame?.contentWindow?.postMessage(message, loader.origin);
}

/** The launcher's accessible name and the unread badge. */
function label(loader: Loader): void {
  const { isOpen, unread, language } = loader;
  const base = TEXT[isOpen ? 'close' : 'open'][language];
  loader.launcher.setAttribute('aria-label', unread && !isOpen ? `${base}, ${TEXT.unread[language].replace('{n}', String(unread))}` : base);
  loader.badge.textContent = String(unread);
  loader.badge.hidden = !unread || isOpen;
}

function remember(loader: Loader, patch: { open?: boolean; active?: boolean }): void {
  write(loader.stateKey, { ...read(loader.stateKey), ...patch });
}

function ensureFrame(loader: Loader): HTMLIFrameElement {
  if (loader.frame) return loader.frame;
  const frame = document.createElement('iframe');
  loader.frame = frame;
  const query = new URLSearchParams({ agency: loader.agency, lang: loader.language, host: location.origin });
  frame.src = `${loader.origin}/embed?${query}`;
  frame.title = TEXT.frame[loader.language];
  // No top navigation; popups (links) open unsandboxed; storage needs allow-same-origin.
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads');
  loader.panel.append(frame);
  return frame;
}

function fitViewport(loader: Loader): void {
  // On phones the on-screen keyboard shrinks the visual viewport; keep the whole frame (and its input) above it.
  const viewport = window.visualViewport;
  const full = window.matchMedia('(max-width: 480px), (max-height: 520px)').matches;
  loader.panel.style.height = full && viewport ? `${viewport.height}px` : '';
  loader.panel.style.top = full && viewport ? `${viewport.offsetTop}px` : '';
}

function open(loader: Loader, focus = true): void {
  const target = ensureFrame(loader);
  loader.isOpen = true;
  loader.panel.hidden = false;
  loader.launcher.setAttribute('aria-expanded', 'true');
  loader.unread = 0;
  label(loader);
  fitViewport(loader);
  if (focus) target.focus();
  post(loader, { swb: 1, type: 'open', focus });
  remember(loader, { open: true });
  emit(loader, 'open');
}

function close(loader: Loader, refocus = true): void {
  if (!loader.isOpen) return;
  loader.isOpen = false;
  loader.panel.hidden = true;
  loader.launcher.setAttribute('aria-expanded', 'false');
  label(loader);
  post(loader, { swb: 1, type: 'closed' });
  remember(loader, { open: false });
  if (refocus) loader.launcher.focus();
  emit(loader, 'close');
}

function toggle(loader: Loader): void {
  if (loader.isOpen) close(loader);
  else open(loader);
}

/** The frame's UI events: ready, unread count, close, language, conversation active. */
function onFrameMessage(loader: Loader, event: MessageEvent): void {
  const { frame } = loader;
  if (!frame || event.origin !== loader.origin || event.source !== frame.contentWindow) return;
  if (!isBridgeMessage<FrameToHost>(event.data)) return;
  const message = event.data;
  if (message.type === 'ready') {
    loader.ready = true;
    if (typeof message.title === 'string' && message.title) frame.title = `${TEXT.frame[loader.language]}: ${message.title.slice(0, 120)}`;
    // Focus moves into the frame only if the citizen is not busy elsewhere on the page.
    post(loader, loader.isOpen ? { swb: 1, type: 'open', focus: document.activeElement === loader.host } : { swb: 1, type: 'closed' });
    remember(loader, { active: !!message.active });
    emit(loader, 'ready');
  } else if (message.type === 'unread') {
    loader.unread = Math.max(0, Math.min(99, Number(message.count) || 0));
    label(loader);
    emit(loader, 'unread', loader.unread);
  } else if (message.type === 'close') {
    close(loader);
  } else if (message.type === 'language') {
    const next = asLanguage(message.language);
    if (next) {
      loader.language = next;
      label(loader);
      emit(loader, 'language', next);
    }
  } else if (message.type === 'active') {
    remember(loader, { active: !!message.active });
  }
}

/** `window.Switchboard` (docs/WIDGET.md). */
function publicApi(loader: Loader): object {
  const { handlers } = loader;
  return Object.freeze({
    version: 1,
    open: () => open(loader),
    close: () => close(loader, document.activeElement === loader.host),
    toggle: () => toggle(loader),
    setLanguage(next: string) {
      const lang = asLanguage(next);
      if (!lang) return;
      loader.language = lang;
      label(loader);
      post(loader, { swb: 1, type: 'language', language: lang });
    },
    on(name: EventName, handler: Handler) {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name)?.add(handler);
      return () => handlers.get(name)?.delete(handler);
    },
  });
}

function icon(): SVGSVGElement {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', ICON);
  svg.append(path);
  return svg;
}

function adoptStyles(root: ShadowRoot, css: string): void {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = document.createElement('style');
    style.textContent = css;
    root.append(style);
  }
}

function read(key: string): { open?: boolean; active?: boolean } {
  try {
    return JSON.parse(sessionStorage.getItem(key) ?? '{}') as { open?: boolean; active?: boolean };
  } catch {
    return {};
  }
}

function write(key: string, value: object): void {
  try {
    sessionStorage.setItem(key, JSON.stringify(value));
  } catch {
    // storage blocked: the widget just will not reopen itself on the next page
  }
}

boot();
