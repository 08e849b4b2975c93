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
  /** Bootstrap token for the registration API's admin routes (create, rotate, revoke agency keys). */
  SWITCHBOARD_ADMIN_TOKEN: z.string().min(24, 'at least 24 characters').optional(),
  /** Master secret for signing requests to remote agency bots (each agency's key is derived from it). */
  SWITCHBOARD_BOT_SIGNING_SECRET: z.string().min(32, 'at least 32 characters').optional(),
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
