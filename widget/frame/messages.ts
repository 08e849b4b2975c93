import type { ContactRequest, Language } from '../../src/protocol/index.js';
import { contactForm } from './contact-form.js';
import { el } from './dom.js';
import { t } from './i18n.js';
import { linkify } from './linkify.js';
import type { LogItem } from './session.js';
import { type AgencyLabel, markSpeaker } from './speaker.js';

/**
 * Keeps the log's DOM in step with `session.items()`: one node per key, created once and updated in place,
 * so the polite live region announces each new message once (a pending bubble becomes the stored message
 * without being re-added). Quick replies are shown on the latest message only.
 */
export class MessageList {
  private readonly nodes = new Map<string, HTMLElement>();

  constructor(
    private readonly log: HTMLElement,
    private readonly anchor: HTMLElement,
    private readonly onChoice: (value: string) => void,
    private readonly onRetry: (clientId: string) => void,
    /** The name and colour of the agency a bot message names (speaker.ts); none: the generic "Assistant". */
    private readonly agencyOf: (agency: string | undefined, language: Language) => AgencyLabel | undefined = () => undefined,
    private readonly onContact?: (request: ContactRequest) => void,
  ) {}

  render(items: LogItem[], language: Language): void {
    const keep = new Set(items.map((item) => item.key));
    for (const [key, node] of this.nodes) {
      if (!keep.has(key)) {
        node.remove();
        this.nodes.delete(key);
      }
    }
    let cursor: HTMLElement = this.anchor;
    let added = false;
    items.forEach((item, index) => {
      let node = this.nodes.get(item.key);
      const fresh = !node;
      added ||= fresh;
      if (!node) {
        node = el('div');
        this.nodes.set(item.key, node);
      }
      this.update(node, item, language, index === items.length - 1, fresh);
      if (cursor.nextSibling !== node) this.log.insertBefore(node, cursor.nextSibling);
      cursor = node;
    });
    if (added) this.reveal(cursor);
  }

  /** Scroll to the newest message; a long one is shown from its first line rather than its last. */
  private reveal(last: HTMLElement): void {
    const scroller = this.log.parentElement;
    if (!scroller) return;
    scroller.scrollTop = last.offsetHeight > scroller.clientHeight * 0.8 ? last.offsetTop - 8 : scroller.scrollHeight;
  }

  clear(): void {
    for (const node of this.nodes.values()) node.remove();
    this.nodes.clear();
  }

  private update(node: HTMLElement, item: LogItem, language: Language, latest: boolean, fresh: boolean): void {
    if (item.kind === 'event' && item.event.type === 'status') {
      node.className = 'swb-note';
      const text = statusNote(item.event, language);
      if (node.textContent !== text) node.textContent = text;
      return;
    }
    const message = item.kind === 'event' && item.event.type === 'message' ? item.event : undefined;
    const from = message?.from ?? 'citizen';
    const text = message?.text ?? (item.kind === 'pending' ? item.item.text : '');
    node.className = `swb-msg swb-msg--${from}${item.kind === 'pending' ? ' swb-msg--pending' : ''}`;
    const agency = from === 'bot' ? this.agencyOf(message?.agency, language) : undefined;
    markSpeaker(node, agency);
    const who = agency ? agency.name : from === 'citizen' ? t(language, 'you') : from === 'operator' && message?.operatorName ? message.operatorName : t(language, from);
    // Text and links are rebuilt only when the node is new: updates must not re-announce the message.
    if (fresh) {
      node.append(
        el('p', { class: 'swb-who' }, [who]),
        el('p', { class: 'swb-text' }, linkify(text).map((part) =>
          part.kind === 'text'
            ? part.text
            : el('a', { href: part.href, target: '_blank', rel: 'noopener noreferrer' }, [part.text, el('span', { class: 'sr-only' }, [` ${t(language, 'newWindow')}`])]),
        )),
      );
    } else if (node.firstChild && node.firstChild.textContent !== who) {
      node.firstChild.textContent = who;
    }
    const state = item.kind === 'pending' ? (item.item.failed ? 'failed' : 'sending') : '';
    const meta = node.querySelector<HTMLElement>('.swb-meta');
    if ((meta?.dataset.state ?? '') !== state) {
      meta?.remove();
      if (item.kind === 'pending') node.append(this.meta(item.item.clientId, !!item.item.failed, language));
    }
    if (fresh && latest && message?.offer === 'contact_request' && this.onContact) node.append(contactForm(language, this.onContact));
    const wantChoices = latest && !!message?.choices?.length && message.from !== 'citizen';
    const choices = node.querySelector('.swb-choices');
    if (!wantChoices) choices?.remove();
    else if (!choices && message?.choices) {
      const group = el('div', { class: 'swb-choices', role: 'group', 'aria-label': t(language, 'choices') });
      for (const choice of message.choices) {
        const chip = el('button', { type: 'button', class: 'swb-choice' }, [choice.label]);
        chip.addEventListener('click', () => this.onChoice(choice.value));
        group.append(chip);
      }
      node.append(group);
    }
  }

  private meta(clientId: string, failed: boolean, language: Language): HTMLElement {
    const meta = el('p', { class: 'swb-meta', 'data-state': failed ? 'failed' : 'sending' }, [t(language, failed ? 'failed' : 'sending')]);
    if (failed) {
      const retry = el('button', { type: 'button', class: 'swb-link' }, [t(language, 'retry')]);
      retry.addEventListener('click', () => this.onRetry(clientId));
      meta.append(' ', retry);
    }
    return meta;
  }
}

/** Who the citizen talks to now, at every change: the bot, the queue (with their place), or an operator by first name. */
function statusNote(event: { state: string; operatorName?: string; queuePosition?: number }, language: Language): string {
  if (event.state === 'with_operator' && event.operatorName) return t(language, 'state_with_named_operator', { name: event.operatorName });
  if (event.state === 'waiting_human') return `${t(language, 'state_waiting_human')}${event.queuePosition ? ` ${t(language, 'queue', { n: event.queuePosition })}` : ''}`;
  return t(language, `state_${event.state}` as 'state_bot');
}
