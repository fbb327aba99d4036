import { defineConfig } from 'vitest/config';

// Dates in fixtures carry explicit offsets; pinning the zone makes any accidental local-time
// formatting show up the same on every machine (as Microsoft's MHA does in its global setup).
process.env['TZ'] = 'UTC';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          globalSetup: ['test/helpers/cli-bundle.ts'],
          // A test that starts a process (the CLI, npm pack) waits on the machine, not only on
          // itself: on a loaded machine 5 s is too little for that, and 30 s still ends a hang.
          testTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
