import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryOf, runGenerator, startListening } from '../../bench/load/children.js';
import type { MemoryReport } from '../../bench/load/ipc.js';
import type { Owned } from '../../scripts/cluster/processes.js';

/**
 * Memory per widget connection, measured (not timed) in a separate server process with `--expose-gc`:
 * a conversation that has exchanged a message must not cost more than three times an idle one. A guard
 * against retaining object graphs per conversation (that costs ten times and more), not a budget: a
 * conversation now also keeps its routing decisions for operators (~1 KB as JSON) and its owed-turn
 * listing, measured 2.0–2.2× on a quiet machine and up to 2.5× with other work on it.
 * npm run bench reports the absolute figures (docs/PERFORMANCE.md).
 */
const CONNECTIONS = 4000;
let server: Owned & { port: number };

beforeAll(async () => {
  // The young generation's pages (V8 grows each semi-space up to 16 MB) are committed by the first burst
  // of turns and stay in RSS: a cost per process, not per connection, that would dominate a few thousand
  // connections. Capping it keeps the comparison about what each conversation holds on to.
  server = await startListening('memory-probe', 'bench/load/switchboard-server.ts', { LOG_LEVEL: 'silent' }, ['--expose-gc', '--max-semi-space-size=1']);
}, 120_000);

afterAll(async () => {
  await server?.stop();
});

describe('memory per connection', () => {
  it('after one message each stays under three times the idle figure', async () => {
    const base = await memoryOf(server.child);
    const reports: MemoryReport[] = [];
    const result = await runGenerator(
      { url: `http://127.0.0.1:${server.port}`, kind: 'switchboard', shape: 'idle', conversations: CONNECTIONS, durationMs: 0, oneMessageEach: true },
      async () => {
        reports.push(await memoryOf(server.child));
      },
    );
    expect(result.connected).toBe(CONNECTIONS);
    expect(reports).toHaveLength(2);
    const [idle, afterOne] = reports.map((report) => (report.rssKb - base.rssKb) / CONNECTIONS);
    expect(idle).toBeGreaterThan(0);
    expect(afterOne, `KB per connection: idle ${idle.toFixed(2)}, after one message ${afterOne.toFixed(2)}`).toBeLessThan(3 * idle);
  }, 120_000);
});
