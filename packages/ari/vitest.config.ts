import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Starts (or reuses) the real Asterisk through asterisk-config/run.sh and provides how to reach it.
    globalSetup: ['./test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Real calls share one Asterisk and two cores: one file at a time keeps timings meaningful.
    fileParallelism: false,
  },
});
