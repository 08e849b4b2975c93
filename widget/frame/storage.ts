import type { Language } from '../../src/protocol/index.js';
import type { SessionSnapshot } from './session.js';

/**
 * Where the frame keeps its conversation, on the Switchboard origin only (never on the host page).
 *
 * First choice: `sessionStorage` (partitioned per embedding site by the browser). It survives reloads and
 * navigation within the tab, which resuming needs, and is gone when the tab closes, so a shared computer
 * does not hand the next person someone else's conversation.
 *
 * Browsers that block third-party storage (Safari, Chrome with third-party cookies blocked) throw on
 * `sessionStorage` in a cross-site frame. Then the frame keeps just the resume handle (token, privacy
 * level, language) in a partitioned session cookie (CHIPS: `Partitioned; Secure; SameSite=None`, path
 * /embed), which those browsers still allow; the log is replayed from the server on resume. Unsent
 * messages then live in memory only. When even that fails, the frame works for the page's lifetime.
 */
export interface Saved {
  session?: SessionSnapshot;
  language?: Language;
}

const COOKIE_PATH = '/embed';

export class FrameStorage {
  private memory: Saved = {};
  private readonly mode: 'session' | 'cookie';

  constructor(private readonly key: string) {
    this.mode = sessionStorageWorks() ? 'session' : 'cookie';
  }

  get kind(): 'session' | 'cookie' {
    return this.mode;
  }

  load(): Saved {
    try {
      const raw = this.mode === 'session' ? window.sessionStorage.getItem(this.key) : readCookie(this.cookieName);
      if (raw) this.memory = JSON.parse(raw) as Saved;
    } catch {
      // corrupt: start empty
    }
    return this.memory;
  }

  save(patch: Saved): void {
    this.memory = { ...this.memory, ...patch };
    this.write(this.memory);
  }

  clear(): void {
    this.memory = { language: this.memory.language };
    this.write(this.memory);
  }

  private get cookieName(): string {
    return this.key.replace(/[^a-z0-9_-]/gi, '_');
  }

  private write(saved: Saved): void {
    try {
      if (this.mode === 'session') {
        window.sessionStorage.setItem(this.key, JSON.stringify(saved));
        return;
      }
      const session = saved.session;
      const handle: Saved = {
        language: saved.language,
        ...(session ? { session: { token: session.token, conversationId: session.conversationId, privacyLevel: session.privacyLevel, events: [], outbox: [] } } : {}),
      };
      // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is missing in the widget's Firefox and Safari targets
      document.cookie = `${this.cookieName}=${encodeURIComponent(JSON.stringify(handle))}; Path=${COOKIE_PATH}; Secure; SameSite=None; Partitioned`;
    } catch {
      // quota or blocked: the memory copy still serves this page
    }
  }
}

function sessionStorageWorks(): boolean {
  try {
    const probe = '__swb__';
    window.sessionStorage.setItem(probe, '1');
    window.sessionStorage.removeItem(probe);
    return true;
  } catch {
    return false;
  }
}

function readCookie(name: string): string | undefined {
  const entry = document.cookie.split('; ').find((part) => part.startsWith(`${name}=`));
  return entry ? decodeURIComponent(entry.slice(name.length + 1)) : undefined;
}
