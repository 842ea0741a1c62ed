import { defineConfig } from 'vitest/config';

// The browser end-to-end run: real Postgres, Redis, Asterisk and Debian's Chromium. One file, serial.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/e2e/**/*.e2e.test.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
