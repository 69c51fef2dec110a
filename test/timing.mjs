// How long the tests may wait, and how much they run at once, on this machine (issue 12: a
// suite that holds on a busy 2-core machine). Tests wait for conditions; the timeouts that
// must exist (a story that never finishes, a test that hangs) are written for an idle machine
// with 4 cores and scaled here. Used by test/run.mjs, web-test-runner.config.mjs and the
// end-to-end tests.
import { availableParallelism } from 'node:os';

/** Cores this process may use (os.availableParallelism()). */
export const CORES = availableParallelism();

/**
 * How much longer than on an idle 4-core machine a wait may take here: TEST_TIME_SCALE when
 * set; else 4 / cores (at least 1), doubled under CI (shared machines, nobody watching).
 */
export const TIME_SCALE = (() => {
  const asked = Number(process.env.TEST_TIME_SCALE);
  if (Number.isFinite(asked) && asked > 0) return asked;
  return Math.max(1, 4 / CORES) * (process.env.CI ? 2 : 1);
})();

/** A timeout written for an idle 4-core machine, scaled to this one. */
export function scaled(ms) {
  return Math.round(ms * TIME_SCALE);
}

/** How many browser pages (or processes) to run at once: one per core, at least 1, at most `max`. */
export function parallel(max) {
  return Math.max(1, Math.min(max, CORES));
}
