import { BotResponse, type BotRequest } from '../protocol/index.js';
import { SwitchboardError } from '../errors/index.js';
import { createLogger, type Logger } from '../log/index.js';
import type { PackAnswers } from './pack-answers.js';
import type { AgencyBot, AgencyHandler } from './types.js';

const silent = createLogger({ level: 'silent' });

/** An in-process bot: the agency's handler module when it has one, else straight pack answers. */
export class LocalBot implements AgencyBot {
  constructor(
    readonly agency: string,
    private readonly answers: PackAnswers,
    private readonly handler?: AgencyHandler,
  ) {}

  async handle(request: BotRequest, options: { log?: Logger } = {}): Promise<BotResponse> {
    const answer = (intent: string | undefined, language: BotRequest['language']) =>
      this.answers.answer(intent, language, request.conversationId);
    if (!this.handler) return answer(request.intent, request.language);
    let response: unknown;
    try {
      response = await this.handler(request, { answer, log: options.log ?? silent });
    } catch (cause) {
      throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `handler of ${this.agency} threw`, { cause });
    }
    // Handlers are code we did not write: hold them to the same schema as remote bots.
    const parsed = BotResponse.safeParse(response);
    if (!parsed.success) throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `handler of ${this.agency} returned an invalid response`);
    return parsed.data;
  }
}
