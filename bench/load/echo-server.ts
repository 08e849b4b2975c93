/**
 * The baseline: a bare ws server on /ws that parses each frame as JSON and answers it, nothing else.
 * PORT, DEFLATE=1 to turn perMessageDeflate on (for the memory-per-connection comparison).
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { answerMemoryRequests } from './ipc.js';

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: process.env.DEFLATE === '1' });
const server = createServer((_, response) => response.writeHead(404).end());
server.on('upgrade', (request, socket, head) => {
  if (!request.url?.startsWith('/ws')) return socket.destroy();
  wss.handleUpgrade(request, socket, head, (ws) => {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as { type: string; clientId?: string };
      if (frame.type === 'hello') ws.send(JSON.stringify({ type: 'welcome', seq: 0 }));
      else ws.send(JSON.stringify({ type: 'echo', clientId: frame.clientId }));
    });
    ws.on('error', () => {});
  });
});
answerMemoryRequests(() => wss.clients.size);
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => {
  const address = server.address();
  process.send?.({ type: 'listening', port: typeof address === 'object' && address ? address.port : 0 });
});
process.on('SIGTERM', () => {
  for (const ws of wss.clients) ws.terminate();
  server.close(() => process.exit(0));
});
