import type { CannedAnswer, Colleague, ConversationDetail, ConversationEvent, HandoverItem, OperatorNote, OperatorProfile, OperatorServerFrame, SupervisorView } from '../../src/protocol/index.js';
import { call, OperatorSocket } from './api.js';
import { el, minutesSince } from './dom.js';
import { buildView } from './view.js';

/**
 * The operator console: sign in, boards of one's agencies (live), one open conversation with its transcript
 * (live), routing decisions and notes; claim, reply, transfer, return to the bot, close.
 */
const view = buildView(document.getElementById('console') as HTMLElement);
let me: OperatorProfile | undefined;
const boards = new Map<string, HandoverItem[]>();
let openId: string | undefined;
let events = new Map<number, ConversationEvent>();
let canned: CannedAnswer[] = [];
let agencies: Array<{ id: string; name: Record<string, string> }> | undefined;
let typingTimer: ReturnType<typeof setTimeout> | undefined;
let typingSent = false;

const socket = new OperatorSocket(onFrame, (state) => {
  if (state === 'signed-out') void signedOut('Your session has ended. Sign in again.');
  else view.status.textContent = state === 'open' ? '' : 'Connection lost; reconnecting…';
});

function say(text: string): void {
  view.status.textContent = text;
}

async function fail(action: Promise<unknown>): Promise<void> {
  try {
    await action;
  } catch (error) {
    say((error as Error).message);
  }
}

view.signInForm.addEventListener('submit', (event) => {
  event.preventDefault();
  view.signInError.textContent = '';
  call<{ operator: OperatorProfile }>('POST', '/api/operators/session', { email: view.email.value, password: view.password.value }).then(
    ({ operator }) => {
      view.password.value = '';
      signedIn(operator);
    },
    (error: Error) => (view.signInError.textContent = error.message),
  );
});

view.signOut.addEventListener('click', () => void call('DELETE', '/api/operators/session').finally(() => signedOut('Signed out.')));
view.availability.addEventListener('change', () => void fail(socket.command({ type: 'availability', status: view.availability.value as 'online' | 'away' })));
view.claim.addEventListener('click', () => openId && void fail(socket.command({ type: 'claim', conversationId: openId }).then(() => refreshOpen())));
view.giveBack.addEventListener('click', () => openId && void fail(socket.command({ type: 'return', conversationId: openId }).then(() => refreshOpen())));
view.transferForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const [kind, id] = view.transferTo.value.split(':');
  if (!openId || !id) return;
  const to = kind === 'agency' ? { agency: id } : { operatorId: id };
  const note = view.transferNote.value.trim();
  void fail(socket.command({ type: 'transfer', conversationId: openId, to, ...(note ? { note } : {}) }).then(() => {
    view.transferNote.value = '';
    return refreshOpen();
  }));
});
view.closeForm.addEventListener('submit', (event) => {
  event.preventDefault();
  if (openId) void fail(socket.command({ type: 'close', conversationId: openId, outcome: view.outcome.value as 'resolved' }).then(() => refreshOpen()));
});
view.replyForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.reply.value.trim();
  if (!openId || !text) return;
  void fail(socket.command({ type: 'reply', conversationId: openId, text, clientId: crypto.randomUUID() }).then(() => {
    view.reply.value = '';
    stopTyping();
  }));
});
view.reply.addEventListener('input', () => {
  if (!openId) return;
  if (!typingSent) socket.send({ type: 'typing', conversationId: openId, active: true });
  typingSent = true;
  clearTimeout(typingTimer);
  typingTimer = setTimeout(stopTyping, 3000);
});
view.canned.addEventListener('change', () => {
  const answer = canned.find((entry) => entry.id === view.canned.value);
  const language = (openItem()?.language ?? 'en') as 'en';
  if (answer) view.reply.value = answer.text[language] ?? Object.values(answer.text)[0] ?? '';
  view.canned.value = '';
  view.reply.focus();
});
view.noteForm.addEventListener('submit', (event) => {
  event.preventDefault();
  const text = view.note.value.trim();
  if (openId && text) void fail(socket.command({ type: 'note', conversationId: openId, text }).then(() => (view.note.value = '')));
});

function stopTyping(): void {
  clearTimeout(typingTimer);
  if (typingSent && openId) socket.send({ type: 'typing', conversationId: openId, active: false });
  typingSent = false;
}

