import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { OPERATOR_SOCKET_PATH, OperatorClientFrame, toIssues, type OperatorServerFrame } from '../protocol/index.js';
import { SwitchboardError, toSwitchboardError } from '../errors/index.js';
import type { Delivery, OperatorPort, OperatorPrincipal } from '../router/index.js';
import type { Logger } from '../log/index.js';
import { ConversationFeed } from './conversation-feed.js';
import { sessionToken } from './operator-auth.js';
import { sameOrigin } from './origin.js';
import { MAX_FRAME_BYTES } from './ws-server.js';

export interface OperatorSocketDeps {
  operators: OperatorPort;
  delivery: Delivery;
  logger: Logger;
}

const HEARTBEAT_MS = 30_000;
/** Conversations one console may follow at once. */
const MAX_WATCHED = 50;

/**
 * One operator connection: the boards of the agencies they serve (re-read on every `queue:<agency>`
 * notice), the conversations they watch (a `ConversationFeed` each), and commands, every one checked by
 * `OperatorPort` after re-checking the session (a signed-out or re-keyed session is closed with 4401).
 */
export class OperatorSession {
  readonly #feeds = new Map<string, ConversationFeed>();
  readonly #boards: Array<() => void> = [];
  readonly #boardPending = new Set<string>();
  #disconnected?: () => void;
  #closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly deps: OperatorSocketDeps,
    private principal: OperatorPrincipal,
    private readonly token: string,
    private readonly logger: Logger,
  ) {}

  async start(): Promise<void> {
    const { operators, delivery } = this.deps;
    this.#disconnected = await operators.connected(this.principal);
    if (this.#closed) this.#disconnected();
    this.send({ type: 'ready', operator: stripSession(this.principal), availability: await operators.availability(this.principal) });
    for (const agency of this.principal.agencies) {
      this.#boards.push(delivery.subscribe(operators.boardChannel(agency), () => void this.#sendBoard(agency)));
    }
    await delivery.settled().catch(() => undefined);
    await Promise.all(this.principal.agencies.map((agency) => this.#sendBoard(agency)));
  }

  async onMessage(raw: string): Promise<void> {
    let ref: string | undefined;
    try {
      const parsed = OperatorClientFrame.safeParse(safeJson(raw));
      if (!parsed.success) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'the frame is not valid', { issues: toIssues(parsed.error) });
      const frame = parsed.data;
      ref = 'ref' in frame ? frame.ref : undefined;
      this.principal = await this.deps.operators.authenticate(this.token);
      const result = await this.#dispatch(frame);
      if (ref) this.send({ type: 'done', ref, ...(result === undefined ? {} : { result }) });
    } catch (error) {
      const failure = toSwitchboardError(error);
      if (failure.httpStatus >= 500) this.logger.error({ code: failure.code, err: failure }, 'operator frame failed');
      this.send({ type: 'error', ...(ref ? { ref } : {}), code: failure.code, message: failure.message, ...(failure.issues ? { issues: failure.issues } : {}) });
      if (failure.code === 'SWB_ERR_UNAUTHORIZED') this.socket.close(4401, failure.code);
    }
  }

  /** The heartbeat's check: a session that ended elsewhere closes its sockets too. */
  async recheck(): Promise<void> {
    try {
      this.principal = await this.deps.operators.authenticate(this.token);
    } catch (error) {
      const failure = toSwitchboardError(error);
      if (failure.code !== 'SWB_ERR_UNAUTHORIZED') return;
      this.send({ type: 'error', code: failure.code, message: failure.message });
      this.socket.close(4401, failure.code);
    }
  }

  onClose(): void {
    this.#closed = true;
    for (const feed of this.#feeds.values()) feed.close();
    this.#feeds.clear();
    for (const unsubscribe of this.#boards) unsubscribe();
    this.#disconnected?.();
  }

  send(frame: OperatorServerFrame): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }

  async #dispatch(frame: OperatorClientFrame): Promise<unknown> {
    const { operators } = this.deps;
    const p = this.principal;
    switch (frame.type) {
      case 'availability':
        return operators.setAvailability(p, frame.status);
      case 'watch':
        return this.#watch(frame.conversationId);
      case 'unwatch':
        this.#feeds.get(frame.conversationId)?.close();
        this.#feeds.delete(frame.conversationId);
        return undefined;
      case 'typing':
        return operators.typing(p, frame.conversationId, frame.active);
      case 'claim':
        return operators.claim(p, frame.conversationId);
      case 'reply':
        return operators.reply(p, frame.conversationId, { text: frame.text, ...(frame.clientId ? { clientId: frame.clientId } : {}) });
      case 'note':
        return operators.note(p, frame.conversationId, frame.text);
      case 'transfer':
        return operators.transfer(p, frame.conversationId, { to: frame.to, ...(frame.note ? { note: frame.note } : {}) });
      case 'return':
        return operators.returnToBot(p, frame.conversationId);
      case 'close':
        return operators.close(p, frame.conversationId, frame.outcome);
    }
  }

  async #watch(conversationId: string): Promise<void> {
    await this.deps.operators.authorize(this.principal, conversationId);
    if (this.#feeds.has(conversationId)) return;
    if (this.#feeds.size >= MAX_WATCHED) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', `watch at most ${MAX_WATCHED} conversations at once`);
    const feed = new ConversationFeed(
      this.deps.delivery,
      conversationId,
      {
        event: (event) => this.send({ type: 'event', conversationId, event }),
        other: (notice) => {
          if (notice.type === 'typing' && notice.from === 'citizen') this.send({ type: 'typing', conversationId, active: notice.active });
          else if (notice.type === 'notes') void this.#sendNotes(conversationId);
          else if (notice.type === 'deleted') {
            this.send({ type: 'erased', conversationId });
            this.#feeds.get(conversationId)?.close();
            this.#feeds.delete(conversationId);
          }
        },
      },
      this.logger,
    );
    this.#feeds.set(conversationId, feed);
    await feed.start();
    await this.#sendNotes(conversationId);
  }

  async #sendNotes(conversationId: string): Promise<void> {
    try {
      this.send({ type: 'notes', conversationId, notes: await this.deps.operators.notes(this.principal, conversationId) });
    } catch (error) {
      // Transferred to an agency this operator does not serve: stop following it.
      if (toSwitchboardError(error).code === 'SWB_ERR_FORBIDDEN') {
        this.#feeds.get(conversationId)?.close();
        this.#feeds.delete(conversationId);
      }
    }
  }

  /** Re-read one board; notices arriving meanwhile coalesce into one more read. */
  async #sendBoard(agency: string): Promise<void> {
    if (this.#closed) return;
    if (this.#boardPending.has(agency)) return;
    this.#boardPending.add(agency);
    try {
      await Promise.resolve();
      this.#boardPending.delete(agency);
      this.send({ type: 'board', agency, items: await this.deps.operators.board(this.principal, agency) });
    } catch (error) {
      this.#boardPending.delete(agency);
      this.logger.warn({ code: toSwitchboardError(error).code, agency }, 'board read failed');
    }
  }
}

function stripSession({ sessionId: _session, ...profile }: OperatorPrincipal) {
  return profile;
}

function safeJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'frame is not valid JSON');
  }
}

