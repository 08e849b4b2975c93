/**
 * Runs tasks one at a time per key, in arrival order; different keys run concurrently. This is Rasa's
 * per-sender lock in miniature: two messages of one conversation never race through the router.
 * Keys with nothing queued are dropped, so the map holds only conversations with work in flight.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Conversations with work queued or running. */
  get size(): number {
    return this.#tails.size;
  }

  /** Resolves when everything queued so far has finished (for graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all([...this.#tails.values()]);
  }
}