function signedIn(operator: OperatorProfile): void {
  me = operator;
  view.signIn.hidden = true;
  view.account.hidden = false;
  view.desk.hidden = false;
  view.who.textContent = `${operator.name} (${operator.role}: ${operator.agencies.join(', ')})`;
  view.supervisor.hidden = operator.role !== 'supervisor';
  socket.start();
}

async function signedOut(message: string): Promise<void> {
  socket.stop();
  me = undefined;
  openId = undefined;
  boards.clear();
  view.signIn.hidden = false;
  view.account.hidden = true;
  view.desk.hidden = true;
  say(message);
}

function onFrame(frame: OperatorServerFrame): void {
  switch (frame.type) {
    case 'ready':
      view.availability.value = frame.availability;
      if (openId) socket.send({ type: 'watch', conversationId: openId });
      break;
    case 'board':
      boards.set(frame.agency, frame.items);
      renderBoards();
      if (openId && frame.items.some((item) => item.conversationId === openId)) renderOpenState();
      if (me?.role === 'supervisor') void call<SupervisorView>('GET', '/api/operators/supervisor').then(renderSupervisor, () => undefined);
      break;
    case 'event':
      if (frame.conversationId !== openId) break;
      events.set(frame.event.seq, frame.event);
      renderTranscript();
      break;
    case 'typing':
      if (frame.conversationId === openId) view.presence.textContent = frame.active ? 'The citizen is typing…' : '';
      break;
    case 'notes':
      if (frame.conversationId === openId) renderNotes(frame.notes);
      break;
    case 'erased':
      if (frame.conversationId !== openId) break;
      // The citizen erased it: show that plainly, and drop what this page still holds of it.
      events.clear();
      renderTranscript();
      view.meta.textContent = 'Erased by the citizen. Nothing of this conversation is kept.';
      view.claim.hidden = true;
      view.closeForm.hidden = true;
      say('The citizen erased this conversation.');
      break;
    case 'error':
      say(frame.message);
      break;
  }
}

function openItem(): HandoverItem | undefined {
  for (const items of boards.values()) {
    const found = items.find((item) => item.conversationId === openId);
    if (found) return found;
  }
  return undefined;
}

function renderBoards(): void {
  // Re-rendering must not take the keyboard focus away from the item it was on.
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.id;
  const sections = [...boards.entries()].map(([agency, items]) => {
    const active = items.filter((item) => item.state !== 'returned' && item.state !== 'closed');
    const done = items.filter((item) => item.state === 'returned' || item.state === 'closed').slice(0, 10);
    const entry = (item: HandoverItem) =>
      el('li', {}, [
        el('button', { type: 'button', class: `item item--${item.state}`, 'data-id': item.conversationId, 'aria-current': item.conversationId === openId ? 'true' : undefined }, [
          el('span', { class: 'item-state' }, [item.state === 'queued' ? `#${item.position ?? '?'} waiting ${minutesSince(item.queuedAt)}` : item.state === 'claimed' ? `with ${item.holder?.name ?? '?'}` : item.state]),
          el('span', { class: 'item-reason' }, [`${item.language} · ${item.reason}`]),
        ]),
      ]);
    return el('section', { class: 'board', 'aria-labelledby': `board-${agency}` }, [
      el('h2', { id: `board-${agency}` }, [`${agency}: ${active.filter((item) => item.state === 'queued').length} waiting`]),
      active.length ? el('ul', {}, active.map(entry)) : el('p', { class: 'empty' }, ['Nobody is waiting.']),
      done.length ? el('h3', {}, ['Recently finished']) : undefined,
      done.length ? el('ul', {}, done.map(entry)) : undefined,
    ]);
  });
  view.boards.replaceChildren(...sections);
  for (const button of view.boards.querySelectorAll<HTMLButtonElement>('button[data-id]')) {
    button.addEventListener('click', () => void open(button.dataset.id as string));
    if (focused && button.dataset.id === focused) button.focus();
  }
}

// Waiting times move on between board changes.
setInterval(() => me && renderBoards(), 30_000);

async function open(conversationId: string): Promise<void> {
  if (openId && openId !== conversationId) {
    stopTyping();
    socket.send({ type: 'unwatch', conversationId: openId });
  }
  openId = conversationId;
  events = new Map();
  view.transcript.replaceChildren();
  view.presence.textContent = '';
  renderBoards();
  await fail(refreshOpen());
  socket.send({ type: 'watch', conversationId });
}

