import type { Language, PrivacyLevel } from '../../src/protocol/index.js';
import { asLanguage } from '../shared/language.js';
import type { View } from './view.js';

/**
 * What the citizen (or the browser) asked for, as the app's intents. events.ts turns DOM events into these
 * calls; purely visual steps (the delete confirmation, the thank-you after rating) happen here.
 */
export interface AppIntents {
  hostMessage(event: MessageEvent): void;
  /** Back online or visible again: reconnect now rather than after the backoff. */
  nudge(): void;
  /** Ask the host page to close the widget. */
  close(): void;
  chooseLanguage(language: Language): void;
  send(text: string): void;
  typing(): void;
  choosePrivacy(level: PrivacyLevel): void;
  requestHuman(): void;
  end(): void;
  downloadTranscript(): void;
  deleteConversation(): void;
  rate(score: number, comment: string): void;
  startNew(): void;
}

export function bindEvents(view: View, app: AppIntents): void {
  bindWindow(app);
  bindHeader(view, app);
  bindComposer(view, app);
  bindTools(view, app);
  bindEnded(view, app);
}

function bindWindow(app: AppIntents): void {
  window.addEventListener('message', (event) => app.hostMessage(event));
  window.addEventListener('online', () => app.nudge());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') app.nudge();
  });
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') app.close();
  });
}

function bindHeader(view: View, app: AppIntents): void {
  view.closeButton.addEventListener('click', () => app.close());
  view.languageSelect.addEventListener('change', () => {
    const language = asLanguage(view.languageSelect.value);
    if (language) app.chooseLanguage(language);
  });
}

function bindComposer(view: View, app: AppIntents): void {
  view.composer.addEventListener('submit', (event) => {
    event.preventDefault();
    app.send(view.input.value);
  });
  view.input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      app.send(view.input.value);
    }
  });
  view.input.addEventListener('input', () => app.typing());
  view.privacyOptions.addEventListener('change', (event) => app.choosePrivacy((event.target as HTMLInputElement).value as PrivacyLevel));
}

function bindTools(view: View, app: AppIntents): void {
  view.humanButton.addEventListener('click', () => app.requestHuman());
  view.endButton.addEventListener('click', () => app.end());
  view.transcriptButton.addEventListener('click', () => app.downloadTranscript());
  view.deleteButton.addEventListener('click', () => {
    view.confirmDelete.hidden = false;
    view.confirmNo.focus();
  });
  view.confirmNo.addEventListener('click', () => {
    view.confirmDelete.hidden = true;
    view.deleteButton.focus();
  });
  view.confirmYes.addEventListener('click', () => {
    view.confirmDelete.hidden = true;
    app.deleteConversation();
  });
}

function bindEnded(view: View, app: AppIntents): void {
  view.rating.addEventListener('submit', (event) => {
    event.preventDefault();
    const score = Number(new FormData(view.rating).get('score'));
    if (!(score >= 1 && score <= 5)) return;
    app.rate(score, view.ratingComment.value.trim());
    view.rating.hidden = true;
    view.thanks.hidden = false;
    view.thanks.focus();
  });
  view.newButton.addEventListener('click', () => app.startNew());
}
