import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 180_000,
    // the real-Asterisk tests share one Asterisk and one set of SIP ports: one file at a time
    fileParallelism: false,
  },
});
