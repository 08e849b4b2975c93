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
