import { createHash } from 'node:crypto';
import express, { type Request, type RequestHandler, type Response } from 'express';
import type { z } from 'zod';
import {
  AvailabilityRequest,
  CloseRequest,
  NewAccountRequest,
  NoteRequest,
  PasswordRequest,
  ReplyRequest,
  SignInRequest,
  TransferRequest,
  toIssues,
} from '../protocol/index.js';
import { z as zod } from 'zod';
import type { OperatorPort, OperatorPrincipal } from '../router/index.js';
import { SwitchboardError } from '../errors/index.js';
import { clearedSessionCookie, sessionCookie, sessionToken, usesCookie } from './operator-auth.js';
import { sameOrigin } from './origin.js';
import { renderConsolePage } from './pages/index.js';

/** The built console: its script and style sheet (built by `server.ts`). */
export interface ConsoleAssets {
  app: string;
  css: string;
}

export interface OperatorRoutesDeps {
  operators: OperatorPort;
  assets: ConsoleAssets;
  /** Lifetime of a session, for the cookie's Max-Age. */
  sessionTtlSeconds: number;
}

const TypingRequest = zod.object({ active: zod.boolean() });
const hashOf = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

function parse<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'the request body is not valid', { issues: toIssues(parsed.error) });
  return parsed.data;
}

const secure = (req: Request) => req.secure || req.get('x-forwarded-proto') === 'https';

/**
 * The operator HTTP API (docs/OPERATORS.md) and the console page. Every route but sign-in and the console's
 * static files authenticates; the access rules themselves live behind `OperatorPort`, so the socket's frames
 * get exactly the same checks.
 */
export function createOperatorRoutes(deps: OperatorRoutesDeps): express.Router {
  const { operators } = deps;
  const router = express.Router();
  const json = express.json({ limit: '16kb' });
  const appJs = `/console/app.${hashOf(deps.assets.app)}.js`;
  const appCss = `/console/app.${hashOf(deps.assets.css)}.css`;

  /** Authenticated handler: the principal, then the result as JSON (204 when there is none). */
  const authed =
    (handler: (principal: OperatorPrincipal, req: Request, res: Response) => Promise<unknown>): RequestHandler =>
    async (req, res) => {
      if (usesCookie(req) && req.method !== 'GET' && !sameOrigin(req)) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'cross-site request refused');
      const principal = await operators.authenticate(sessionToken(req));
      const result = await handler(principal, req, res);
      res.set('Cache-Control', 'no-store');
      if (result === undefined) res.status(204).end();
      else res.json(result);
    };
  const id = (req: Request) => String(req.params.id);
  const agency = (req: Request) => String(req.params.agency);

  router.post('/api/operators/session', json, async (req, res) => {
    const { email, password } = parse(SignInRequest, req.body);
    const session = await operators.signIn(email, password, req.ip ?? req.socket.remoteAddress ?? 'unknown');
    res.set('Cache-Control', 'no-store');
    res.set('Set-Cookie', sessionCookie(session.token, deps.sessionTtlSeconds, secure(req)));
    res.json(session);
  });
  router.delete(
    '/api/operators/session',
    authed(async (principal, req, res) => {
      await operators.signOut(principal);
      res.set('Set-Cookie', clearedSessionCookie(secure(req)));
    }),
  );
  router.get('/api/operators/me', authed(async (principal) => ({ operator: stripSession(principal), availability: await operators.availability(principal) })));
  router.put('/api/operators/me/availability', json, authed(async (principal, req) => operators.setAvailability(principal, parse(AvailabilityRequest, req.body).status)));
  router.get('/api/operators/agencies/:agency/board', authed(async (principal, req) => ({ items: await operators.board(principal, agency(req)) })));
  router.get('/api/operators/agencies/:agency/canned', authed(async (principal, req) => ({ answers: await operators.canned(principal, agency(req)) })));
  router.get('/api/operators/agencies/:agency/operators', authed(async (principal, req) => ({ operators: await operators.colleagues(principal, agency(req)) })));
  router.get('/api/operators/agencies/:agency/contact-requests', authed(async (principal, req) => ({ requests: await operators.contactRequests(principal, agency(req)) })));
  router.get('/api/operators/conversations/:id', authed((principal, req) => operators.conversation(principal, id(req))));
  router.post('/api/operators/conversations/:id/claim', authed(async (principal, req) => ({ item: await operators.claim(principal, id(req)) })));
  router.post('/api/operators/conversations/:id/messages', json, authed((principal, req) => operators.reply(principal, id(req), parse(ReplyRequest, req.body))));
  router.post('/api/operators/conversations/:id/typing', json, authed((principal, req) => operators.typing(principal, id(req), parse(TypingRequest, req.body).active)));
  router.get('/api/operators/conversations/:id/notes', authed(async (principal, req) => ({ notes: await operators.notes(principal, id(req)) })));
  router.post('/api/operators/conversations/:id/notes', json, authed(async (principal, req) => ({ note: await operators.note(principal, id(req), parse(NoteRequest, req.body).text) })));
  router.post('/api/operators/conversations/:id/transfer', json, authed(async (principal, req) => ({ item: await operators.transfer(principal, id(req), parse(TransferRequest, req.body)) })));
  router.post('/api/operators/conversations/:id/return', authed((principal, req) => operators.returnToBot(principal, id(req))));
  router.post('/api/operators/conversations/:id/close', json, authed((principal, req) => operators.close(principal, id(req), parse(CloseRequest, req.body).outcome)));
  router.get('/api/operators/supervisor', authed((principal) => operators.supervisor(principal)));
  router.post('/api/operators/accounts', json, authed(async (principal, req) => ({ operator: await operators.addAccount(principal, parse(NewAccountRequest, req.body)) })));
  router.delete('/api/operators/accounts/:id', authed((principal, req) => operators.removeAccount(principal, id(req))));
  router.put('/api/operators/accounts/:id/password', json, authed((principal, req) => operators.setPassword(principal, id(req), parse(PasswordRequest, req.body).password)));

  router.get('/console', (_req, res) => {
    res.set({ 'Content-Security-Policy': consoleCsp(), 'Cache-Control': 'no-store', 'X-Frame-Options': 'DENY' });
    res.type('html').send(renderConsolePage({ appJs, appCss }));
  });
  router.get(appJs, (_req, res) => void res.set({ 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' }).send(deps.assets.app));
  router.get(appCss, (_req, res) => void res.set({ 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=31536000, immutable' }).send(deps.assets.css));
  return router;
}

function stripSession({ sessionId: _session, ...profile }: OperatorPrincipal) {
  return profile;
}

/** Only its own script and style, its own API and socket; never framed. */
export function consoleCsp(): string {
  return ["default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'"].join('; ');
}
