import { SwitchboardError } from '../errors/index.js';
import { signBotRequest } from './bot-signature.js';

/**
 * POST JSON to a remote bot with a hard deadline. Timeouts become SWB_ERR_AGENCY_TIMEOUT, anything else
 * (refused, 5xx, not JSON) SWB_ERR_AGENCY_FAILED; neither message carries the request body.
 */
export async function postJson(
  url: string,
  body: unknown,
  options: { timeoutMs: number; agency: string; signal?: AbortSignal; signingSecret?: string },
): Promise<unknown> {
  const timeout = AbortSignal.timeout(options.timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    const payload = JSON.stringify(body);
    // Only the signature headers go out besides the content type: never the router's own credentials.
    const signature = options.signingSecret ? signBotRequest(options.signingSecret, options.agency, payload) : {};
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...signature },
      body: payload,
      signal,
      redirect: 'error',
    });
  } catch (cause) {
    if (timeout.aborted) {
      throw new SwitchboardError('SWB_ERR_AGENCY_TIMEOUT', `${options.agency} bot did not answer within ${options.timeoutMs} ms`, { cause });
    }
    throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${options.agency} bot could not be reached`, { cause });
  }
  if (!response.ok) {
    throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${options.agency} bot answered HTTP ${response.status}`);
  }
  try {
    return await response.json();
  } catch (cause) {
    const code = timeout.aborted ? 'SWB_ERR_AGENCY_TIMEOUT' : 'SWB_ERR_AGENCY_FAILED';
    throw new SwitchboardError(code, `${options.agency} bot answered with something that is not JSON`, { cause });
  }
}
