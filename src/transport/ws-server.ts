import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { AgencyId, MAX_TEXT_LENGTH, OPERATOR_SOCKET_PATH, WIDGET_SOCKET_PATH } from '../protocol/index.js';
import type { IpLimiter } from './citizen-data-routes.js';
import { sameOrigin } from './origin.js';
import { WidgetSession, type WidgetSessionDeps } from './widget-session.js';

/**
 * Frames above this are refused by ws itself (close 1009) before any parsing. A valid frame is at most
 * MAX_TEXT_LENGTH characters of text (4 bytes each in UTF-8, worst case) plus a small envelope.
 */
export const MAX_FRAME_BYTES = MAX_TEXT_LENGTH * 4 + 4096;
const HEARTBEAT_MS = 30_000;


interface LiveSocket extends WebSocket {
  isAlive?: boolean;
}

/**
 * The widget WebSocket endpoint on the HTTP server. `noServer` + our own `upgrade` handler (the ws
 * express-session example's shape): we pick the path before ws does any work.
 */
export function attachWidgetSockets(server: Server, deps: WidgetSessionDeps & { handshakeLimiter?: IpLimiter }): { sessions: Set<WidgetSession>; close(): Promise<void> } {
  // perMessageDeflate off: a zlib context per socket costs ~240 KB against ~7.5 KB without (docs/PERFORMANCE.md),
  // and chat frames are small.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false, clientTracking: true });
  const sessions = new Set<WidgetSession>();

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname !== WIDGET_SOCKET_PATH) {
      // Another socket endpoint on this server (the operators') answers its own path.
      if (url.pathname === OPERATOR_SOCKET_PATH) return;
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    // Browsers open /ws only from the widget frame, which runs on our own origin. Refusing other origins
    // means a script on a host page cannot open its own socket, even with a token it somehow obtained.
    // (Non-browser clients send no Origin; they are not what this guards against.)
    if (!sameOrigin(request)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const upgrade = () => wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
    if (!deps.handshakeLimiter) return upgrade();
    // While the limiter answers, a reset from the client must not become an unhandled 'error' event.
    const ignore = () => undefined;
    socket.on('error', ignore);
    // Handshakes per address: a flood of new sockets is refused before ws does any work.
    deps.handshakeLimiter.consume(request.socket.remoteAddress ?? 'unknown').then(
      (limit) => {
        socket.off('error', ignore);
        if (socket.destroyed) return;
        if (!limit.limited) return upgrade();
        const seconds = Math.max(1, Math.ceil(limit.retryAfterMs / 1000));
        socket.end(`HTTP/1.1 429 Too Many Requests\r\nRetry-After: ${seconds}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      },
      // The limiter's store is down: let the socket in (the backend's own health decides what it can do).
      () => {
        socket.off('error', ignore);
        if (!socket.destroyed) upgrade();
      },
    );
  });

  wss.on('connection', (ws: LiveSocket, request: IncomingMessage) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const agency = AgencyId.safeParse(url.searchParams.get('agency'));
    const logger = deps.logger.child({ connId: randomUUID().slice(0, 8) });
    const session = new WidgetSession(ws, deps, logger, agency.success ? agency.data : undefined);
    sessions.add(session);
    deps.metrics?.connectionOpened();
    ws.isAlive = true;
    ws.on('pong', () => (ws.isAlive = true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        session.rejectBinary();
        return;
      }
      void session.onMessage(data.toString());
    });
    ws.on('error', (error) => logger.debug({ err: error }, 'socket error'));
    ws.on('close', () => {
      sessions.delete(session);
      deps.metrics?.connectionClosed();
      session.onClose();
    });
  });

  const heartbeat = setInterval(() => {
    for (const ws of wss.clients as Set<LiveSocket>) {
      if (ws.isAlive === false) {
        ws.terminate();
        continue;
      }
      ws.isAlive = false;
      ws.ping();
    }
  }, HEARTBEAT_MS);
  heartbeat.unref();

  const stopHealth = deps.delivery.onHealthChange((status) => {
    for (const session of sessions) session.onServiceChange(status);
  });

  return {
    sessions,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(heartbeat);
        stopHealth();
        // 1012 "service restart": the widget reconnects at once (a balancer sends it to another instance)
        // and resumes from its last seq.
        for (const ws of wss.clients) ws.close(1012, 'server restarting');
        wss.close(() => resolve());
      }),
  };
}
