import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Connection, type ConnectionState } from '../../widget/frame/connection.js';

/** A stand-in for the browser WebSocket: records what is sent, lets the test open, answer and drop it. */
class FakeSocket {
  sent: string[] = [];
  closed = false;
  onopen?: () => void;
  onmessage?: (event: { data: string }) => void;
  onclose?: () => void;
  onerror?: () => void;
  send(data: string) {
    this.sent.push(data);
  }
  close() {
    this.closed = true;
  }
  serverSays(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
}

const welcome = { type: 'welcome', seq: 0, conversationId: 'c', token: 'c.secret-token', state: 'bot', language: 'en', resumed: false };

describe('Connection', () => {
  let sockets: FakeSocket[];
  let states: ConnectionState[];
  let frames: string[];
  let connection: Connection;

  beforeEach(() => {
    vi.useFakeTimers();
    sockets = [];
    states = [];
    frames = [];
    connection = new Connection({
      url: 'ws://sb/ws',
      hello: () => ({ type: 'hello', agency: 'tax' }),
      onFrame: (frame, number) => frames.push(`${frame.type}#${number}`),
      onState: (state) => states.push(state),
      createSocket: () => {
        const socket = new FakeSocket();
        sockets.push(socket);
        return socket as unknown as WebSocket;
      },
      random: () => 1,
      ackTimeoutMs: 5000,
    });
  });

  afterEach(() => {
    connection.stop();
    vi.useRealTimers();
  });

  it('says hello again, after a jittered wait, when hello meets a retryable error (storage down)', () => {
    connection.start();
    sockets[0].onopen?.();
    sockets[0].serverSays({ type: 'error', seq: 0, code: 'SWB_ERR_STORE_UNAVAILABLE', message: 'Storage is unavailable', retryable: true });
    expect(sockets[0].sent).toHaveLength(1);
    expect(frames).toEqual([]);
    vi.advanceTimersByTime(499);
    expect(sockets[0].sent).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets[0].sent.map((raw) => JSON.parse(raw).type)).toEqual(['hello', 'hello']);
    // Backoff grows: a second failure waits longer (random() = 1 gives the ceiling: 500, then 1000 ms).
    sockets[0].serverSays({ type: 'error', seq: 0, code: 'SWB_ERR_STORE_UNAVAILABLE', message: 'Storage is unavailable', retryable: true });
    vi.advanceTimersByTime(999);
    expect(sockets[0].sent).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets[0].sent).toHaveLength(3);
    sockets[0].serverSays(welcome);
    expect(connection.state).toBe('open');
    expect(sockets).toHaveLength(1);
  });

  it('says hello on open and counts as open only after welcome', () => {
    connection.start();
    sockets[0].onopen?.();
    expect(JSON.parse(sockets[0].sent[0])).toEqual({ type: 'hello', agency: 'tax' });
    expect(connection.send({ type: 'typing', active: true })).toBe(false);
    sockets[0].serverSays(welcome);
    expect(states).toEqual(['connecting', 'open']);
    expect(frames).toEqual(['welcome#1']);
    expect(connection.send({ type: 'typing', active: true })).toBe(true);
  });

  it('reconnects with growing delays, and at once when nudged (online / visible)', () => {
    connection.start();
    sockets[0].onclose?.();
    expect(states.at(-1)).toBe('offline');
    vi.advanceTimersByTime(499);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    sockets[1].onclose?.();
    vi.advanceTimersByTime(999);
    expect(sockets).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(3);
    sockets[2].onerror?.();
    connection.nudge();
    expect(sockets).toHaveLength(4);
    // A welcome resets the backoff.
    sockets[3].onopen?.();
    sockets[3].serverSays(welcome);
    sockets[3].onclose?.();
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(5);
  });

  it('drops a socket that leaves a message unacknowledged, and reconnects', () => {
    connection.start();
    sockets[0].onopen?.();
    sockets[0].serverSays(welcome);
    connection.send({ type: 'message', clientId: 'abcdefgh-1', text: 'hi' });
    vi.advanceTimersByTime(4999);
    expect(sockets[0].closed).toBe(false);
    vi.advanceTimersByTime(1);
    expect(sockets[0].closed).toBe(true);
    expect(states.at(-1)).toBe('offline');
    vi.advanceTimersByTime(500);
    expect(sockets).toHaveLength(2);
  });

  it('an ack in time keeps the socket; frames from a replaced socket are ignored', () => {
    connection.start();
    sockets[0].onopen?.();
    sockets[0].serverSays(welcome);
    connection.send({ type: 'message', clientId: 'abcdefgh-2', text: 'hi' });
    sockets[0].serverSays({ type: 'ack', seq: 1, clientId: 'abcdefgh-2', duplicate: false });
    connection.acked();
    vi.advanceTimersByTime(10_000);
    expect(sockets[0].closed).toBe(false);
    sockets[0].onclose?.();
    vi.advanceTimersByTime(500);
    sockets[0].serverSays({ type: 'service', seq: 1, status: 'ok' });
    expect(frames).toEqual(['welcome#1', 'ack#1']);
  });

  it('stop() ends reconnecting', () => {
    connection.start();
    connection.stop();
    sockets[0].onclose?.();
    vi.advanceTimersByTime(60_000);
    expect(sockets).toHaveLength(1);
    expect(states.at(-1)).toBe('idle');
  });
});
