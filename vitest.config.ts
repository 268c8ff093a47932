import { defineConfig } from 'vitest/config';

// Two groups: fast tests in parallel first, then everything that drives the real Docker engine or
// spawns whole clusters, one file at a time (2 cores; containers and ports must not contend).
const SERIAL = ['test/e2e/**/*.test.ts', 'test/**/*docker*.test.ts', 'test/apiserver/storage/lowdb-crash.test.ts'];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: SERIAL,
          sequence: { groupOrder: 0 },
          testTimeout: 20_000,
          maxWorkers: 2,
        },
      },
      {
        test: {
          name: 'e2e',
          include: SERIAL,
          sequence: { groupOrder: 1 },
          fileParallelism: false,
          maxWorkers: 1,
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
