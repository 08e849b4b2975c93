// A remote agency bot that verifies Switchboard's request signatures (docs/AGENCIES.md,
// "Signed requests to remote bots"). Plain Node.js, no dependencies:
//
//   SWITCHBOARD_BOT_SECRET=<the agency's secret> PORT=8080 node examples/signed-bot/server.mjs
//
// POST /bot                    Switchboard's BotRequest → BotResponse (manifest: bot: { type: http, url: …/bot })
// POST /webhooks/rest/webhook  the same check in front of a Rasa-shaped answer (bot: { type: rasa, url: … })
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';

const secret = process.env.SWITCHBOARD_BOT_SECRET;
if (!secret) {
  console.error('set SWITCHBOARD_BOT_SECRET (GET /api/registry/<agency>/bot-secret with your agency key)');
  process.exit(2);
}
const WINDOW_SECONDS = 300;
/** Request ids seen within the window: a replayed request is refused even with a valid signature. */
const seen = new Map();

function verify(headers, rawBody) {
  const timestamp = headers['x-switchboard-timestamp'];
  const requestId = headers['x-switchboard-request-id'];
  const signature = headers['x-switchboard-signature'];
  if (!timestamp || !requestId || !signature?.startsWith('v1=')) return 'missing';
  const now = Math.floor(Date.now() / 1000);
  if (!/^\d+$/.test(timestamp) || Math.abs(now - Number(timestamp)) > WINDOW_SECONDS) return 'stale';
  // Over the raw bytes received: parse the JSON only after this check.
  const expected = createHmac('sha256', secret).update(`${timestamp}.${requestId}.${rawBody}`).digest();
  const given = Buffer.from(signature.slice(3), 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  for (const [id, at] of seen) if (at < now - WINDOW_SECONDS) seen.delete(id);
  if (seen.has(requestId)) return 'replayed';
  seen.set(requestId, Number(timestamp));
  return undefined;
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const refused = verify(req.headers, rawBody);
    res.setHeader('content-type', 'application/json');
    if (refused) {
      res.statusCode = 401;
      res.end(JSON.stringify({ error: refused }));
      return;
    }
    const request = JSON.parse(rawBody);
    if (req.url === '/webhooks/rest/webhook') {
      res.end(JSON.stringify([{ recipient_id: request.sender, text: `Verified request from ${req.headers['x-switchboard-agency']}.` }]));
    } else {
      res.end(JSON.stringify({ replies: [{ text: `Verified request for ${request.intent ?? 'no intent'}.` }] }));
    }
  });
});
server.listen(Number(process.env.PORT ?? 8080), process.env.HOST ?? '127.0.0.1', () => {
  console.log(`signed-bot listening on http://127.0.0.1:${server.address().port}`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
