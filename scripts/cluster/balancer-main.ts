import { startBalancer } from './tcp-balancer.js';

/** The balancer as its own process (so the benchmark can keep its CPU apart): PORT, BACKENDS=p1,p2,p3. */
const backends = (process.env.BACKENDS ?? '').split(',').filter(Boolean).map(Number);
const balancer = await startBalancer({ port: Number(process.env.PORT ?? 0), backends });
process.send?.({ type: 'listening', port: balancer.port });
process.on('SIGTERM', () => {
  void balancer.close().then(() => process.exit(0));
});
