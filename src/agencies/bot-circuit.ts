import CircuitBreaker from 'opossum';
import { SwitchboardError } from '../errors/index.js';

export interface BotCircuitOptions {
  /** Failures (share of calls in the rolling 10 s window) that open the circuit; default 50 %. */
  errorThresholdPercentage?: number;
  /** Calls in the window before the circuit may open at all; default 3. */
  volumeThreshold?: number;
  /** How long an open circuit fails fast before letting one call through (half-open); default 15 s. */
  resetMs?: number;
  /** Retries of a call whose request never left (connection refused, no DNS answer); default 2. */
  retries?: number;
  /** First retry delay; doubles, with jitter; default 100 ms. */
  retryBaseMs?: number;
}

/** Node's codes for a request that certainly never reached the bot: retrying it cannot do anything twice. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/**
 * One remote bot's calls, with a circuit breaker (opossum) and retries. A bot turn is not idempotent (a Rasa
 * bot or a form advances its dialogue), so only calls whose request never left are retried, with backoff; a
 * timeout or an HTTP error after sending is not. While the circuit is open, calls fail at once with
 * SWB_ERR_AGENCY_FAILED and the citizen is told and offered a person without waiting for a dead bot.
 */
export class BotCircuit {
  readonly #breaker: CircuitBreaker<[() => Promise<unknown>], unknown>;
  #retries = 0;

  constructor(
    private readonly agency: string,
    private readonly options: BotCircuitOptions = {},
  ) {
    this.#breaker = new CircuitBreaker((call: () => Promise<unknown>) => this.#withRetries(call), {
      name: `bot:${agency}`,
      timeout: false,
      errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
      volumeThreshold: options.volumeThreshold ?? 3,
      resetTimeout: options.resetMs ?? 15_000,
      rollingCountTimeout: 10_000,
    });
  }

  get state(): 'closed' | 'open' | 'half-open' {
    return this.#breaker.opened ? 'open' : this.#breaker.halfOpen ? 'half-open' : 'closed';
  }

  /** Retries made so far (requests that never left). */
  get retries(): number {
    return this.#retries;
  }

  async call<T>(call: () => Promise<T>): Promise<T> {
    try {
      return (await this.#breaker.fire(call)) as T;
    } catch (error) {
      if (error instanceof SwitchboardError) throw error;
      if ((error as { code?: string }).code === 'EOPENBREAKER') {
        throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${this.agency} bot circuit is open after repeated failures; trying again later`, { cause: error });
      }
      throw new SwitchboardError('SWB_ERR_AGENCY_FAILED', `${this.agency} bot failed`, { cause: error });
    }
  }

  async #withRetries(call: () => Promise<unknown>): Promise<unknown> {
    const retries = this.options.retries ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (error) {
        if (attempt >= retries || !neverSent(error)) throw error;
        this.#retries++;
        const wait = (this.options.retryBaseMs ?? 100) * 2 ** attempt * (0.5 + Math.random() / 2);
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
  }

  shutdown(): void {
    this.#breaker.shutdown();
  }
}

function neverSent(error: unknown): boolean {
  for (let cause: unknown = error; cause; cause = (cause as { cause?: unknown }).cause) {
    if (NOT_SENT.has((cause as { code?: string }).code ?? '')) return true;
  }
  return false;
}
