import type { Language, PrivacyLevel } from '../../src/protocol/index.js';
import { UI_LANGUAGES } from '../shared/language.js';
import { el } from './dom.js';
import { LANGUAGE_NAMES, t, type Strings } from './i18n.js';

/**
 * The frame's static skeleton. Every element whose text depends on the UI language is registered with
 * `label(node, key)` so `applyLanguage` can relabel the whole UI in place when the citizen switches.
 */
export interface View {
  root: HTMLElement;
  title: HTMLHeadingElement;
  languageSelect: HTMLSelectElement;
  closeButton: HTMLButtonElement;
  connection: HTMLParagraphElement;
  status: HTMLParagraphElement;
  log: HTMLDivElement;
  greeting: HTMLDivElement;
  typing: HTMLParagraphElement;
  privacy: HTMLElement;
  privacyNotice: HTMLParagraphElement;
  privacyOptions: HTMLDivElement;
  composer: HTMLFormElement;
  input: HTMLTextAreaElement;
  tools: HTMLDivElement;
  humanButton: HTMLButtonElement;
  endButton: HTMLButtonElement;
  transcriptButton: HTMLButtonElement;
  deleteButton: HTMLButtonElement;
  confirmDelete: HTMLDivElement;
  confirmYes: HTMLButtonElement;
  confirmNo: HTMLButtonElement;
  ended: HTMLElement;
  rating: HTMLFormElement;
  ratingComment: HTMLTextAreaElement;
  thanks: HTMLParagraphElement;
  newButton: HTMLButtonElement;
  applyLanguage(language: Language): void;
  renderPrivacy(language: Language, levels: PrivacyLevel[], days: number, chosen: PrivacyLevel, notice: string | undefined): void;
}

