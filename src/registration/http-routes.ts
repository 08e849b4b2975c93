import express, { type NextFunction, type Request, type Response, type Router as ExpressRouter } from 'express';
import { DEFAULT_REPLAY_WINDOW_SECONDS, SHARED_OWNER, SIGNATURE_HEADERS } from '../agencies/index.js';
import { SwitchboardError } from '../errors/index.js';
import { AgencyId, PublishBody, RollbackBody, toIssues } from '../protocol/index.js';
import type { ApiKeys } from './api-keys.js';
import type { RegistrationService } from './registration-service.js';

type Who = 'admin' | 'agency';
type Handler = (req: Request, agency: string) => Promise<{ status?: number; body: unknown }>;

export interface RegistrationRoute {
  method: 'get' | 'post' | 'put' | 'delete';
  path: string;
  /** `admin`: the bootstrap token; `agency`: that agency's own API key, and only for its own `:agency`. */
  who: Who;
}

export interface RegistrationRoutesDeps {
  service: RegistrationService;
  keys: ApiKeys;
  /** The agency's key for verifying signed bot requests; absent when signing is not configured. */
  botSecret?: (agency: string) => string;
}

/**
 * The registration API (docs/AGENCIES.md). Every route names its agency in the path; an agency key works only
 * for its own agency (SWB_ERR_FORBIDDEN otherwise), so no route reads or changes another agency.
 */
export function createRegistrationRoutes({ service, keys, botSecret }: RegistrationRoutesDeps): ExpressRouter {
  const secretOf = (agency: string) => {
    if (!botSecret) throw new SwitchboardError('SWB_ERR_NOT_FOUND', 'bot request signing is not configured (SWITCHBOARD_BOT_SIGNING_SECRET)');
    return { agency, secret: botSecret(agency), headers: SIGNATURE_HEADERS, windowSeconds: DEFAULT_REPLAY_WINDOW_SECONDS };
  };
  const body = (req: Request) => req.body as unknown;
  const publishBody = (req: Request) => parse(PublishBody, req.body ?? {});
  const versionParam = (req: Request) => {
    const version = Number(req.params.version);
    if (!Number.isInteger(version) || version < 1) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'version: expected a whole number ≥ 1', { issues: [{ path: 'version', code: 'invalid_type', message: 'expected a whole number ≥ 1' }] });
    return version;
  };
  const handlers: Record<string, Handler> = {
    // Admin: keys.
    'post /api/admin/agencies/:agency/keys': async (_req, agency) => ({ status: 201, body: await keys.create(agency) }),
    'post /api/admin/agencies/:agency/keys/rotate': async (_req, agency) => ({ status: 201, body: await keys.rotate(agency) }),
    'get /api/admin/agencies/:agency/keys': async (_req, agency) => ({ body: { keys: await keys.list(agency) } }),
    'delete /api/admin/agencies/:agency/keys': async (_req, agency) => ({ body: { revoked: await keys.revoke(agency) } }),
    'delete /api/admin/agencies/:agency/keys/:keyId': async (req, agency) => ({ body: { revoked: await keys.revoke(agency, String(req.params.keyId)) } }),
    'get /api/admin/agencies/:agency/bot-secret': async (_req, agency) => ({ body: secretOf(agency) }),
    // Agency: its own packs.
    'get /api/registry/:agency': async (_req, agency) => ({ body: service.live(agency) }),
    'get /api/registry/:agency/bot-secret': async (_req, agency) => ({ body: secretOf(agency) }),
    'get /api/registry/:agency/drafts': async (_req, agency) => ({ body: { drafts: (await service.drafts(agency)).map(({ content, ...summary }) => summary) } }),
    'post /api/registry/:agency/drafts': async (req, agency) => ({ status: 201, body: { draft: await service.createDraft(agency, body(req)) } }),
    'get /api/registry/:agency/drafts/:id': async (req, agency) => {
      const draft = await service.draft(agency, String(req.params.id));
      return { body: { draft, evaluation: service.evaluation(draft) } };
    },
    'put /api/registry/:agency/drafts/:id': async (req, agency) => ({ body: { draft: await service.updateDraft(agency, String(req.params.id), body(req)) } }),
    'post /api/registry/:agency/drafts/:id/evaluate': async (req, agency) => ({ body: { report: await service.evaluate(agency, String(req.params.id)) } }),
    'post /api/registry/:agency/drafts/:id/publish': async (req, agency) => ({ body: await service.publish(agency, String(req.params.id), publishBody(req).force) }),
    'get /api/registry/:agency/versions': async (_req, agency) => ({ body: { versions: await service.versions(agency) } }),
    'get /api/registry/:agency/versions/:version': async (req, agency) => ({ body: { version: await service.version(agency, versionParam(req)) } }),
    'post /api/registry/:agency/rollback': async (req, agency) => ({ body: await service.rollback(agency, parse(RollbackBody, req.body).version) }),
  };

  const router = express.Router();
  const json = express.json({ limit: '2mb' });
  for (const route of REGISTRATION_ROUTES) {
    const handler = handlers[`${route.method} ${route.path}`];
    router[route.method](route.path, json, async (req: Request, res: Response, next: NextFunction) => {
      try {
        const agency = agencyParam(req);
        await authorize(keys, route.who, req, agency);
        const { status = 200, body: payload } = await handler(req, agency);
        res.status(status).json(payload);
      } catch (error) {
        next(error);
      }
    });
  }
  return router;
}

