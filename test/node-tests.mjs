// The node and end-to-end tests (test/node, test/e2e): TypeScript bundled by esbuild into
// .cache/node-tests/, run by node's test runner. test/run.mjs uses this; on its own it is the
// edit loop for those tests (npm run test:e2e [-- files…]): it builds only what it runs, in
// Chromium (ENGINES=chromium unless set), and needs what the chosen files need (dist/ for
// csp, package and contract; storybook-static/ for the Storybook sweep: `npm test` builds them).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

export const NODE_TEST_DIRS = ['test/node', 'test/e2e'];

/** Every `*.test.ts` under the node test folders. */
export function nodeTestFiles() {
  return NODE_TEST_DIRS.flatMap((dir) =>
    readdirSync(dir)
      .filter((f) => f.endsWith('.test.ts'))
      .map((f) => `${dir}/${f}`),
  );
}

/** Bundles `files` into `outdir` (one .mjs each, packages left external). */
export async function buildNodeTests(files, outdir) {
  rmSync(outdir, { recursive: true, force: true });
  await build({
    entryPoints: files,
    outbase: 'test',
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
}

/** Where the bundle of a test file is. */
export function builtPath(outdir, file) {
  return `${outdir}/${file.slice('test/'.length).replace(/\.ts$/, '.mjs')}`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const files = process.argv.slice(2).length > 0 ? process.argv.slice(2) : nodeTestFiles();
  // A folder of this run's own: two runs side by side (two terminals, two engineers in one
  // tree) must not delete each other's bundles.
  const outdir = `.cache/node-tests-dev/${process.pid}`;
  const started = Date.now();
  await buildNodeTests(files, outdir);
  const result = spawnSync(
    process.execPath,
    ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files.map((f) => builtPath(outdir, f))],
    {
      stdio: 'inherit',
      env: { ENGINES: 'chromium', ...process.env },
    },
  );
  rmSync(outdir, { recursive: true, force: true });
  console.log(`\n${files.length} file${files.length === 1 ? '' : 's'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exitCode = result.status ?? 1;
}
