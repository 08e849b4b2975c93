import { BotResponse, type BotRequest } from '../protocol/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { BotNetworkPolicy } from './bot-network.js';
import { postJson } from './post-json.js';
import { BotCircuit } from './bot-circuit.js';
import type { AgencyBot } from './types.js';

/** A remote bot speaking Switchboard's own protocol: POST BotRequest → BotResponse. */
export class HttpBot implements AgencyBot {
  constructor(
    readonly agency: string,
    private readonly url: string,
    private readonly timeoutMs: number,
    /** HMAC key for the request signature (bot-signature.ts); unsigned when absent. */
    private readonly signingSecret?: string,
    /** Set for bots whose URL came through the registration API: where they may be (bot-network.ts). */
    private readonly network?: BotNetworkPolicy,
    /** Circuit breaker and retries of requests that never left (bot-circuit.ts). */
    readonly circuit = new BotCircuit(agency),
  ) {}

  async handle(request: BotRequest, options: { signal?: AbortSignal } = {}): Promise<BotResponse> {
    const body = await this.circuit.call(() => postJson(this.url, request, { timeoutMs: this.timeoutMs, agency: this.agency, signal: options.signal, signingSecret: this.signingSecret, network: this.network }));
    const parsed = BotResponse.safeParse(body);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(root)').join(', ');
      throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${this.agency} bot returned an invalid response (${fields})`);
    }
    return parsed.data;
  }
}
