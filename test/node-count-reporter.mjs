// A node:test reporter that writes {passed, failed, skipped} of the leaf tests as JSON.
export default async function* countReporter(source) {
  const totals = { passed: 0, failed: 0, skipped: 0 };
  for await (const event of source) {
    const details = event.data?.details;
    if (details?.type === 'suite') continue;
    if (event.type === 'test:pass') {
      if (event.data.skip || event.data.todo) totals.skipped += 1;
      else totals.passed += 1;
    } else if (event.type === 'test:fail') {
      totals.failed += 1;
    }
  }
  yield JSON.stringify(totals);
}
