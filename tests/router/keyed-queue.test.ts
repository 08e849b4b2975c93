import { describe, expect, it } from 'vitest';
import { KeyedQueue } from '../../src/router/index.js';

const tick = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('KeyedQueue', () => {
  it('runs one key in order, other keys concurrently, and survives a failing task', async () => {
    const queue = new KeyedQueue();
    const log: string[] = [];
    const a1 = queue.run('a', async () => { await tick(30); log.push('a1'); });
    const a2 = queue.run('a', async () => { log.push('a2'); throw new Error('boom'); });
    const a3 = queue.run('a', async () => { log.push('a3'); return 3; });
    const b1 = queue.run('b', async () => { log.push('b1'); });
    await expect(a2).rejects.toThrow('boom');
    expect(await a3).toBe(3);
    await Promise.all([a1, b1]);
    expect(log).toEqual(['b1', 'a1', 'a2', 'a3']);
    await queue.drain();
    await tick(0);
    expect(queue.size).toBe(0);
  });
});
