import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP relay between a client and Redis, to make a reply go missing on purpose: `cutAfterRequest(match)`
 * forwards the next client chunk containing `match` to Redis and then drops the client's side before the
 * answer comes back, the way a network blip does. Redis still runs the command; the client never hears.
 */
export interface TcpProxy {
  readonly port: number;
  cutAfterRequest(match: string): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(targetPort: number): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let pendingCut: { match: string; done: () => void } | undefined;

  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (chunk) => {
      const cut = pendingCut;
      if (cut && chunk.includes(cut.match)) {
        pendingCut = undefined;
        // Half-close towards Redis after the request: it reads and runs the command; its reply is lost.
        upstream.end(chunk);
        client.destroy();
        pairs.delete(pair);
        cut.done();
        return;
      }
      upstream.write(chunk);
    });
    upstream.on('data', (chunk) => client.write(chunk));
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  return {
    port,
    cutAfterRequest(match) {
      return new Promise((resolve) => {
        pendingCut = { match, done: resolve };
      });
    },
    async close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
