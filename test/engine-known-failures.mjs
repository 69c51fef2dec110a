// Tests known to fail in one engine for a reason outside the test harness (a finding for the
// owner of the code or test, see issue 14). test/run.mjs counts a listed failure as skipped,
// prints it with its reason on every run, and says so when a listed test passes again (then
// take it off this list). A failure that is not listed fails the run as usual.
//
// Each entry: engine, `test` (the start of the test's full name, suites joined with ' > '),
// and why.
// (WebKit's "no session without a cookie" was here: a session cookie an earlier test file left
// in msw's cookie store. Every test file now starts clean: web-test-runner.config.mjs.)
export const KNOWN_FAILURES = [];

/** The known failure a failed test of `engine` named `name` is, if any. */
export function knownFailure(engine, name) {
  return KNOWN_FAILURES.find((k) => k.engine === engine && name.startsWith(k.test));
}
