import express, { type ErrorRequestHandler, type Router as ExpressRouter } from 'express';
import helmet from 'helmet';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { CitizenMessageFrame, HelloFrame, Language, toIssues } from '../protocol/index.js';
import type { CitizenPort, Delivery } from '../router/index.js';
import { SwitchboardError, toSwitchboardError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { createCitizenDataRoutes, type IpLimiter } from './citizen-data-routes.js';
import { containsPii } from '../privacy/index.js';

const ExplainRequest = z.object({ text: CitizenMessageFrame.shape.text, language: Language.optional(), token: HelloFrame.shape.token });

export interface HttpAppDeps {
  citizens: CitizenPort;
  /** Health of the shared backend. */
  delivery: Delivery;
  logger: Logger;
  instanceId: string;
  /** Extra figures for `/healthz` (turns waiting for storage, unhandled rejections). */
  healthDetails?: () => Record<string, number>;
  /** Ready for traffic: the model is loaded (always, once built), the backend answers and no drain has begun. */
  readiness: () => { ready: boolean; reason?: string };
  /** `/metrics`, when given; `token` requires `Authorization: Bearer <token>`. */
  metrics?: { render(): Promise<string>; contentType: string; token?: string };
  /** Routers mounted after the built-in ones: widget pages, operator console, pack API. */
  routers: ExpressRouter[];
  /** Per-IP limit on the citizen data routes (a resume token is their only credential: no guessing at speed). */
  citizenDataLimiter?: IpLimiter;
  /** Per-IP limit on every `/api/…` request (a flood gets 429 with `Retry-After`; sign-in has its own, lower). */
  apiLimiter?: IpLimiter;
}

/** Express: health, the public agency list, and whatever routers the composition root mounts. */
export function createHttpApp(deps: HttpAppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // Pages that are embedded (the widget frame) or loaded cross-site (widget.js) set their own CSP,
  // frame-ancestors and resource policy; helmet supplies the rest.
  app.use(helmet({ contentSecurityPolicy: false, frameguard: false, crossOriginResourcePolicy: false, crossOriginEmbedderPolicy: false }));

  // A request id on every log line that belongs to a request: the caller's `X-Request-Id` if it is a
  // plain token, else a new one; echoed back so a caller can quote it.
  app.use((req, res, next) => {
    const given = req.get('x-request-id');
    // Not a caller's value that is itself personal data (an ID code as a request id would be logged).
    const requestId = given && /^[\w.-]{1,64}$/.test(given) && !containsPii(given) ? given : randomUUID();
    res.set('X-Request-Id', requestId);
    res.locals.log = deps.logger.child({ reqId: requestId });
    next();
  });

  app.get('/healthz', (_req, res) => {
    const status = deps.delivery.health();
    res.status(status === 'ok' ? 200 : 503).json({ status, backend: deps.delivery.backend, instance: deps.instanceId, ...deps.healthDetails?.() });
  });

  // Liveness above; readiness here: a balancer sends traffic only while this says 200.
  app.get('/readyz', (_req, res) => {
    const { ready, reason } = deps.readiness();
    res.status(ready ? 200 : 503).json({ ready, ...(reason ? { reason } : {}), instance: deps.instanceId });
  });

  const metrics = deps.metrics;
  if (metrics) {
    app.get('/metrics', async (req, res) => {
      if (metrics.token && !bearerMatches(req.get('authorization'), metrics.token)) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED');
      res.set('Content-Type', metrics.contentType).send(await metrics.render());
    });
  }

  const apiLimiter = deps.apiLimiter;
  if (apiLimiter) {
    app.use('/api', async (req, _res, next) => {
      try {
        const limit = await apiLimiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
        if (limit.limited) throw new SwitchboardError('SWB_ERR_RATE_LIMITED', 'too many requests from this address; wait a moment', { details: { retryAfterMs: limit.retryAfterMs } });
        next();
      } catch (error) {
        next(error);
      }
    });
  }

  app.get('/api/agencies', (_req, res) => {
    res.json({ agencies: deps.citizens.agencies() });
  });

  // Why would a message go where it goes? The decision the router would make at the start of a
  // conversation (or, with its token, in that conversation): top intents with scores, language, evidence
  // in the message's own words, the rule and a one-sentence reason. Nothing is kept.
  app.post('/api/explain', express.json({ limit: '16kb' }), async (req, res) => {
    const parsed = ExplainRequest.safeParse(req.body);
    if (!parsed.success) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'expected {text, language?, token?}', { issues: toIssues(parsed.error) });
    // With a token this reads a conversation: limited per IP like the other token routes.
    if (parsed.data.token && deps.citizenDataLimiter) {
      const limit = await deps.citizenDataLimiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      if (limit.limited) throw new SwitchboardError('SWB_ERR_RATE_LIMITED', 'too many requests from this address; wait a moment', { details: { retryAfterMs: limit.retryAfterMs } });
    }
    res.json({ decision: await deps.citizens.explain(parsed.data.text, parsed.data.language, parsed.data.token) });
  });

  app.use(createCitizenDataRoutes(deps.citizens, deps.citizenDataLimiter));
  for (const router of deps.routers) app.use(router);

  app.use((_req, _res, next) => next(new SwitchboardError('SWB_ERR_NOT_FOUND')));
  const onError: ErrorRequestHandler = (error, req, res, _next) => {
    const failure = bodyParserError(error) ?? toSwitchboardError(error);
    const log: Logger = res.locals.log ?? deps.logger;
    if (failure.httpStatus >= 500) log.error({ err: failure, method: req.method, path: req.path }, 'request failed');
    const retryAfterMs = failure.code === 'SWB_ERR_RATE_LIMITED' ? Number(failure.details?.retryAfterMs) : Number.NaN;
    if (Number.isFinite(retryAfterMs)) res.set('Retry-After', String(Math.max(1, Math.ceil(retryAfterMs / 1000))));
    res.status(failure.httpStatus).json(failure.toJSON());
  };
  app.use(onError);
  return app;
}

/**
 * express.json() errors carry `type` and a 4xx `status`; map them onto our codes without echoing the body.
 * Every 4xx of the parser is the client's (an unsupported charset or encoding, a wrong length, an aborted
 * upload): found by fuzzing, `charset=bogus` used to come back as a 500.
 */
function bodyParserError(error: unknown): SwitchboardError | undefined {
  const { type, status } = (error ?? {}) as { type?: unknown; status?: unknown };
  if (typeof type !== 'string') return undefined;
  if (type === 'entity.too.large') return new SwitchboardError('SWB_ERR_PAYLOAD_TOO_LARGE');
  if (type === 'entity.parse.failed') return new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'request body is not valid JSON');
  if (typeof status === 'number' && status >= 400 && status < 500) return new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', `request body refused (${type})`);
  return undefined;
}

/** Constant-time comparison of a bearer token (hashes first, so lengths never leak through timing). */
function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (!given) return false;
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(token));
}
