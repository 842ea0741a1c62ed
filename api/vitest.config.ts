import { defineConfig } from 'vitest/config';

// Real Postgres, Redis and Asterisk on a 2-core machine shared with other test runs: generous timeouts,
// and at most two test files at once.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
  },
});
