/** Messages between the benchmark orchestrator and its child processes. */
export interface MemoryReport {
  type: 'memory';
  rssKb: number;
  heapUsedKb: number;
  connections: number;
}

/** Servers answer `{ type: 'memory' }` with a MemoryReport taken after a full GC (`--expose-gc`). */
export function answerMemoryRequests(connections: () => number): void {
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'memory') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    const usage = process.memoryUsage();
    const report: MemoryReport = {
      type: 'memory',
      rssKb: Math.round(usage.rss / 1024),
      heapUsedKb: Math.round(usage.heapUsed / 1024),
      connections: connections(),
    };
    process.send?.(report);
  });
}

/** Event-loop delay and GC pauses in a server since the last `{ type: 'runtime' }` request (ms). */
export interface RuntimeReport {
  type: 'runtime';
  loopDelayP50Ms: number;
  loopDelayP99Ms: number;
  loopDelayMaxMs: number;
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** Pauses of 10 ms or more, by kind (`minor`, `major`, …). */
  gcLong: Record<string, number>;
}

/** Servers answer `{ type: 'runtime' }` with a RuntimeReport and start counting afresh. */
export async function answerRuntimeRequests(): Promise<void> {
  const { monitorEventLoopDelay, PerformanceObserver, constants } = await import('node:perf_hooks');
  const kinds: Record<number, string> = {
    [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor',
    [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major',
    [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental',
    [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weakcb',
  };
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let gc = { count: 0, total: 0, max: 0, long: {} as Record<string, number> };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      gc.count++;
      gc.total += entry.duration;
      gc.max = Math.max(gc.max, entry.duration);
      const kind = kinds[((entry as { detail?: { kind?: number } }).detail)?.kind ?? -1] ?? 'other';
      if (entry.duration >= 10) gc.long[kind] = (gc.long[kind] ?? 0) + 1;
    }
  }).observe({ entryTypes: ['gc'] });
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  process.on('message', (message: { type?: string }) => {
    if (message?.type !== 'runtime') return;
    const report: RuntimeReport = {
      type: 'runtime',
      loopDelayP50Ms: ms(loop.percentile(50)),
      loopDelayP99Ms: ms(loop.percentile(99)),
      loopDelayMaxMs: ms(loop.max),
      gcCount: gc.count,
      gcTotalMs: Math.round(gc.total),
      gcMaxMs: Math.round(gc.max * 10) / 10,
      gcLong: gc.long,
    };
    loop.reset();
    gc = { count: 0, total: 0, max: 0, long: {} };
    process.send?.(report);
  });
}