export function buildView(options: { logo?: string; embedded: boolean }): View {
  const labels: Array<[HTMLElement, keyof Strings, string?]> = [];
  /** Registers `node` to take the text (or, with `attr`, the attribute) of `key` in the current language. */
  const label = <T extends HTMLElement>(node: T, key: keyof Strings, attr?: string): T => {
    labels.push([node, key, attr]);
    return node;
  };
  const button = (key: keyof Strings, cls: string) => label(el('button', { type: 'button', class: cls }), key);

  const title = el('h1', { class: 'swb-title', id: 'swb-title' });
  const languageSelect = el('select', { id: 'swb-lang', class: 'swb-lang' }, UI_LANGUAGES.map((code) => el('option', { value: code, lang: code }, [LANGUAGE_NAMES[code]])));
  const closeButton = label(el('button', { type: 'button', class: 'swb-close', hidden: !options.embedded }, [el('span', { 'aria-hidden': 'true' }, ['×'])]), 'close', 'aria-label');
  const header = el('header', { class: 'swb-header' }, [
    options.logo ? el('img', { class: 'swb-logo', src: options.logo, alt: '' }) : undefined,
    el('div', { class: 'swb-heading' }, [title, label(el('p', { class: 'swb-subtitle' }), 'subtitle')]),
    label(el('label', { for: 'swb-lang', class: 'sr-only' }), 'language'),
    languageSelect,
    closeButton,
  ]);

  const connection = el('p', { class: 'swb-connection', role: 'status', hidden: true });
  const status = el('p', { class: 'swb-status', role: 'status', hidden: true });
  const greeting = el('div', { class: 'swb-msg swb-msg--bot' }, [label(el('p', { class: 'swb-text' }), 'greeting')]);
  const log = label(el('div', { class: 'swb-log', role: 'log', 'aria-live': 'polite', tabindex: '0' }, [greeting]), 'log', 'aria-label');
  const typing = el('p', { class: 'swb-typing', hidden: true });

  const privacyNotice = el('p', { class: 'swb-notice', id: 'swb-notice' });
  const privacyOptions = el('div', { class: 'swb-levels' });
  const privacy = el('section', { class: 'swb-privacy', 'aria-labelledby': 'swb-privacy-title' }, [
    label(el('h2', { id: 'swb-privacy-title' }), 'privacyTitle'),
    privacyNotice,
    privacyOptions,
  ]);

  const input = label(el('textarea', { id: 'swb-input', rows: '2', maxlength: '2000', autocomplete: 'off', enterkeyhint: 'send' }), 'placeholder', 'placeholder');
  const composer = el('form', { class: 'swb-composer' }, [
    label(el('label', { for: 'swb-input', class: 'sr-only' }), 'input'),
    input,
    label(el('button', { type: 'submit', class: 'swb-send' }), 'send'),
  ]);

  const humanButton = button('human', 'swb-tool');
  const endButton = button('end', 'swb-tool');
  const transcriptButton = button('transcript', 'swb-tool');
  const deleteButton = button('delete', 'swb-tool swb-danger');
  const confirmYes = button('deleteYes', 'swb-tool swb-danger');
  const confirmNo = button('cancel', 'swb-tool');
  const confirmDelete = el('div', { class: 'swb-confirm', role: 'group', 'aria-labelledby': 'swb-confirm-q', hidden: true }, [
    label(el('p', { id: 'swb-confirm-q' }), 'deleteAsk'),
    confirmYes,
    confirmNo,
  ]);
  const tools = label(el('div', { class: 'swb-tools', role: 'group' }, [humanButton, endButton, transcriptButton, deleteButton]), 'actions', 'aria-label');

  const stars = el('div', { class: 'swb-stars' }, [1, 2, 3, 4, 5].map((n) => {
    const radio = el('input', { type: 'radio', name: 'score', value: String(n), id: `swb-star-${n}`, required: true });
    const text = el('label', { for: `swb-star-${n}` }, [el('span', { 'aria-hidden': 'true' }, [String(n)]), el('span', { class: 'sr-only', 'data-star': String(n) })]);
    return el('span', { class: 'swb-star' }, [radio, text]);
  }));
  const ratingComment = el('textarea', { id: 'swb-comment', rows: '2', maxlength: '1000' });
  const rating = el('form', { class: 'swb-rating' }, [
    el('fieldset', {}, [label(el('legend', {}), 'rateLegend'), stars]),
    label(el('label', { for: 'swb-comment' }), 'comment'),
    ratingComment,
    label(el('button', { type: 'submit', class: 'swb-send' }), 'rateSend'),
  ]);
  const thanks = label(el('p', { class: 'swb-thanks', hidden: true, tabindex: '-1' }), 'thanks');
  const newButton = button('newConversation', 'swb-tool');
  const ended = el('section', { class: 'swb-ended', 'aria-labelledby': 'swb-rate-title', hidden: true }, [
    label(el('h2', { id: 'swb-rate-title' }), 'rateTitle'),
    rating,
    thanks,
    newButton,
  ]);

  const root = el('div', { class: 'swb' }, [
    header,
    el('main', { class: 'swb-body' }, [connection, status, log, typing, privacy, ended]),
    el('footer', { class: 'swb-footer' }, [composer, tools, confirmDelete]),
  ]);

  return {
    root, title, languageSelect, closeButton, connection, status, log, greeting, typing, privacy, privacyNotice,
    privacyOptions, composer, input, tools, humanButton, endButton, transcriptButton, deleteButton, confirmDelete,
    confirmYes, confirmNo, ended, rating, ratingComment, thanks, newButton,
    applyLanguage(language) {
      document.documentElement.lang = language;
      languageSelect.value = language;
      for (const [node, key, attr] of labels) {
        if (attr) node.setAttribute(attr, t(language, key));
        else node.textContent = t(language, key);
      }
      for (const span of stars.querySelectorAll<HTMLElement>('[data-star]')) span.textContent = t(language, 'star', { n: span.dataset.star ?? '' });
    },
    renderPrivacy(language, levels, days, chosen, notice) {
      privacyNotice.textContent = notice ?? '';
      privacyNotice.hidden = !notice;
      const legend = el('legend', {}, [t(language, 'privacyLegend')]);
      const radios = levels.map((level) =>
        el('label', { class: 'swb-level' }, [
          el('input', { type: 'radio', name: 'privacy', value: level, checked: level === chosen }),
          el('span', {}, [t(language, level, { days })]),
        ]),
      );
      privacyOptions.replaceChildren(el('fieldset', {}, [legend, ...radios]));
    },
  };
}
