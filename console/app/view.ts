import { el } from './dom.js';

/** The console's static skeleton; `main.ts` fills it. Every control has a visible label. */
export function buildView(root: HTMLElement) {
  const email = el('input', { id: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = el('input', { id: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const signInError = el('p', { id: 'sign-in-error', class: 'error', role: 'alert' });
  const signInForm = el('form', { class: 'sign-in-form' }, [
    el('label', { for: 'email' }, ['E-mail']), email,
    el('label', { for: 'password' }, ['Password']), password,
    el('button', { type: 'submit' }, ['Sign in']),
    signInError,
  ]);
  const signIn = el('section', { id: 'sign-in', 'aria-labelledby': 'sign-in-title' }, [el('h2', { id: 'sign-in-title' }, ['Sign in']), signInForm]);

  const who = el('span', { id: 'who' });
  const availability = el('select', { id: 'availability' }, [el('option', { value: 'online' }, ['Online']), el('option', { value: 'away' }, ['Away'])]);
  const signOut = el('button', { id: 'sign-out', type: 'button' }, ['Sign out']);
  const account = el('div', { class: 'account', hidden: true }, [who, el('label', { for: 'availability' }, ['Availability']), availability, signOut]);
  const header = el('header', { class: 'top' }, [el('h1', {}, ['Switchboard console']), account]);

  const boards = el('nav', { id: 'boards', 'aria-label': 'Queues' });
  const title = el('h2', { id: 'conversation-title' }, ['No conversation open']);
  const meta = el('p', { id: 'conversation-meta', class: 'meta' });
  const claim = el('button', { id: 'claim', type: 'button' }, ['Claim']);
  const giveBack = el('button', { id: 'return', type: 'button' }, ['Return to the bot']);
  const transferTo = el('select', { id: 'transfer-to' });
  const transferNote = el('input', { id: 'transfer-note', type: 'text' });
  const transferForm = el('form', { class: 'inline' }, [
    el('label', { for: 'transfer-to' }, ['Transfer to']), transferTo,
    el('label', { for: 'transfer-note' }, ['Note']), transferNote,
    el('button', { type: 'submit' }, ['Transfer']),
  ]);
  const outcome = el('select', { id: 'outcome' }, ['resolved', 'unresolved', 'referred', 'no_response', 'abusive'].map((value) => el('option', { value }, [value.replace('_', ' ')])));
  const closeForm = el('form', { class: 'inline' }, [el('label', { for: 'outcome' }, ['Outcome']), outcome, el('button', { type: 'submit' }, ['Close'])]);
  const actions = el('div', { class: 'actions', hidden: true }, [claim, giveBack, transferForm, closeForm]);
  const transcript = el('ol', { id: 'transcript', class: 'transcript', 'aria-label': 'Transcript', 'aria-live': 'polite' });
  const presence = el('p', { id: 'presence', class: 'presence', 'aria-live': 'polite' });
  const canned = el('select', { id: 'canned' });
  const reply = el('textarea', { id: 'reply', rows: '3' });
  const replyForm = el('form', { class: 'reply', hidden: true }, [
    el('label', { for: 'canned' }, ['Canned answer']), canned,
    el('label', { for: 'reply' }, ['Reply to the citizen']), reply,
    el('button', { type: 'submit' }, ['Send']),
  ]);
  const decisions = el('tbody');
  const decisionsBox = el('details', { class: 'decisions', hidden: true }, [
    el('summary', {}, ['Routing decisions']),
    el('table', {}, [el('thead', {}, [el('tr', {}, ['Rule', 'Language', 'Top intents', 'Reason'].map((text) => el('th', { scope: 'col' }, [text])))]), decisions]),
  ]);
  const notes = el('ul', { id: 'notes', class: 'notes' });
  const note = el('textarea', { id: 'note', rows: '2' });
  const noteForm = el('form', {}, [el('label', { for: 'note' }, ['Internal note (the citizen never sees it)']), note, el('button', { type: 'submit' }, ['Add note'])]);
  const notesBox = el('section', { class: 'notes-box', 'aria-labelledby': 'notes-title', hidden: true }, [el('h3', { id: 'notes-title' }, ['Internal notes']), notes, noteForm]);
  const conversation = el('section', { id: 'conversation', 'aria-labelledby': 'conversation-title' }, [title, meta, actions, transcript, presence, replyForm, decisionsBox, notesBox]);
  const supervisorBody = el('tbody');
  const supervisor = el('section', { id: 'supervisor', 'aria-labelledby': 'supervisor-title', hidden: true }, [
    el('h2', { id: 'supervisor-title' }, ['Supervisor view']),
    el('table', {}, [el('thead', {}, [el('tr', {}, ['Agency', 'Waiting', 'Longest wait', 'Who holds what'].map((text) => el('th', { scope: 'col' }, [text])))]), supervisorBody]),
  ]);
  const desk = el('div', { id: 'desk', class: 'desk', hidden: true }, [boards, conversation, supervisor]);
  const status = el('p', { id: 'status', class: 'status', role: 'status' });
  root.replaceChildren(header, el('main', {}, [signIn, desk, status]));
  return {
    email, password, signInForm, signInError, signIn, account, who, availability, signOut, desk, boards, title, meta, actions, claim, giveBack,
    transferTo, transferNote, transferForm, outcome, closeForm, transcript, presence, canned, reply, replyForm, decisions, decisionsBox, notes, note,
    noteForm, notesBox, supervisor, supervisorBody, status,
  };
}
export type View = ReturnType<typeof buildView>;