/** Every route of the API; `tests/registration/access.test.ts` fails when one has no access-control case. */
export const REGISTRATION_ROUTES: readonly RegistrationRoute[] = [
  { method: 'post', path: '/api/admin/agencies/:agency/keys', who: 'admin' },
  { method: 'post', path: '/api/admin/agencies/:agency/keys/rotate', who: 'admin' },
  { method: 'get', path: '/api/admin/agencies/:agency/keys', who: 'admin' },
  { method: 'delete', path: '/api/admin/agencies/:agency/keys', who: 'admin' },
  { method: 'delete', path: '/api/admin/agencies/:agency/keys/:keyId', who: 'admin' },
  { method: 'get', path: '/api/admin/agencies/:agency/bot-secret', who: 'admin' },
  { method: 'get', path: '/api/registry/:agency', who: 'agency' },
  { method: 'get', path: '/api/registry/:agency/bot-secret', who: 'agency' },
  { method: 'get', path: '/api/registry/:agency/drafts', who: 'agency' },
  { method: 'post', path: '/api/registry/:agency/drafts', who: 'agency' },
  { method: 'get', path: '/api/registry/:agency/drafts/:id', who: 'agency' },
  { method: 'put', path: '/api/registry/:agency/drafts/:id', who: 'agency' },
  { method: 'post', path: '/api/registry/:agency/drafts/:id/evaluate', who: 'agency' },
  { method: 'post', path: '/api/registry/:agency/drafts/:id/publish', who: 'agency' },
  { method: 'get', path: '/api/registry/:agency/versions', who: 'agency' },
  { method: 'get', path: '/api/registry/:agency/versions/:version', who: 'agency' },
  { method: 'post', path: '/api/registry/:agency/rollback', who: 'agency' },
];

function agencyParam(req: Request): string {
  const agency = String(req.params.agency);
  if (!AgencyId.safeParse(agency).success || agency === SHARED_OWNER) {
    throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'agency: not a valid agency id', { issues: [{ path: 'agency', code: 'invalid_format', message: 'agency id: 2-32 chars, lower-case letters, digits, "-"' }] });
  }
  return agency;
}

async function authorize(keys: ApiKeys, who: Who, req: Request, agency: string): Promise<void> {
  const header = req.get('authorization') ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
  if (who === 'admin') {
    if (!keys.isAdmin(token)) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED', 'admin token required');
    return;
  }
  const owner = await keys.verify(token);
  if (!owner) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED', 'a valid agency API key is required');
  if (owner !== agency) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'this key belongs to another agency');
}

function parse<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: Parameters<typeof toIssues>[0] } }, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'the request body does not match', { issues: toIssues(parsed.error) });
  return parsed.data;
}
