import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, PROJECT_ROOT, readEnv } from '../../src/config/index.js';

const dir = mkdtempSync(join(tmpdir(), 'swb-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    readEnv(env);
    return [];
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
}

describe('configuration', () => {
  it('defaults when nothing is set', () => {
    expect(readEnv({})).toMatchObject({ PORT: 3000, HOST: '0.0.0.0', LOG_LEVEL: 'info', DRAIN_DELAY_MS: 2000 });
  });

  it.each([
    [{ PORT: 'notaport' }, 'PORT: expected an integer 0-65535'],
    [{ PORT: '70000' }, 'PORT: expected an integer 0-65535'],
    [{ PORT: '3.5' }, 'PORT: expected an integer 0-65535'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL: expected one of fatal, error, warn, info, debug, trace, silent'],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL: expected redis://, rediss://, redis+sentinel:// or redis+cluster://'],
    [{ METRICS_TOKEN: 'short' }, 'METRICS_TOKEN: expected at least 16 characters'],
    [{ DRAIN_DELAY_MS: '-1' }, 'DRAIN_DELAY_MS: expected milliseconds 0-60000'],
  ])('%o → %s', (env, message) => {
    expect(problems(env)).toEqual([message]);
  });

  it('names every bad setting at once', () => {
    expect(problems({ PORT: 'x', LOG_LEVEL: 'y' })).toHaveLength(2);
  });

  it('reads a YAML file named by CONFIG_FILE; the environment wins; unknown keys are refused', () => {
    const file = join(dir, 'switchboard.yaml');
    writeFileSync(file, 'PORT: 4000\nLOG_LEVEL: warn\n');
    expect(readEnv({ CONFIG_FILE: file })).toMatchObject({ PORT: 4000, LOG_LEVEL: 'warn' });
    expect(readEnv({ CONFIG_FILE: file, PORT: '5000' })).toMatchObject({ PORT: 5000, LOG_LEVEL: 'warn' });
    writeFileSync(file, 'PROT: 4000\n');
    expect(problems({ CONFIG_FILE: file })).toEqual([`PROT (in ${file}): not a setting`]);
    expect(problems({ CONFIG_FILE: join(dir, 'missing.yaml') })[0]).toMatch(/^CONFIG_FILE: cannot read .*missing\.yaml \(ENOENT\)$/);
  });

  it('masks secrets and URL passwords when printed', () => {
    const described = describeConfig(readEnv({ METRICS_TOKEN: 'a-very-secret-token', REDIS_URL: 'redis://app:hunter2-secret@redis.internal:6379', OPERATOR_SESSION_SECRET: 'session-secret-of-at-least-32-characters!' }));
    expect(described).toMatchObject({ METRICS_TOKEN: '***', REDIS_URL: 'redis://app:***@redis.internal:6379', OPERATOR_SESSION_SECRET: '***' });
    expect(JSON.stringify(described)).not.toMatch(/hunter2|a-very-secret|session-secret/);
    // Every setting whose name says it is a secret is masked: a new one cannot be forgotten.
    const all = describeConfig(readEnv({ METRICS_TOKEN: 'a-very-secret-token', SWITCHBOARD_ADMIN_TOKEN: 'admin-token-of-24-characters-or-more', SWITCHBOARD_BOT_SIGNING_SECRET: 'signing-secret-of-at-least-32-characters', OPERATOR_SESSION_SECRET: 'session-secret-of-at-least-32-characters!' }));
    for (const [key, value] of Object.entries(all)) if (/TOKEN|SECRET|PASSWORD/.test(key) && value !== undefined) expect(value, key).toBe('***');
  });

  it('npm start stops at once on a bad value, naming it', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: PROJECT_ROOT, env: { ...process.env, PORT: 'notaport' }, encoding: 'utf8', timeout: 20_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT: expected an integer 0-65535');
  });
});
