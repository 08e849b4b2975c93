import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { SwitchboardError } from '../errors/index.js';
import { guardedLookup, refusal, refusedAddress, type BotNetworkPolicy } from './bot-network.js';
import { signBotRequest } from './bot-signature.js';

/** A bot's answer larger than this is refused unread: bots answer a few short messages. */
export const MAX_BOT_RESPONSE_BYTES = 256 * 1024;

/**
 * POST JSON to a remote bot with a hard deadline. Timeouts become SWB_ERR_AGENCY_TIMEOUT, anything else
 * (refused, 5xx, not JSON, too large, an address the network policy refuses) SWB_ERR_AGENCY_FAILED; no message
 * carries the request body. With `network`, the bot's address is checked where the socket connects
 * (bot-network.ts). Only the content type and the signature go out: never the router's own credentials, and
 * redirects are not followed.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { timeoutMs: number; agency: string; signal?: AbortSignal; signingSecret?: string; network?: BotNetworkPolicy },
): Promise<unknown> {
  const target = new URL(url);
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (options.network && isIP(host)) {
    const refused = refusedAddress(host, options.network);
    if (refused) throw refusal(options.agency, refused);
  }
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  const payload = JSON.stringify(body);
  const signature = options.signingSecret ? signBotRequest(options.signingSecret, options.agency, payload) : {};
  let response: { status: number; text: string };
  try {
    response = await send(target, payload, { ...signature, 'content-type': 'application/json', accept: 'application/json', 'content-length': String(Buffer.byteLength(payload)) }, signal, options);
  } catch (cause) {
    if (cause instanceof SwitchboardError) throw cause;
    if (timeout.aborted) throw new SwitchboardError('SWB_ERR_AGENCY_TIMEOUT', `${options.agency} bot did not answer within ${options.timeoutMs} ms`, { cause });
    throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${options.agency} bot could not be reached`, { cause });
  }
  if (response.status < 200 || response.status > 299) throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${options.agency} bot answered HTTP ${response.status}`);
  try {
    return JSON.parse(response.text);
  } catch (cause) {
    throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${options.agency} bot answered with something that is not JSON`, { cause });
  }
}

function send(target: URL, payload: string, headers: Record<string, string>, signal: AbortSignal, options: { agency: string; network?: BotNetworkPolicy }): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(
      target,
      { method: 'POST', headers, signal, ...(options.network ? { lookup: guardedLookup(options.agency, options.network) } : {}) },
      (response: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BOT_RESPONSE_BYTES) {
            request.destroy();
            reject(new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${options.agency} bot answered more than ${MAX_BOT_RESPONSE_BYTES} bytes`));
          } else chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    // A refusal from the lookup arrives here as the request's error (a SwitchboardError, passed on as is).
    request.on('error', reject);
    request.end(payload);
  });
}