async function refreshOpen(): Promise<void> {
  if (!openId) return;
  const detail = await call<ConversationDetail>('GET', `/api/operators/conversations/${encodeURIComponent(openId)}`);
  for (const event of detail.transcript) events.set(event.seq, event);
  renderTranscript();
  renderNotes(detail.notes);
  renderDecisions(detail);
  const agency = detail.item.agency;
  canned = (await call<{ answers: CannedAnswer[] }>('GET', `/api/operators/agencies/${agency}/canned`)).answers;
  view.canned.replaceChildren(el('option', { value: '' }, ['Choose…']), ...canned.map((answer) => el('option', { value: answer.id }, [answer.title])));
  agencies ??= (await call<{ agencies: Array<{ id: string; name: Record<string, string> }> }>('GET', '/api/agencies')).agencies;
  const colleagues = (await call<{ operators: Colleague[] }>('GET', `/api/operators/agencies/${agency}/operators`)).operators.filter(({ id }) => id !== me?.id);
  view.transferTo.replaceChildren(
    ...colleagues.map(({ id, name, availability }) => el('option', { value: `operator:${id}` }, [`${name} (${availability})`])),
    ...agencies.filter(({ id }) => id !== agency).map(({ id, name }) => el('option', { value: `agency:${id}` }, [`${name.en ?? Object.values(name)[0] ?? id} (queue)`])),
  );
  renderOpenState(detail.item);
}

function renderOpenState(item = openItem()): void {
  if (!item) return;
  const mine = item.state === 'claimed' && item.holder?.id === me?.id;
  view.title.textContent = `Conversation ${item.conversationId.slice(0, 8)} (${item.agency})`;
  view.meta.textContent = `${item.state === 'queued' ? `Waiting, #${item.position ?? '?'}` : item.state === 'claimed' ? `With ${item.holder?.name ?? '?'}` : item.state} · language ${item.language} · ${item.reason}${item.outcome ? ` · outcome ${item.outcome}` : ''}`;
  view.actions.hidden = false;
  view.claim.hidden = item.state !== 'queued';
  view.giveBack.hidden = !mine;
  view.transferForm.hidden = !mine;
  view.closeForm.hidden = !(mine || item.state === 'queued');
  view.replyForm.hidden = !mine;
  view.notesBox.hidden = false;
  view.decisionsBox.hidden = false;
}

function renderTranscript(): void {
  const ordered = [...events.values()].sort((a, b) => a.seq - b.seq);
  view.transcript.replaceChildren(
    ...ordered.map((event) =>
      event.type === 'message'
        ? el('li', { class: `line line--${event.from}` }, [el('span', { class: 'line-who' }, [event.from === 'operator' ? `${event.operatorName ?? 'operator'}` : event.from === 'bot' ? `bot${event.agency ? ` (${event.agency})` : ''}` : event.from]), ' ', el('span', { class: 'line-text' }, [event.text])])
        : el('li', { class: 'line line--status' }, [`— ${event.state.replace('_', ' ')}${event.queuePosition ? ` #${event.queuePosition}` : ''}${event.operatorName ? `: ${event.operatorName}` : ''}${event.reason ? ` (${event.reason})` : ''}`]),
    ),
  );
  view.transcript.lastElementChild?.scrollIntoView({ block: 'nearest' });
}

function renderNotes(notes: OperatorNote[]): void {
  view.notes.replaceChildren(...notes.map((note) => el('li', {}, [el('strong', {}, [note.author.name]), ` ${new Date(note.at).toLocaleTimeString()}: `, note.text])));
}

function renderDecisions(detail: ConversationDetail): void {
  view.decisions.replaceChildren(
    ...detail.decisions.map((decision) =>
      el('tr', {}, [
        el('td', {}, [decision.rule]),
        el('td', {}, [decision.language]),
        el('td', {}, [decision.top.map((entry) => `${entry.intent} ${entry.score.toFixed(2)}`).join(', ')]),
        el('td', {}, [decision.reason]),
      ]),
    ),
  );
}

function renderSupervisor(supervisor: SupervisorView): void {
  view.supervisorBody.replaceChildren(
    ...supervisor.agencies.map((row) =>
      el('tr', {}, [
        el('th', { scope: 'row' }, [row.agency]),
        el('td', {}, [String(row.queueLength)]),
        el('td', {}, [`${Math.round(row.longestWaitMs / 1000)} s`]),
        el('td', {}, [row.holders.map((holder) => `${holder.name} (${holder.availability}): ${holder.conversations.length}`).join('; ')]),
      ]),
    ),
  );
}

// A session cookie from earlier: pick up where we were.
call<{ operator: OperatorProfile }>('GET', '/api/operators/me').then(
  ({ operator }) => signedIn(operator),
  () => undefined,
);
