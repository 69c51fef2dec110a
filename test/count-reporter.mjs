// Counts passed and failed tests of a web-test-runner run (a file that failed to
// load counts as one failure) and writes them to a JSON file for test/run.mjs.
import { writeFileSync } from 'node:fs';

function count(suite, totals) {
  for (const test of suite.tests ?? []) {
    if (test.skipped) totals.skipped += 1;
    else if (test.passed) totals.passed += 1;
    else totals.failed += 1;
  }
  for (const child of suite.suites ?? []) count(child, totals);
}

export function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const totals = { passed: 0, failed: 0, skipped: 0 };
      for (const session of sessions) {
        const failedBefore = totals.failed;
        if (session.testResults) count(session.testResults, totals);
        // A file that failed to load, or failed outside any test, is one failure.
        if (!session.passed && totals.failed === failedBefore) totals.failed += 1;
      }
      if (file) writeFileSync(file, JSON.stringify(totals));
      else process.once('exit', () => console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`));
    },
  };
}
