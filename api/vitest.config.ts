import { defineConfig } from 'vitest/config';

// Real Postgres, Redis and Asterisk on a 2-core machine shared with other test runs: generous timeouts,
// and at most two test files at once.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 120_000,
    maxWorkers: 2,
    onUnhandledError(error) {
      // A test database is dropped WITH (FORCE) at teardown (@cobranza/db/testing); a pool connection that
      // is still closing then receives "terminating connection due to administrator command" (57P01) on a
      // client nobody listens to any more. Only that error, which cannot happen during a test, is ignored.
      if ((error as { code?: string }).code === '57P01') return false;
    },
  },
});
