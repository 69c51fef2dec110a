// Counts passed, failed and skipped tests of a web-test-runner run, per engine (a file that
// failed to load counts as one failure), and writes them to a JSON file for test/run.mjs:
//   { passed, failed, skipped, engines: { chromium: {passed, failed, skipped}, … },
//     skippedTests: [{ engine, name }], failedTests: [{ engine, name, why }] }
// Without a file, prints the closing line `N passed, N failed, N skipped` at exit.
import { writeFileSync } from 'node:fs';

/** The engine behind a launcher's name ("Chrome", "Firefox", "MiniBrowser" …). */
export function engineOf(browserName = '') {
  if (/firefox/i.test(browserName)) return 'firefox';
  if (/minibrowser|webkit|safari|epiphany/i.test(browserName)) return 'webkit';
  if (/chrom|edge/i.test(browserName)) return 'chromium';
  return browserName.toLowerCase() || 'unknown';
}

function count(suite, totals, engine, path, lists) {
  const here = suite.name ? [...path, suite.name] : path;
  for (const test of suite.tests ?? []) {
    const name = [...here, test.name].join(' > ');
    if (test.skipped) {
      totals.skipped += 1;
      lists.skippedTests.push({ engine, name });
    } else if (test.passed) totals.passed += 1;
    else {
      totals.failed += 1;
      const why = test.error?.message?.split('\n')[0];
      lists.failedTests.push({ engine, name, ...(why ? { why } : {}) });
    }
  }
  for (const child of suite.suites ?? []) count(child, totals, engine, here, lists);
}

export function countReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      const engines = {};
      const lists = { skippedTests: [], failedTests: [] };
      for (const session of sessions) {
        const engine = engineOf(session.browser?.name);
        const totals = (engines[engine] ??= { passed: 0, failed: 0, skipped: 0 });
        const failedBefore = totals.failed;
        if (session.testResults) count(session.testResults, totals, engine, [], lists);
        // A file that failed to load, or failed outside any test, is one failure.
        if (!session.passed && totals.failed === failedBefore) {
          totals.failed += 1;
          const why = session.errors?.[0]?.message?.split('\n')[0] ?? 'failed outside any test';
          lists.failedTests.push({ engine, name: `${session.testFile}: ${why}` });
        }
      }
      const sum = (key) => Object.values(engines).reduce((n, t) => n + t[key], 0);
      const result = { passed: sum('passed'), failed: sum('failed'), skipped: sum('skipped'), engines, ...lists };
      if (file) writeFileSync(file, JSON.stringify(result, null, 1));
      else process.once('exit', () => console.log(`${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`));
    },
  };
}
