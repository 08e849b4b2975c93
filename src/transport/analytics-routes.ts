import express, { type Request, type RequestHandler } from 'express';
import { AnalyticsRange, Language, toIssues, type IntentPack } from '../protocol/index.js';
import type { AnalyticsPort, OperatorPort, OperatorPrincipal } from '../router/index.js';
import { SwitchboardError } from '../errors/index.js';
import { sessionToken, usesCookie } from './operator-auth.js';
import { sameOrigin } from './origin.js';

export interface AnalyticsRoutesDeps {
  operators: Pick<OperatorPort, 'authenticate'>;
  analytics: AnalyticsPort;
  /** The agencies' sandbox (docs/AGENCIES.md): a pack becomes a draft of the agency and is evaluated at once. */
  sandbox?: {
    open(agency: string, pack: IntentPack): Promise<{ draftId: string; report: { network: { before: number; after: number; publishable: boolean }; conflicts: unknown } }>;
  };
}

/** Default period: the last 30 days, today included (UTC). */
function range(req: Request): AnalyticsRange {
  const today = new Date().toISOString().slice(0, 10);
  const monthAgo = new Date(Date.now() - 29 * 86_400_000).toISOString().slice(0, 10);
  const parsed = AnalyticsRange.safeParse({ from: req.query.from ?? monthAgo, to: req.query.to ?? today });
  if (!parsed.success) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'from and to must be days (YYYY-MM-DD), from ≤ to, at most 366 days', { issues: toIssues(parsed.error) });
  return parsed.data;
}

/**
 * The analytics API (docs/ANALYTICS.md) behind the operator sign-in: GET only, so the console's cookie needs no
 * CSRF check; who sees which agency is decided behind `AnalyticsPort`.
 */
export function createAnalyticsRoutes(deps: AnalyticsRoutesDeps): express.Router {
  const router = express.Router();
  const authed =
    (handler: (principal: OperatorPrincipal, req: Request) => Promise<unknown>, download?: (req: Request) => string): RequestHandler =>
    async (req, res) => {
      const principal = await deps.operators.authenticate(sessionToken(req));
      const result = await handler(principal, req);
      res.set('Cache-Control', 'no-store');
      if (download) res.set('Content-Disposition', `attachment; filename="${download(req)}"`);
      res.json(result);
    };
  const agency = (req: Request) => String(req.params.agency);
  const language = (req: Request) => {
    const parsed = Language.safeParse(req.query.language ?? 'en');
    if (!parsed.success) throw new SwitchboardError('SWB_ERR_PROTOCOL_INVALID', 'language: one of the supported languages', { issues: toIssues(parsed.error) });
    return parsed.data;
  };

  router.get('/api/operators/agencies/:agency/analytics', authed((principal, req) => deps.analytics.report(principal, agency(req), range(req))));
  router.get('/api/operators/agencies/:agency/unplaced', authed((principal, req) => deps.analytics.unplaced(principal, agency(req), range(req))));
  router.get(
    '/api/operators/agencies/:agency/unplaced/draft-pack',
    authed(
      (principal, req) => deps.analytics.draftPack(principal, agency(req), range(req), language(req)),
      (req) => `${agency(req).replace(/[^a-z0-9-]/g, '')}-draft-${language(req)}.json`,
    ),
  );
  // "Export as a draft pack" into the agencies' sandbox: the grouped questions become new intents in a draft of
  // the agency's live content, evaluated against the live network (the agency publishes it with its own key).
  const sandbox = deps.sandbox;
  if (sandbox) {
    router.post(
      '/api/operators/agencies/:agency/unplaced/sandbox',
      authed(async (principal, req) => {
        if (usesCookie(req) && !sameOrigin(req)) throw new SwitchboardError('SWB_ERR_FORBIDDEN', 'cross-site request refused');
        const pack = await deps.analytics.draftPack(principal, agency(req), range(req), language(req));
        return sandbox.open(agency(req), pack);
      }),
    );
  }
  return router;
}
