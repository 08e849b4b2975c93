/**
 * `npm run cluster:local [-- --instances 3 --port 8080]`: a redis-server of its own on a free port, N
 * Switchboard instances (src/main.ts with PORT/REDIS_URL), and a round-robin TCP balancer on one port.
 * Ctrl-C stops everything this script started, by PID.
 */
import { parseArgs } from 'node:util';
import { freePort, startNode, startRedis, stopAll, waitForPort, type Owned } from './cluster/processes.js';
import { startBalancer, type Balancer } from './cluster/tcp-balancer.js';

const { values } = parseArgs({
  options: {
    instances: { type: 'string', default: '3' },
    port: { type: 'string', default: '8080' },
    'log-level': { type: 'string', default: 'info' },
  },
});
const count = Number(values.instances);
const port = Number(values.port);

const owned: Owned[] = [];
let balancer: Balancer | undefined;
let stopping = false;
async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('\nstopping…');
    await balancer?.close();
    await stopAll(owned);
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

try {
  const redis = await startRedis({ aof: true, fsync: 'always' });
  owned.push(redis);
  console.log(`redis-server  pid ${redis.child.pid}  ${redis.url}`);

  const ports: number[] = [];
  for (let i = 1; i <= count; i++) {
    const instancePort = await freePort();
    const instance = startNode(`switchboard-${i}`, 'src/main.ts', {
      env: {
        PORT: String(instancePort),
        HOST: '127.0.0.1',
        REDIS_URL: redis.url,
        LOG_LEVEL: values['log-level'],
        INSTANCE_ID: `switchboard-${i}`,
      },
      inheritOutput: true,
    });
    owned.push(instance);
    await waitForPort(instancePort, instance.child);
    ports.push(instancePort);
    console.log(`switchboard-${i}  pid ${instance.child.pid}  http://127.0.0.1:${instancePort}`);
  }

  balancer = await startBalancer({ port, backends: ports });
  console.log(`\nbalancer on http://127.0.0.1:${balancer.port}  (widget WebSocket: ws://127.0.0.1:${balancer.port}/ws)`);
  console.log('Ctrl-C stops everything.');

  for (const item of owned) {
    item.child.once('exit', (code) => {
      if (!stopping) {
        console.error(`${item.name} exited (code ${code}); stopping the cluster`);
        void shutdown(1);
      }
    });
  }
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  await shutdown(1);
}
