import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A round-robin TCP balancer: each incoming connection is piped, bytes untouched, to the next backend.
 * Working at the TCP level makes it WebSocket-safe (the upgrade and every frame pass through as they are),
 * and one TCP connection is one WebSocket, so no stickiness is needed within it. A backend that refuses the
 * connection is skipped for that client.
 */
export interface Balancer {
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

export async function startBalancer(options: { port: number; host?: string; backends: number[] }): Promise<Balancer> {
  const sockets = new Set<Socket>();
  let next = 0;

  const server = createServer({ noDelay: true }, (client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    tryBackend(client, 0);
  });

  function tryBackend(client: Socket, attempt: number): void {
    if (attempt >= options.backends.length) {
      client.destroy();
      return;
    }
    const port = options.backends[next++ % options.backends.length];
    const upstream = connect({ port, host: '127.0.0.1', noDelay: true });
    upstream.once('error', () => {
      if (upstream.bytesRead === 0 && upstream.bytesWritten === 0 && !client.destroyed) tryBackend(client, attempt + 1);
      else client.destroy();
    });
    upstream.once('connect', () => {
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
      client.on('error', () => upstream.destroy());
      client.on('close', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      upstream.on('close', () => client.destroy());
    });
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : options.port,
    server,
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
