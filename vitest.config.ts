/**
 * Two projects: `fast` (unit tests, seconds in all: `npm run test:fast`) and `slow` (end-to-end CLI
 * runs, property and fuzz suites, sweeps, the README's commands, the browser; `npm test` runs both).
 * The budgets are explicit and generous because the machines that run them are shared and slow: a
 * test's verdict never depends on the machine's speed, only a hang runs into them. Performance is
 * measured by `npm run bench`, not by timed tests.
 */

import { defineConfig } from 'vitest/config';

/** Files whose tests simulate whole fleets, spawn the CLI or run many simulations. */
const SLOW = [
  'test/e2e/**/*.test.ts',
  'test/regression/**/*.test.ts',
  'test/properties/**/*.test.ts',
  'test/**/*.property.test.ts',
  'test/readme/**/*.test.ts',
  'test/packaging/**/*.test.ts',
  'test/scenarios/**/*.test.ts',
  'test/scenario/fuzz.test.ts',
  'test/report/browser.test.ts',
  'test/report/html-report.test.ts',
  'test/sweep/cli.test.ts',
  'test/sweep/compare.test.ts',
  'test/sweep/determinism.test.ts',
  'test/testing/check.test.ts',
  'test/reliability/**/*.test.ts',
  'test/calibrate/round-trip.test.ts',
  'test/backtest/**/*.test.ts',
];

const MINUTE = 60_000;

export default defineConfig({
  test: {
    globalSetup: ['test/setup/temp-guard.ts'],
    projects: [
      {
        extends: true,
        // The unit tests share no global state (no mocks, no stubs), so one module graph for all
        // of them halves the fast loop's time.
        test: { name: 'fast', isolate: false, include: ['test/**/*.test.ts'], exclude: SLOW, testTimeout: 2 * MINUTE, hookTimeout: 2 * MINUTE },
      },
      {
        extends: true,
        test: { name: 'slow', include: SLOW, testTimeout: 20 * MINUTE, hookTimeout: 20 * MINUTE },
      },
    ],
  },
});
