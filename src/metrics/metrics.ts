import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Anything not in the known set is counted as this, so no label can grow without bound. */
const OTHER = 'other';

export interface MetricsOptions {
  /** Agency ids that may appear as label values; others are counted as `other`. */
  agencies: string[];
  /** Frame types that may appear as label values (client and server frames). */
  frameTypes: readonly string[];
  /** Routing rules that may appear as label values. */
  rules: readonly string[];
  /** Read at scrape time: figures other components keep themselves. */
  gauges?: () => ScrapedFigures;
}

/** Figures other components keep themselves, read at scrape time. */
export interface ScrapedFigures {
  turnsWaiting?: number;
  redisCommandErrors?: number;
  redisReconnects?: number;
}

/**
 * Switchboard's Prometheus metrics (prom-client), on a registry of their own. Every label has a bounded set
 * of values (agency ids, frame types, rules, outcomes): never a conversation id or anything a citizen typed.
 * Components get this object and call its `record…` methods; `render()` is the `/metrics` body.
 */
export class Metrics {
  readonly registry = new Registry();
  readonly #agencies: Set<string>;
  readonly #frameTypes: Set<string>;
  readonly #rules: Set<string>;
  readonly #connections: Gauge;
  readonly #framesIn: Counter<'type'>;
  readonly #framesOut: Counter<'type'>;
  readonly #decisions: Counter<'rule' | 'agency'>;
  readonly #classify: Histogram;
  readonly #bot: Histogram<'agency' | 'outcome'>;

  constructor(options: MetricsOptions) {
    this.#agencies = new Set(options.agencies);
    this.#frameTypes = new Set(options.frameTypes);
    this.#rules = new Set(options.rules);
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry, prefix: 'swb_' });
    this.#connections = new Gauge({ name: 'swb_ws_connections', help: 'Open widget WebSocket connections', registers });
    this.#framesIn = new Counter({ name: 'swb_ws_frames_received_total', help: 'Frames received from widgets, by type (invalid: failed to decode)', labelNames: ['type'], registers });
    this.#framesOut = new Counter({ name: 'swb_ws_frames_sent_total', help: 'Frames sent to widgets, by type', labelNames: ['type'], registers });
    this.#decisions = new Counter({ name: 'swb_routing_decisions_total', help: 'Routing decisions, by rule and agency', labelNames: ['rule', 'agency'], registers });
    this.#classify = new Histogram({ name: 'swb_classify_seconds', help: 'Language detection and intent classification of one message', buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05], registers });
    this.#bot = new Histogram({ name: 'swb_bot_seconds', help: 'Agency bot answer time, by agency and outcome', labelNames: ['agency', 'outcome'], buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers });
    const gauges = options.gauges ?? ((): ScrapedFigures => ({}));
    const read = (key: keyof ScrapedFigures) =>
      function (this: Gauge) {
        this.set(gauges()[key] ?? 0);
      };
    new Gauge({ name: 'swb_turns_waiting', help: 'Turns that failed on a storage fault here and wait for a retry', registers, collect: read('turnsWaiting') });
    new Gauge({ name: 'swb_redis_command_errors', help: 'Redis commands that failed since start (a counter, read at scrape)', registers, collect: read('redisCommandErrors') });
    new Gauge({ name: 'swb_redis_reconnects', help: 'Redis reconnection attempts since start (a counter, read at scrape)', registers, collect: read('redisReconnects') });
  }

  connectionOpened(): void {
    this.#connections.inc();
  }

  connectionClosed(): void {
    this.#connections.dec();
  }

  frameReceived(type: string): void {
    this.#framesIn.inc({ type: this.#frameTypes.has(type) ? type : OTHER });
  }

  frameSent(type: string): void {
    this.#framesOut.inc({ type: this.#frameTypes.has(type) ? type : OTHER });
  }

  decision(rule: string, agency: string | undefined): void {
    this.#decisions.inc({ rule: this.#rules.has(rule) ? rule : OTHER, agency: this.#agency(agency) });
  }

  classified(seconds: number): void {
    this.#classify.observe(seconds);
  }

  botAnswered(agency: string, outcome: 'ok' | 'failed', seconds: number): void {
    this.#bot.observe({ agency: this.#agency(agency), outcome }, seconds);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  #agency(agency: string | undefined): string {
    if (!agency) return 'none';
    return this.#agencies.has(agency) ? agency : OTHER;
  }
}
