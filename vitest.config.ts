import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/*.contract.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Two cores: browser and Redis tests share a machine, so keep concurrency modest.
    maxWorkers: 2,
    globalSetup: ['tests/setup/global-redis.ts'],
    env: { LOG_LEVEL: 'silent', DOTENV_CONFIG_QUIET: 'true' },
  },
});
