import { z } from 'zod';
import type { BotRequest, BotResponse } from '../protocol/index.js';
import { SwitchboardError } from '../errors/index.js';
import type { BotNetworkPolicy } from './bot-network.js';
import { postJson } from './post-json.js';
import { BotCircuit } from './bot-circuit.js';
import type { AgencyBot } from './types.js';

/** What Rasa's REST channel (`POST /webhooks/rest/webhook`) answers: a list of bot utterances. */
const RasaReply = z.array(
  z.object({
    recipient_id: z.string().optional(),
    text: z.string().optional(),
    image: z.string().optional(),
    buttons: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
  }),
);

/**
 * An existing Rasa bot, unchanged: its REST channel takes `{sender, message, metadata}`. Rasa keeps the
 * dialogue state itself (keyed by `sender`), so the context stays with Rasa and Switchboard passes none.
 * Handing off from a Rasa bot is not expressible in its REST channel; operators can still take over.
 */
export class RasaBot implements AgencyBot {
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
    const body = await this.circuit.call(() =>
      postJson(
        this.url,
        {
          sender: request.conversationId,
          message: request.text,
          metadata: { language: request.language, intent: request.intent, handoffFrom: request.handoffFrom?.agency },
        },
        { timeoutMs: this.timeoutMs, agency: this.agency, signal: options.signal, signingSecret: this.signingSecret, network: this.network },
      ),
    );
    const parsed = RasaReply.safeParse(body);
    if (!parsed.success) throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${this.agency} Rasa bot returned an unexpected shape`);
    const replies = parsed.data.flatMap((utterance) => {
      const parts = [utterance.text, utterance.image].filter((part): part is string => Boolean(part));
      return parts.map((text) => ({ text: text.slice(0, 4000) }));
    });
    const choices = parsed.data
      .flatMap((utterance) => utterance.buttons ?? [])
      .slice(0, 10)
      .map((button) => ({ label: button.title.slice(0, 120), value: button.payload.slice(0, 500) }));
    return { replies: replies.slice(0, 10), ...(choices.length ? { choices } : {}) };
  }
}
