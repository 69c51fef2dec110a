/**
 * The wall clock and timers of the session's lifetime (issue 17): the warning before a session
 * ends and the end. One object, so that tests can put a fake clock in its place (no test waits
 * two real minutes): `test/component/fake-clock.ts`.
 */
export const clock = {
  now: (): number => Date.now(),
  setTimeout: (callback: () => void, ms: number): number => window.setTimeout(callback, ms),
  clearTimeout: (id: number | undefined): void => window.clearTimeout(id),
};
