import type { ContactRequest, Language } from '../../src/protocol/index.js';
import { el } from './dom.js';
import { t } from './i18n.js';

let forms = 0;

/**
 * Outside the agency's opening hours the server's notice carries `offer: 'contact_request'`: this form
 * under it sends a `contact` frame (name, e-mail or phone, the question). Labelled fields, no placeholders
 * as labels; the form disappears once sent (the server confirms with a message).
 */
export function contactForm(language: Language, send: (request: ContactRequest) => void): HTMLElement {
  const n = ++forms;
  const field = (key: 'contact_name' | 'contact_email' | 'contact_phone', name: string, type: string, autocomplete: string) => {
    const input = el('input', { id: `swb-c${n}-${name}`, name, type, autocomplete });
    return { input, row: el('p', {}, [el('label', { for: input.id }, [t(language, key)]), input]) };
  };
  const name = field('contact_name', 'name', 'text', 'name');
  const email = field('contact_email', 'email', 'email', 'email');
  const phone = field('contact_phone', 'phone', 'tel', 'tel');
  const question = el('textarea', { id: `swb-c${n}-question`, name: 'question', rows: '3' });
  const error = el('p', { class: 'swb-contact-error', role: 'alert' });
  const form = el('form', { class: 'swb-contact' }, [
    el('fieldset', {}, [
      el('legend', {}, [t(language, 'contact_legend')]),
      name.row, email.row, phone.row,
      el('p', {}, [el('label', { for: question.id }, [t(language, 'contact_question')]), question]),
      error,
      el('button', { type: 'submit', class: 'swb-choice' }, [t(language, 'contact_send')]),
    ]),
  ]);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = (input: HTMLInputElement | HTMLTextAreaElement) => input.value.trim() || undefined;
    const request = { name: value(name.input), email: value(email.input), phone: value(phone.input), question: value(question) };
    if (!request.name || !request.question || !(request.email || request.phone)) {
      error.textContent = t(language, 'contact_missing');
      return;
    }
    send(Object.fromEntries(Object.entries(request).filter(([, v]) => v !== undefined)) as ContactRequest);
    form.remove();
  });
  return form;
}
