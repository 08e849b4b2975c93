/**
 * Reconnect delays: exponential with full jitter (AWS architecture blog, "Exponential Backoff And Jitter"),
 * so thousands of widgets dropped by one server restart do not come back in the same millisecond.
 * attempt 0 → [base/2, base), attempt n → [d/2, d) with d = min(cap, base·2ⁿ).
 */
export interface BackoffOptions {
  baseMs?: number;
  capMs?: number;
}

export function reconnectDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const cap = options.capMs ?? 20_000;
  const ceiling = Math.min(cap, base * 2 ** Math.min(attempt, 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
