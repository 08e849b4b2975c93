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

function boot(): void {
  const w = window as Window & { Switchboard?: unknown };
  const script = currentScript();
  if (w.Switchboard || !script) return;
  const origin = new URL(script.src, location.href).origin;
  const agency = script.dataset.agency ?? '';
  if (!/^[a-z][a-z0-9-]{1,31}$/.test(agency)) return;
  let language = pickLanguage(script.dataset.lang, document.documentElement.lang, navigator.languages ?? []);
  const stateKey = `switchboard:${agency}`;
  const saved = read(stateKey);
  const handlers = new Map<EventName, Set<Handler>>();
  let frame: HTMLIFrameElement | undefined;
  let ready = false;
  let isOpen = false;
  let unread = 0;

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

  const emit = (name: EventName, detail?: unknown) => handlers.get(name)?.forEach((handler) => {
    try {
      handler(detail);
    } catch {
      // a host page handler must not break the widget
    }
  });
  const post = (message: HostToFrame) => {
    if (ready) frame?.contentWindow?.postMessage(message, origin);
  };
  const label = () => {
    const base = TEXT[isOpen ? 'close' : 'open'][language];
    launcher.setAttribute('aria-label', unread && !isOpen ? `${base}, ${TEXT.unread[language].replace('{n}', String(unread))}` : base);
    badge.textContent = String(unread);
    badge.hidden = !unread || isOpen;
  };
  const remember = (patch: { open?: boolean; active?: boolean }) => write(stateKey, { ...read(stateKey), ...patch });

  const ensureFrame = (): HTMLIFrameElement => {
    if (frame) return frame;
    frame = document.createElement('iframe');
    const query = new URLSearchParams({ agency, lang: language, host: location.origin });
    frame.src = `${origin}/embed?${query}`;
    frame.title = TEXT.frame[language];
    // No top navigation; popups (links) open unsandboxed; storage needs allow-same-origin.
    frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads');
    panel.append(frame);
    return frame;
  };

  const fitViewport = () => {
    // On phones the on-screen keyboard shrinks the visual viewport; keep the whole frame (and its input) above it.
    const viewport = window.visualViewport;
    const full = window.matchMedia('(max-width: 480px), (max-height: 520px)').matches;
    panel.style.height = full && viewport ? `${viewport.height}px` : '';
    panel.style.top = full && viewport ? `${viewport.offsetTop}px` : '';
  };

  const open = (focus = true) => {
    const target = ensureFrame();
    isOpen = true;
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    unread = 0;
    label();
    fitViewport();
    if (focus) target.focus();
    post({ swb: 1, type: 'open', focus });
    remember({ open: true });
    emit('open');
  };
  const close = (refocus = true) => {
    if (!isOpen) return;
    isOpen = false;
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    label();
    post({ swb: 1, type: 'closed' });
    remember({ open: false });
    if (refocus) launcher.focus();
    emit('close');
  };

  window.addEventListener('message', (event: MessageEvent) => {
    if (!frame || event.origin !== origin || event.source !== frame.contentWindow) return;
    if (!isBridgeMessage<FrameToHost>(event.data)) return;
    const message = event.data;
    if (message.type === 'ready') {
      ready = true;
      if (typeof message.title === 'string' && message.title) frame.title = `${TEXT.frame[language]}: ${message.title.slice(0, 120)}`;
      // Focus moves into the frame only if the citizen is not busy elsewhere on the page.
      post(isOpen ? { swb: 1, type: 'open', focus: document.activeElement === host } : { swb: 1, type: 'closed' });
      remember({ active: !!message.active });
      emit('ready');
    } else if (message.type === 'unread') {
      unread = Math.max(0, Math.min(99, Number(message.count) || 0));
      label();
      emit('unread', unread);
    } else if (message.type === 'close') {
      close();
    } else if (message.type === 'language') {
      const next = asLanguage(message.language);
      if (next) {
        language = next;
        label();
        emit('language', next);
      }
    } else if (message.type === 'active') {
      remember({ active: !!message.active });
    }
  });
  launcher.addEventListener('click', () => (isOpen ? close() : open()));
  window.visualViewport?.addEventListener('resize', fitViewport);
  window.visualViewport?.addEventListener('scroll', fitViewport);

  w.Switchboard = Object.freeze({
    version: 1,
    open: () => open(),
    close: () => close(document.activeElement === host),
    toggle: () => (isOpen ? close() : open()),
    setLanguage(next: string) {
      const lang = asLanguage(next);
      if (!lang) return;
      language = lang;
      label();
      post({ swb: 1, type: 'language', language: lang });
    },
    on(name: EventName, handler: Handler) {
      if (!handlers.has(name)) handlers.set(name, new Set());
      handlers.get(name)?.add(handler);
      return () => handlers.get(name)?.delete(handler);
    },
  });

  label();
  const mount = () => {
    document.body.append(host);
    // Keep the conversation alive across pages: reload the frame if there is one (unread badge, resume).
    if (saved.open) open(false);
    else if (saved.active) ensureFrame();
  };
  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
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
