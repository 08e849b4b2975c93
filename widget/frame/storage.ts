import type { Language } from '../../src/protocol/index.js';
import type { SessionSnapshot } from './session.js';

/**
 * Where the frame keeps its conversation: `sessionStorage` of the Switchboard origin (partitioned per
 * embedding site by the browser). Session storage survives reloads and navigation within the tab, which
 * is what resuming needs, and is gone when the tab closes, so a shared or library computer does not hand
 * the next person someone else's conversation. When storage is blocked the frame still works, in memory.
 */
export interface Saved {
  session?: SessionSnapshot;
  language?: Language;
}

export class FrameStorage {
  private memory: Saved = {};
  constructor(private readonly key: string) {}

  load(): Saved {
    try {
      const raw = window.sessionStorage.getItem(this.key);
      if (raw) this.memory = JSON.parse(raw) as Saved;
    } catch {
      // blocked or corrupt: start empty
    }
    return this.memory;
  }

  save(patch: Saved): void {
    this.memory = { ...this.memory, ...patch };
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(this.memory));
    } catch {
      // quota or blocked: the memory copy still serves this page
    }
  }

  clear(): void {
    this.memory = { language: this.memory.language };
    try {
      window.sessionStorage.setItem(this.key, JSON.stringify(this.memory));
    } catch {
      // ignore
    }
  }
}
