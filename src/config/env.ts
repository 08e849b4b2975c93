import { z } from 'zod';

/** Environment settings, validated once at start-up: a typo fails loudly instead of defaulting silently. */
export const EnvConfig = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  REDIS_URL: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  AGENCIES_DIR: z.string().optional(),
  INTENTS_DIR: z.string().optional(),
  INSTANCE_ID: z.string().optional(),
  /** Extra origins allowed to embed any agency's widget frame (comma-separated), e.g. a staging site. */
  FRAME_ANCESTORS: z.string().optional(),
  /** Operator accounts (`npm run operators`); without the file the demo's accounts are used. */
  OPERATORS_FILE: z.string().default('operators.yaml'),
  /** Seconds a disconnected operator keeps their conversations before they go back to the queue. */
  OPERATOR_GRACE_SECONDS: z.coerce.number().min(0).max(3600).default(60),
  /** Signs operator sessions; set the same on every instance, or leave unset to keep one in Redis. */
  OPERATOR_SESSION_SECRET: z.string().min(32).optional(),
  OPERATOR_SESSION_HOURS: z.coerce.number().min(0.1).max(24).default(8),
});
export type EnvConfig = z.infer<typeof EnvConfig>;

export function readEnv(env: NodeJS.ProcessEnv = process.env): EnvConfig {
  const parsed = EnvConfig.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
    throw new Error(`invalid environment: ${fields}`);
  }
  return parsed.data;
}
