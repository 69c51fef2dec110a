/**
 * test/timing.mjs for the unit and component tests, in the browser: how much longer than on an
 * idle 4-core machine a wait may take here. web-test-runner.config.mjs writes the scale into the
 * test page (`globalThis.__TEST_TIME_SCALE__`); without it (another runner), 1.
 */
declare global {
  var __TEST_TIME_SCALE__: number | undefined;
}

export const TIME_SCALE: number = globalThis.__TEST_TIME_SCALE__ ?? 1;

/** A wait written for an idle 4-core machine, scaled to this one. */
export function scaled(ms: number): number {
  return Math.round(ms * TIME_SCALE);
}