/**
 * The operator WebSocket on the HTTP server, beside the widget's: authenticated at the upgrade (cookie or
 * bearer; 401 otherwise), same-origin only for browsers (no cross-site socket riding on the cookie).
 */
export function attachOperatorSockets(server: Server, deps: OperatorSocketDeps): { close(): Promise<void> } {
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const sessions = new Set<OperatorSession>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== OPERATOR_SOCKET_PATH) return;
    if (!sameOrigin(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const token = sessionToken(request);
    deps.operators.authenticate(token).then(
      (principal) => wss.handleUpgrade(request, socket, head, (ws) => onConnection(ws, principal, token as string)),
      () => socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n'),
    );
  });

  function onConnection(ws: WebSocket & { isAlive?: boolean }, principal: OperatorPrincipal, token: string): void {
    const logger = deps.logger.child({ connId: randomUUID().slice(0, 8), operator: principal.id });
    const session = new OperatorSession(ws, deps, principal, token, logger);
    sessions.add(session);
    ws.isAlive = true;
    ws.on('pong', () => (ws.isAlive = true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) session.send({ type: 'error', code: 'SWB_ERR_PROTOCOL_INVALID', message: 'binary frames are not part of the protocol' });
      else void session.onMessage(data.toString());
    });
    ws.on('error', (error) => logger.debug({ err: error }, 'operator socket error'));
    ws.on('close', () => {
      sessions.delete(session);
      session.onClose();
    });
    session.start().catch((error: unknown) => {
      logger.warn({ code: toSwitchboardError(error).code }, 'operator session start failed');
      ws.close(1011, 'start failed');
    });
  }

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients as Set<WebSocket & { isAlive?: boolean }>) {
      if (ws.isAlive === false) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      ws.ping();
    }
    for (const session of sessions) void session.recheck();
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        for (const ws of wss.clients) ws.close(1001, 'server shutting down');
        wss.close(() => resolve());
      }),
  };
}
