import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // real services for every run (Postgres, Redis, Asterisk, SIPp): fails, never skips, when missing
    globalSetup: ['./test/global-setup.ts'],
    // the real-Asterisk tests share one Asterisk and its SIP ports: one file at a time
    fileParallelism: false,
  },
});
