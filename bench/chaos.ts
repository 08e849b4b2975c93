/**
 * `npm run chaos -- [--conversations 1000] [--messages 8] [--fault kill|freeze] [--seconds 10]`
 *
 * Two Switchboard instances (child processes) on one Redis of our own (AOF, `appendfsync always`, never
 * port 6379), N citizens over real WebSockets behaving like the widget (tests/helpers/resilient-citizen.ts),
 * each asking M questions with pauses so that traffic flows through the fault. Two seconds in, Redis is
 * SIGKILLed (restarted on the same AOF after S seconds) or SIGSTOPped (SIGCONT after S seconds).
 *
 * Prints, and writes as one JSON line: accepted, lost (acknowledged but not in the log at its seq), stored
 * twice, unanswered (a stored citizen message without exactly one turn), never accepted (given up by the
 * client), instance exits, the time from the fault's end until both instances report healthy, recovery
 * (from the fault's end until the last message stored before it was answered; and the median and p95
 * wait of those answers), warn/error log lines. Bounded: stops by itself, targets 127.0.0.1 only.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import { RedisConversationStore } from '../src/conversations/index.js';
import { freePort, waitForPort } from '../scripts/cluster/processes.js';
import { startRedisServer } from '../tests/setup/redis-server.js';
import { auditCitizens, ResilientCitizen } from '../tests/helpers/resilient-citizen.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000' },
    messages: { type: 'string', default: '8' },
    fault: { type: 'string', default: 'kill' },
    seconds: { type: 'string', default: '10' },
    out: { type: 'string', default: 'docs/chaos-runs.jsonl' },
  },
});
const conversations = Number(values.conversations);
const messages = Number(values.messages);
const faultSeconds = Number(values.seconds);
const fault = values.fault === 'freeze' ? 'freeze' : 'kill';
const QUESTIONS = ['When is the income tax return deadline?', 'I lost my passport', 'How do I register a vehicle?', 'what is the tax free income', 'How do I apply for an ID card?', 'When will I get my tax refund?', 'How do I declare income from abroad?', 'My bike was stolen'];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Instance {
  url: string;
  child: ChildProcess;
  exits: number;
  logLines: { warn: number; error: number };
}

async function startInstance(name: string, redisUrl: string): Promise<Instance> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    // Every simulated citizen comes from 127.0.0.1: lift the per-address limits meant for real clients.
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: redisUrl, INSTANCE_ID: name, LOG_LEVEL: 'warn', WS_HANDSHAKES_PER_MINUTE: '1000000', API_REQUESTS_PER_MINUTE: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const instance: Instance = { url: `http://127.0.0.1:${port}`, child, exits: 0, logLines: { warn: 0, error: 0 } };
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    for (const line of chunk.split('\n')) {
      if (line.includes('"level":40')) instance.logLines.warn++;
      if (line.includes('"level":50') || line.includes('"level":60')) instance.logLines.error++;
    }
  });
  child.on('exit', () => instance.exits++);
  await waitForPort(port, child, 60_000);
  return instance;
}

async function healthy(instance: Instance): Promise<boolean> {
  try {
    return (await fetch(`${instance.url}/healthz`, { signal: AbortSignal.timeout(1_000) })).status === 200;
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const redis = await startRedisServer({ persistent: true });
  const instances = [await startInstance('chaos-a', redis.url), await startInstance('chaos-b', redis.url)];
  const reader = new Redis(redis.url, { maxRetriesPerRequest: 1 });
  reader.on('error', () => undefined); // down on purpose during the fault
  const store = new RedisConversationStore(reader);
  try {
    const citizens = Array.from({ length: conversations }, (_, i) => new ResilientCitizen(instances[i % 2].url, { language: 'en', agency: 'tax', ackTimeoutMs: 4_000 }));
    for (let i = 0; i < citizens.length; i += 100) await Promise.all(citizens.slice(i, i + 100).map((citizen) => citizen.start()));
    console.log(`${conversations} conversations open on two instances; ${fault} Redis for ${faultSeconds} s, 2 s from now`);

    // Spread each citizen's questions over the fault window and a little after it.
    const spanMs = (2 + faultSeconds + 6) * 1_000;
    const talking = Promise.all(
      citizens.map(async (citizen, i) => {
        await sleep(Math.random() * (spanMs / messages));
        for (let m = 0; m < messages; m++) {
          await citizen.ask(QUESTIONS[(i + m) % QUESTIONS.length], 60_000);
          await sleep((spanMs / messages) * (0.5 + Math.random()));
        }
      }),
    );

    await sleep(2_000);
    const faultStarted = Date.now();
    if (fault === 'kill') await redis.stop();
    else redis.freeze();
    await sleep(faultSeconds * 1_000);
    if (fault === 'kill') await redis.start();
    else redis.thaw();
    const faultEnded = Date.now();

    let healthyAfterMs: number | null = null;
    const deadline = faultEnded + 120_000;
    while (Date.now() < deadline && healthyAfterMs === null) {
      if ((await Promise.all(instances.map(healthy))).every(Boolean)) healthyAfterMs = Date.now() - faultEnded;
      else await sleep(100);
    }
    await talking;
    for (const citizen of citizens) citizen.finish();
    // Turns still owed finish on their own; wait for them (bounded) before auditing.
    for (let waited = 0; waited < 60_000 && (await owedTurns(store, citizens)) !== 0; waited += 500) await sleep(500);

    // Questions first sent while the fault lasted: when their answers reached the citizen, from its end.
    const answeredAfterFault = citizens.flatMap((citizen) =>
      citizen.stats.asks.filter((ask) => ask.sentAt >= faultStarted && ask.sentAt <= faultEnded && ask.answeredAt !== undefined).map((ask) => Math.max(0, ask.answeredAt! - faultEnded)),
    );
    const askedDuringFault = citizens.reduce((sum, citizen) => sum + citizen.stats.asks.filter((ask) => ask.sentAt >= faultStarted && ask.sentAt <= faultEnded).length, 0);
    const totals = await auditCitizens(citizens, (id) => store.eventsAfter(id, 0, 10_000));
    const result = {
      at: new Date().toISOString(),
      fault,
      faultSeconds,
      conversations,
      messagesPerConversation: messages,
      ...totals,
      instanceExits: instances.reduce((sum, instance) => sum + instance.exits, 0),
      healthyAfterMs,
      askedDuringFault,
      askedDuringFaultAnswered: answeredAfterFault.length,
      recoveryMs: answeredAfterFault.length ? Math.max(...answeredAfterFault) : 0,
      recoveryP50Ms: percentile(answeredAfterFault, 0.5),
      recoveryP95Ms: percentile(answeredAfterFault, 0.95),
      reconnects: citizens.reduce((sum, citizen) => sum + citizen.stats.reconnects, 0),
      retryableErrors: citizens.reduce((sum, citizen) => sum + citizen.stats.retryableErrors, 0),
      warnLogLines: instances.reduce((sum, instance) => sum + instance.logLines.warn, 0),
      errorLogLines: instances.reduce((sum, instance) => sum + instance.logLines.error, 0),
    };
    console.table(result);
    console.log(JSON.stringify(result));
    appendFileSync(values.out!, `${JSON.stringify(result)}\n`);
  } finally {
    reader.disconnect();
    for (const instance of instances) {
      if (instance.child.exitCode === null) {
        const exited = new Promise((resolve) => instance.child.once('exit', resolve));
        instance.child.kill('SIGTERM');
        await Promise.race([exited, sleep(5_000)]);
        instance.child.kill('SIGKILL');
      }
    }
    await redis.dispose();
  }
}

function percentile(values: number[], p: number): number {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Conversations whose stored citizen messages still wait for their turn. */
async function owedTurns(store: RedisConversationStore, citizens: ResilientCitizen[]): Promise<number> {
  let owed = 0;
  try {
    for (const citizen of citizens) {
      if (!citizen.conversationId) continue;
      const record = await store.get(citizen.conversationId);
      if (record && record.lastCitizenSeq > record.turnSeq) owed++;
    }
  } catch {
    return Number.NaN;
  }
  return owed;
}

await main();
process.exit(0);
