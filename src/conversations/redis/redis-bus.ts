import { EventEmitter } from 'node:events';
import type { Logger } from '../../log/index.js';
import { decodeBusNotice, type BusNotice } from '../../protocol/index.js';
import type { ConversationBus } from '../store.js';
import type { RedisClient } from './connection.js';
import { guarded } from './errors.js';
import { RedisKeys } from './keys.js';

const ALL = Symbol('all');

/**
 * Notices between instances over Redis pub/sub: one channel per conversation (subscribed while at least
 * one local listener wants it) and one for service-wide notices. Publishing uses the command connection;
 * receiving needs its own connection, because a subscribed connection can do nothing else.
 *
 * Notices are hints ("seq 7 exists"); receivers read the log themselves, so pub/sub's at-most-once
 * delivery loses nothing: a widget that missed a notice catches up on its next read or resume.
 */
export class RedisConversationBus implements ConversationBus {
  readonly #publisher: RedisClient;
  readonly #subscriber: RedisClient;
  readonly #keys: RedisKeys;
  readonly #log?: Logger;
  readonly #local = new EventEmitter().setMaxListeners(0);
  readonly #counts = new Map<string, number>();

  constructor(publisher: RedisClient, subscriber: RedisClient, options: { prefix?: string; logger?: Logger } = {}) {
    this.#publisher = publisher;
    this.#subscriber = subscriber;
    this.#keys = new RedisKeys(options.prefix);
    this.#log = options.logger;
    this.#subscriber.on('message', this.#onMessage);
    this.#watch(this.#keys.allChannel());
  }

  async publish(notice: BusNotice): Promise<void> {
    const channel =
      'conversationId' in notice ? this.#keys.conversationChannel(notice.conversationId) : this.#keys.allChannel();
    await guarded(() => this.#publisher.publish(channel, JSON.stringify(notice)));
  }

  subscribe(conversationId: string, listener: (notice: BusNotice) => void): () => void {
    const channel = this.#keys.conversationChannel(conversationId);
    this.#local.on(channel, listener);
    this.#watch(channel);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.#local.off(channel, listener);
      this.#unwatch(channel);
    };
  }

  subscribeAll(listener: (notice: BusNotice) => void): () => void {
    this.#local.on(ALL, listener);
    return () => this.#local.off(ALL, listener);
  }

  /**
   * Resolves once every (un)subscribe asked for so far has reached Redis: commands on one connection are
   * answered in order, so a PING answered means the SUBSCRIBEs before it are live.
   */
  async settled(): Promise<void> {
    await guarded(() => this.#subscriber.ping());
  }

  async close(): Promise<void> {
    this.#subscriber.off('message', this.#onMessage);
    this.#local.removeAllListeners();
    this.#counts.clear();
  }

  readonly #onMessage = (channel: string, message: string): void => {
    const notice = decodeBusNotice(message);
    if (!notice) {
      this.#log?.warn({ channel }, 'ignoring a bus notice that is not one');
      return;
    }
    if (channel === this.#keys.allChannel()) this.#local.emit(ALL, notice);
    else this.#local.emit(channel, notice);
  };

  // The subscriber keeps an offline queue and `autoResubscribe`, so (un)subscribing while Redis is away is
  // queued and replayed on reconnect rather than lost.
  #watch(channel: string): void {
    const count = this.#counts.get(channel) ?? 0;
    this.#counts.set(channel, count + 1);
    if (count === 0) this.#subscriber.subscribe(channel).catch((err) => this.#failed('subscribe', err));
  }

  #unwatch(channel: string): void {
    const count = (this.#counts.get(channel) ?? 1) - 1;
    if (count > 0) {
      this.#counts.set(channel, count);
      return;
    }
    this.#counts.delete(channel);
    this.#subscriber.unsubscribe(channel).catch((err) => this.#failed('unsubscribe', err));
  }

  #failed(operation: string, err: unknown): void {
    this.#log?.warn({ err, operation }, 'bus subscription change failed');
  }
}
