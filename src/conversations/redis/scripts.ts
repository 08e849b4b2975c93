import { readFileSync } from 'node:fs';
import type { RedisClient } from './connection.js';

/**
 * The Lua scripts in `./scripts`, registered on a client with `defineCommand` (EVALSHA, falling back to EVAL
 * when a restarted Redis has lost its script cache). Each file's header lists its KEYS and ARGV.
 */
const SCRIPTS = {
  swbAppend: { file: 'append.lua', keys: 3 },
  swbCasOwner: { file: 'cas-owner.lua', keys: 1 },
  swbUpdate: { file: 'update.lua', keys: 1 },
  swbExpire: { file: 'expire.lua', keys: 3 },
  swbListOwed: { file: 'list-owed.lua', keys: 1 },
  swbForgetOwed: { file: 'forget-owed.lua', keys: 1 },
  swbLease: { file: 'lease.lua', keys: 1 },
} as const;

export interface ScriptCommands {
  /** `[0]` not found; `[1|2, seq, at, body]` appended / duplicate; `[3]` citizen message to a closed conversation. */
  swbAppend(
    rec: string,
    log: string,
    cid: string,
    clientId: string,
    at: string,
    body: string,
    fromCitizen: '0' | '1',
    channel: string,
    noticeHead: string,
  ): Promise<unknown[]>;
  swbCasOwner(rec: string, expected: string, next: string, updatedAt: string): Promise<number>;
  swbUpdate(rec: string, ...args: string[]): Promise<0 | string[]>;
  swbExpire(rec: string, log: string, cid: string, seconds: number): Promise<number>;
  swbListOwed(owed: string, nowMs: number, id: string): Promise<number>;
  swbForgetOwed(owed: string, id: string, since: number): Promise<number>;
  /** `ttlMs` 0 gives the lease back. */
  swbLease(lease: string, holder: string, ttlMs: number): Promise<number>;
}

const sources = new Map<string, string>();

function source(file: string): string {
  let lua = sources.get(file);
  if (lua === undefined) {
    lua = readFileSync(new URL(`./scripts/${file}`, import.meta.url), 'utf8');
    sources.set(file, lua);
  }
  return lua;
}

export function withScripts(client: RedisClient): RedisClient & ScriptCommands {
  for (const [name, { file, keys }] of Object.entries(SCRIPTS)) {
    client.defineCommand(name, { numberOfKeys: keys, lua: source(file) });
  }
  return client as RedisClient & ScriptCommands;
}
