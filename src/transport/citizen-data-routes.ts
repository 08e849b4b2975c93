import express, { type Request } from 'express';
import type { CitizenPort } from '../router/index.js';
import { SwitchboardError } from '../errors/index.js';

/** The part of a rate limiter these routes need (`conversations`' `RateLimiter`, memory or Redis). */
export interface IpLimiter {
  consume(key: string): Promise<{ limited: false } | { limited: true; retryAfterMs: number }>;
}

/**
 * The citizen's rights over their conversation without a widget open: download everything stored
 * (`GET /api/conversation/transcript`) and erase it (`DELETE /api/conversation`). The resume token from the
 * `welcome` frame is the only credential, sent as `Authorization: Bearer <token>` (never in a URL, where
 * proxies and access logs would keep it). A wrong token is `SWB_ERR_TOKEN_INVALID` (401) whether or not
 * the conversation exists.
 */
export function createCitizenDataRoutes(citizens: CitizenPort, limiter?: IpLimiter): express.Router {
  const router = express.Router();
  if (limiter) {
    router.use('/api/conversation', async (req, _res, next) => {
      const limit = await limiter.consume(req.ip ?? req.socket.remoteAddress ?? 'unknown');
      if (limit.limited) throw new SwitchboardError('SWB_ERR_RATE_LIMITED', 'too many requests from this address; wait a moment', { details: { retryAfterMs: limit.retryAfterMs } });
      next();
    });
  }

  router.get('/api/conversation/transcript', async (req, res) => {
    const transcript = await citizens.transcript(bearer(req));
    res.set({ 'Cache-Control': 'no-store', 'Content-Disposition': `attachment; filename="conversation-${transcript.conversation.id}.json"` });
    res.json(transcript);
  });

  router.delete('/api/conversation', async (req, res) => {
    await citizens.erase(bearer(req));
    res.set('Cache-Control', 'no-store').status(204).end();
  });

  return router;
}

function bearer(req: Request): string {
  const match = /^Bearer ([\w.-]{10,200})$/.exec(req.get('authorization') ?? '');
  if (!match) throw new SwitchboardError('SWB_ERR_UNAUTHORIZED', 'send the conversation token as "Authorization: Bearer <token>"');
  return match[1];
}
