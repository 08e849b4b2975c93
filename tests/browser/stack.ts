/**
 * Test stack for the browser suite: a Switchboard server (127.0.0.1), a cuttable TCP proxy in front of it
 * (the origin the browser sees as "Switchboard"), and a static host site on a different origin
 * (localhost), so the widget really runs cross-origin. Headless Debian Chromium via playwright-core.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import express from 'express';
import { chromium, type Browser } from 'playwright-core';
import { startServer, type RunningServer } from '../../src/server.js';
import { createMemoryBackend, ConversationLog, type Backend } from '../../src/conversations/index.js';
import { createLogger } from '../../src/log/index.js';
import { renderDemoPage, strictHostCsp, DEMO_SITE_CSS } from '../../src/transport/pages/index.js';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

/** A TCP proxy that can drop every connection and refuse new ones, like a network outage. */
export class CuttableProxy {
  private readonly sockets = new Set<Socket>();
  private down = false;
  /** While frozen, bytes from the server are dropped: the server acts, the browser hears nothing. */
  frozen = false;
  private server?: Server;
  port = 0;
  constructor(public upstreamPort: number) {}

  async listen(port = 0): Promise<number> {
    this.server = createServer((client) => {
      if (this.down) {
        client.destroy();
        return;
      }
      const upstream = connect(this.upstreamPort, '127.0.0.1');
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => socket.destroy());
      }
      client.pipe(upstream);
      upstream.on('data', (chunk: Buffer) => {
        if (!this.frozen) client.write(chunk);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    this.port = (this.server!.address() as { port: number }).port;
    return this.port;
  }

  /** Drop all connections; with `stayDown`, refuse new ones until `restore()`. */
  cut(stayDown = true): void {
    this.down = stayDown;
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }

  restore(): void {
    this.down = false;
    this.frozen = false;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

export interface Stack {
  /** What the browser sees as the Switchboard origin (through the proxy). */
  switchboard: string;
  /** The agency's website, a different origin. */
  host: string;
  /** A third origin that is not allowed to embed the widget. */
  stranger: string;
  server: RunningServer;
  backend: Backend;
  conversationLog: ConversationLog;
  proxy: CuttableProxy;
  /** Stop the Switchboard server and start it again on the same backend (the proxy keeps its port). */
  restartServer(): Promise<void>;
  close(): Promise<void>;
}

async function listenHttp(server: HttpServer, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as { port: number }).port;
}

function hostSite(getSwitchboard: () => string): HttpServer {
  const app = express();
  app.get('/site.css', (_req, res) => void res.type('css').send(DEMO_SITE_CSS));
  app.get('/', (req, res) => {
    const lang = typeof req.query.lang === 'string' ? req.query.lang : 'et';
    const agency = typeof req.query.agency === 'string' ? req.query.agency : 'tax';
    res.type('html').send(renderDemoPage({ widgetSrc: `${getSwitchboard()}/widget.js`, agency, lang, siteCss: '/site.css' }));
  });
  app.get('/strict', (_req, res) => {
    res.set('Content-Security-Policy', strictHostCsp(getSwitchboard()));
    res.type('html').send(renderDemoPage({ widgetSrc: `${getSwitchboard()}/widget.js`, agency: 'tax', lang: 'en', siteCss: '/site.css', strict: true }));
  });
  return createHttpServer(app);
}


/** `backend`: a ready backend (a Redis one for fault tests); default in-memory. The stack closes it. */
export async function startStack(options: { backend?: Backend } = {}): Promise<Stack> {
  let switchboard = '';
  const site = hostSite(() => switchboard);
  const sitePort = await listenHttp(site, 'localhost');
  const host = `http://localhost:${sitePort}`;
  const strangerSite = hostSite(() => switchboard);
  const strangerPort = await listenHttp(strangerSite, 'localhost');
  const stranger = `http://localhost:${strangerPort}`;
  const backend = options.backend ?? createMemoryBackend();
  const logger = createLogger({ level: 'silent' });
  const extraFrameAncestors = [host];
  let server = await startServer({ port: 0, backend, logger, extraFrameAncestors });
  const proxy = new CuttableProxy(server.port);
  const proxyPort = await proxy.listen();
  switchboard = `http://127.0.0.1:${proxyPort}`;

  const stack: Stack = {
    switchboard,
    host,
    stranger,
    server,
    backend,
    conversationLog: new ConversationLog(backend.store, backend.bus),
    proxy,
    async restartServer() {
      proxy.cut();
      await server.close();
      server = await startServer({ port: server.port, backend, logger, extraFrameAncestors });
      stack.server = server;
      proxy.upstreamPort = server.port;
      proxy.restore();
    },
    async close() {
      await proxy.close();
      await server.close();
      await backend.close();
      for (const http of [site, strangerSite]) {
        http.closeAllConnections();
        http.close();
      }
    },
  };
  return stack;
}
