import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';

const port = (name: string) =>
  z.coerce.number({ error: `${name}: expected an integer 0-65535` }).int({ error: `${name}: expected an integer 0-65535` }).min(0, { error: `${name}: expected an integer 0-65535` }).max(65535, { error: `${name}: expected an integer 0-65535` });

/**
 * Every setting, in one schema: read from the environment and, when `CONFIG_FILE` names one, a YAML or
 * JSON file with the same keys (the environment wins). A bad value stops start-up with a message that names
 * the variable and what it expected; a typo never defaults silently.
 */
export const EnvConfig = z.object({
  PORT: port('PORT').default(3000),
  HOST: z.string().min(1, { error: 'HOST: expected a host name or address' }).default('0.0.0.0'),
  REDIS_URL: z
    .string()
    .regex(/^(redis|rediss|redis\+sentinel|redis\+cluster):\/\//, { error: 'REDIS_URL: expected redis://, rediss://, redis+sentinel:// or redis+cluster://' })
    .optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], { error: 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent' }).default('info'),
  AGENCIES_DIR: z.string().optional(),
  INTENTS_DIR: z.string().optional(),
  INSTANCE_ID: z.string().regex(/^[\w.-]{1,64}$/, { error: 'INSTANCE_ID: expected 1-64 letters, digits, ".", "_" or "-"' }).optional(),
  /** Extra origins allowed to embed any agency's widget frame (comma-separated), e.g. a staging site. */
  FRAME_ANCESTORS: z.string().optional(),
  /** Bootstrap token for the registration API's admin routes (create, rotate, revoke agency keys). */
  SWITCHBOARD_ADMIN_TOKEN: z.string().min(24, { error: 'SWITCHBOARD_ADMIN_TOKEN: expected at least 24 characters' }).optional(),
  /** CIDRs (comma-separated) where agencies' remote bots may be although private, loopback or link-local. */
  BOT_ALLOWED_NETWORKS: z
    .string()
    .regex(/^\s*[0-9a-fA-F:.]+\/\d{1,3}\s*(,\s*[0-9a-fA-F:.]+\/\d{1,3}\s*)*$/, { error: 'BOT_ALLOWED_NETWORKS: expected CIDRs separated by commas, e.g. 10.1.0.0/16,127.0.0.1/32' })
    .optional(),
  /** Master secret for signing requests to remote agency bots (each agency's key is derived from it). */
  SWITCHBOARD_BOT_SIGNING_SECRET: z.string().min(32, { error: 'SWITCHBOARD_BOT_SIGNING_SECRET: expected at least 32 characters' }).optional(),
  /** New widget sockets per client address per minute (abuse limit). */
  WS_HANDSHAKES_PER_MINUTE: z.coerce.number({ error: 'WS_HANDSHAKES_PER_MINUTE: expected a positive integer' }).int({ error: 'WS_HANDSHAKES_PER_MINUTE: expected a positive integer' }).min(1, { error: 'WS_HANDSHAKES_PER_MINUTE: expected a positive integer' }).default(120),
  /** `/api/…` requests per client address per minute (abuse limit). */
  API_REQUESTS_PER_MINUTE: z.coerce.number({ error: 'API_REQUESTS_PER_MINUTE: expected a positive integer' }).int({ error: 'API_REQUESTS_PER_MINUTE: expected a positive integer' }).min(1, { error: 'API_REQUESTS_PER_MINUTE: expected a positive integer' }).default(600),
  /** Bearer token required on `/metrics`; unset, `/metrics` is open (keep it off the public network). */
  METRICS_TOKEN: z.string().min(16, { error: 'METRICS_TOKEN: expected at least 16 characters' }).optional(),
  /** On SIGTERM, how long `/readyz` says "not ready" before connections close, so a balancer stops routing here. */
  DRAIN_DELAY_MS: z.coerce
    .number({ error: 'DRAIN_DELAY_MS: expected milliseconds 0-60000' })
    .int({ error: 'DRAIN_DELAY_MS: expected milliseconds 0-60000' })
    .min(0, { error: 'DRAIN_DELAY_MS: expected milliseconds 0-60000' })
    .max(60_000, { error: 'DRAIN_DELAY_MS: expected milliseconds 0-60000' })
    .default(2_000),
  /** Operator accounts (`npm run operators`); without the file the demo's accounts are used. */
  OPERATORS_FILE: z.string().default('operators.yaml'),
  /** Seconds a disconnected operator keeps their conversations before they go back to the queue. */
  OPERATOR_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  /** Signs operator sessions; set the same on every instance, or leave unset to keep one in Redis. */
  OPERATOR_SESSION_SECRET: z.string().min(32).optional(),
  OPERATOR_SESSION_HOURS: z.coerce.number().min(0.1).max(24).default(8),
});
export type EnvConfig = z.infer<typeof EnvConfig>;

/** Settings whose values never reach a log: shown as `***` (a URL keeps all but its password). */
const SECRETS = new Set<string>(['METRICS_TOKEN', 'SWITCHBOARD_ADMIN_TOKEN', 'SWITCHBOARD_BOT_SIGNING_SECRET', 'OPERATOR_SESSION_SECRET']);

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/** Read and check every setting; throws `ConfigError` listing each bad one. */
export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const fromFile = env.CONFIG_FILE ? readConfigFile(env.CONFIG_FILE) : {};
  const known = Object.keys(EnvConfig.shape);
  const fromEnv = Object.fromEntries(Object.entries(env).filter(([key, value]) => known.includes(key) && value !== undefined && value !== ''));
  const parsed = EnvConfig.safeParse({ ...fromFile, ...fromEnv });
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => (issue.message.startsWith(`${String(issue.path[0])}:`) ? issue.message : `${issue.path.join('.')}: ${issue.message}`)));
  }
  return parsed.data;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError([`CONFIG_FILE: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`]);
  }
  const data: unknown = path.endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new ConfigError([`CONFIG_FILE: ${path} must hold a mapping of setting names to values`]);
  const unknown = Object.keys(data).filter((key) => !(key in EnvConfig.shape));
  if (unknown.length) throw new ConfigError(unknown.map((key) => `${key} (in ${path}): not a setting`));
  // Numbers and booleans from YAML become strings, as they would be in the environment.
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? value : String(value)]));
}

/** The settings as they may be logged: secrets masked, a password in a URL masked. */
export function describeConfig(config: EnvConfig): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(config).map(([key, value]) => {
      if (value === undefined) return [key, value];
      // Named ones, and anything whose name says it is a secret: a setting added later cannot leak by omission.
      if (SECRETS.has(key) || /TOKEN|SECRET|PASSWORD/.test(key)) return [key, '***'];
      if (typeof value === 'string' && /^[a-z+]+:\/\//.test(value)) return [key, value.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@')];
      return [key, value];
    }),
  );
}
