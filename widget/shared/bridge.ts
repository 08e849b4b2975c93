import type { Language } from '../../src/protocol/index.js';

/**
 * What the loader (host page) and the frame say to each other with postMessage. Only UI events cross;
 * message text never does. Both sides post with an exact target origin and check `origin` and `source`.
 */
export type FrameToHost =
  | { swb: 1; type: 'ready'; title: string; active: boolean }
  | { swb: 1; type: 'unread'; count: number }
  | { swb: 1; type: 'close' }
  | { swb: 1; type: 'language'; language: Language }
  /** Whether a conversation exists, so the loader keeps the frame loaded on the next page. */
  | { swb: 1; type: 'active'; active: boolean };

export type HostToFrame =
  /** The panel is visible; `focus`: the citizen opened it, move focus to the input. */
  | { swb: 1; type: 'open'; focus: boolean }
  | { swb: 1; type: 'closed' }
  | { swb: 1; type: 'language'; language: Language };

export function isBridgeMessage<T extends { type: string }>(data: unknown): data is T {
  return !!data && typeof data === 'object' && (data as { swb?: unknown }).swb === 1 && typeof (data as { type?: unknown }).type === 'string';
}
