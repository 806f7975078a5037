// `npm run test:soak` (scripts/soak.ts): the long runs of issue 8 part 5, kept out of
// `npm test` — mixed traffic at 50 connections for 60 s and the wall map left open
// under intake for 30 minutes. One file at a time, so neither disturbs the other.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.soak.ts'],
    globalSetup: ['tests/setup/global.ts'],
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    testTimeout: 4 * 3_600_000,
    hookTimeout: 300_000,
    reporters: ['default'],
  },
});
