import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // real services for every run (Postgres, Redis, Asterisk, SIPp): fails, never skips, when missing
    globalSetup: ['./test/global-setup.ts'],
    // the real-Asterisk tests share one Asterisk and its SIP ports: one file at a time
    fileParallelism: false,
    // database-backed tests and their teardown (stopping a rig, dropping a database) outlast vitest's 5 s / 10 s
    // defaults on a loaded 2-core machine; a test that waits for a call still fails at once on a gate refusal
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
