// A node:test reporter that writes {passed, failed, skipped} of the leaf tests as JSON, with the
// same per engine: a test under a suite named Chromium, Firefox or WebKit counts for that
// engine; other end-to-end tests run in Chromium; the rest (test/node) count as "node".
//   { passed, failed, skipped, engines: { chromium: {…}, …, node: {…} }, failedTests: [{ engine, name, why }] }
const ENGINE_SUITES = { Chromium: 'chromium', Firefox: 'firefox', WebKit: 'webkit' };

export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0, engines: {}, failedTests: [], skippedTests: [] };
  const stacks = new Map(); // file → names by nesting level
  for await (const event of source) {
    const data = event.data ?? {};
    const stack = stacks.get(data.file) ?? [];
    stacks.set(data.file, stack);
    if (event.type === 'test:start') {
      stack.length = data.nesting;
      stack.push(data.name);
      continue;
    }
    if (event.type !== 'test:pass' && event.type !== 'test:fail') continue;
    // A suite counts only when it failed by itself (a before/after hook), not through its tests.
    if (data.details?.type === 'suite' && (event.type === 'test:pass' || data.details.error?.failureType === 'subtestsFailed')) continue;
    const path = [...stack.slice(0, data.nesting), data.name];
    const suite = path.find((name) => ENGINE_SUITES[name]);
    const engine = suite ? ENGINE_SUITES[suite] : /[/\\]e2e[/\\]/.test(data.file ?? '') ? 'chromium' : 'node';
    const counts = (totals.engines[engine] ??= { passed: 0, failed: 0, skipped: 0 });
    const name = path.join(' > ');
    if (event.type === 'test:pass') {
      const key = data.skip || data.todo ? 'skipped' : 'passed';
      totals[key] += 1;
      counts[key] += 1;
      if (key === 'skipped') totals.skippedTests.push({ engine, name: `${name}${typeof data.skip === 'string' ? ` [${data.skip}]` : ''}` });
    } else {
      totals.failed += 1;
      counts.failed += 1;
      const cause = data.details?.error?.cause ?? data.details?.error;
      const why = String(cause?.message ?? '').split('\n')[0];
      totals.failedTests.push({ engine, name, ...(why ? { why } : {}) });
    }
  }
  yield JSON.stringify(totals);
}
