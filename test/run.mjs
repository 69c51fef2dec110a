// `npm test`: type check, lint, build, unit + component tests (web-test-runner) and the
// end-to-end journeys in Chromium, Firefox ESR and WebKitGTK (ENGINES=chromium,firefox,webkit
// picks them; default all three; test/engines.mjs). Prints each engine's counts, then ends
// with one line: `N passed, N failed` (and `, N skipped`).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { chromePath } from './chrome.mjs';
import { checkSizeBudget } from './size-budget.mjs';
import { ensureDisplay, missingFor, selectedEngines } from './engines.mjs';
import { addEngineCounts, printEngineReport, run, runComponentTests, runEndToEndInEngines } from './engine-runs.mjs';
import { buildNodeTests, builtPath, nodeTestFiles } from './node-tests.mjs';
import { TIME_SCALE, CORES } from './timing.mjs';

const CACHE = '.cache';
mkdirSync(CACHE, { recursive: true });
// Timeouts scale with the machine (test/timing.mjs); say by how much.
console.log(`${CORES} cores: timeouts × ${TIME_SCALE} (TEST_TIME_SCALE overrides)`);
process.env.CHROME_PATH = chromePath();

const totals = { passed: 0, failed: 0, skipped: 0 };
const failures = [];

function step(name, command, args, env = {}) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.status !== 0) failures.push(name);
  return result.status === 0;
}

const bin = (name) => `node_modules/.bin/${name}`;

// 0. Translations: generate src/generated/ from locales/*.xlf (and split each language into
//    the parts the bundle loads); a message without a translation in any locale fails this step.
{
  console.log('\n▶ translations (lit-localize build)');
  const built = spawnSync(bin('lit-localize'), ['build'], { encoding: 'utf8' });
  // Then each language in parts, one per chunk of the bundle (scripts/split-locales.mjs).
  const split = built.status === 0 ? spawnSync(process.execPath, ['scripts/split-locales.mjs'], { encoding: 'utf8' }) : built;
  const result = {
    status: split.status,
    stdout: `${built.stdout}${split === built ? '' : split.stdout}`,
    stderr: `${built.stderr}${split === built ? '' : split.stderr}`,
  };
  const output = `${result.stdout}${result.stderr}`
    .split('\n')
    .filter((line) => !/nodedir/.test(line))
    .join('\n');
  console.log(output.trim());
  const missing = output.split('\n').filter((line) => /missing/i.test(line));
  if (result.status !== 0 || missing.length > 0) {
    failures.push(`translations: ${missing.length} missing`);
    totals.failed += 1;
  } else {
    totals.passed += 1;
  }
}

// 1–2c. The checks and builds before the browser tests, in lanes side by side (one per core):
//    each lane's steps in order, each step's output kept and printed, in this order, once all
//    lanes are done (2 cores: about 75 s one after the other; 37–67 s in lanes, measured).
/** A step of a lane: a command, its output kept. */
const command = (name, file, args, env) => ({ name, run: () => run(file, args, { env, buffer: true }) });
/** A step of a lane run in this process: `body` returns what went wrong (empty: nothing) and what to print. */
const check = (name, body) => ({
  name,
  run: async () => {
    const { problem = '', output = '' } = body();
    return { status: problem ? 1 : 0, output: [output, problem].filter(Boolean).join('\n'), seconds: 0 };
  },
});
/** Each lane's steps run in order; each step counts once in the totals (one not run counts as failed). */
const lanes = [
  // 1. Types.
  [command('type check (tsc --noEmit)', bin('tsc'), ['--noEmit'])],
  // 1'. Lint: ESLint, lit-analyzer (template bindings) and prettier --check (`npm run lint`).
  [command('lint (npm run lint)', 'npm', ['run', '--silent', 'lint'])],
  [
    // 2. The self-contained bundle, used by the end-to-end test under a strict CSP.
    command('build dist/city-login.js (vite build)', bin('vite'), ['build', '--logLevel', 'warn']),
    // 2'. The npm build (dist/npm/, tsc): the contract kit's bin runs it (test/e2e/contract.test.ts).
    //     After the bundle: vite build starts from an empty dist/.
    command('build dist/npm/ (tsc -p tsconfig.build.json)', bin('tsc'), ['-p', 'tsconfig.build.json']),
    // 2a. Size budgets (issue 7) on that build: each check prints its figure.
    check('size budgets (dist/)', () => {
      const { ok, lines } = checkSizeBudget({ distDir: 'dist', packageJson: 'package.json' });
      return { output: lines.join('\n'), problem: ok ? '' : 'a size budget is exceeded (above)' };
    }),
  ],
  [
    // 2b. Storybook: its TypeScript (stories, .storybook/) type-checked, then the static
    //     build into storybook-static/, which test/e2e/storybook.test.ts opens story by story.
    command('Storybook types (tsc -p .storybook)', bin('tsc'), ['-p', '.storybook/tsconfig.json']),
    command(
      'build storybook-static/ (storybook build)',
      bin('storybook'),
      ['build', '--quiet', '--loglevel', 'warn', '--output-dir', 'storybook-static'],
      {
        STORYBOOK_DISABLE_TELEMETRY: '1',
      },
    ),
  ],
  [
    // 2c. custom-elements.json is current with the JSDoc (web teams and Storybook read it).
    command('custom-elements.json (cem analyze)', 'npm', ['run', '--silent', 'analyze', '--', '--outdir', `${CACHE}/cem`]),
    check('custom-elements.json is current', () => {
      // The analyzer lists modules in file-system order: compare them sorted by path.
      const normalized = (file) => {
        const manifest = JSON.parse(readFileSync(file, 'utf8'));
        manifest.modules.sort((a, b) => a.path.localeCompare(b.path));
        return JSON.stringify(manifest);
      };
      const fresh = normalized(`${CACHE}/cem/custom-elements.json`) === normalized('custom-elements.json');
      return { problem: fresh ? '' : 'custom-elements.json is stale: run `npm run analyze` and commit it' };
    }),
  ],
];
rmSync('dist/npm', { recursive: true, force: true });
rmSync('storybook-static', { recursive: true, force: true });
rmSync(`${CACHE}/cem`, { recursive: true, force: true });
{
  const started = Date.now();
  /** Runs a lane's steps in order; a failed step ends its lane (what follows needs it). */
  const runLane = async (lane) => {
    const done = [];
    for (const item of lane) {
      const result = await item.run();
      done.push({ name: item.name, ...result });
      if (result.status !== 0) break;
    }
    return done;
  };
  const queue = [...lanes.entries()];
  const results = [];
  await Promise.all(
    Array.from({ length: Math.min(CORES, lanes.length) }, async () => {
      for (let next = queue.shift(); next; next = queue.shift()) results[next[0]] = await runLane(next[1]);
    }),
  );
  results.forEach((done, index) => {
    for (const step of done) {
      console.log(`\n▶ ${step.name}${step.seconds >= 1 ? ` (${step.seconds.toFixed(0)} s)` : ''}`);
      if (step.output.trim()) console.log(step.output.trimEnd());
    }
    const failed = done.find((step) => step.status !== 0);
    const skipped = lanes[index].slice(done.length).map((item) => item.name);
    if (failed) failures.push(failed.name + (skipped.length > 0 ? ` (not run after it: ${skipped.join(', ')})` : ''));
    totals.passed += done.length - (failed ? 1 : 0);
    totals.failed += (failed ? 1 : 0) + skipped.length;
  });
  console.log(`\nChecks and builds: ${((Date.now() - started) / 1000).toFixed(0)} s (${Math.min(CORES, lanes.length)} lanes side by side)`);
}

// 3. Unit and component tests in each engine (test/engine-runs.mjs). An engine that is not
//    installed is one failure (`.ci/run` installs them; ENGINES=chromium runs Chromium only).
//    WebKitGTK needs an X display: Xvfb when DISPLAY is unset, stopped when this process ends.
const engines = selectedEngines().filter((engine) => {
  const missing = missingFor(engine);
  if (!missing) return true;
  console.error(`\n${engine}: not installed here: ${missing}. Counted as one failure (ENGINES=chromium npm test runs Chromium alone).`);
  failures.push(`${engine} is not installed`);
  totals.failed += 1;
  return false;
});
if (engines.includes('webkit')) await ensureDisplay();
await runComponentTests(totals, failures, engines, bin('wtr'), CACHE);

// 3'. The better-auth example (test/e2e/better-auth.test.ts) has its own dependencies:
//     installed from its lock file when missing (a fresh clone, CI).
if (!existsSync('examples/better-auth/node_modules/better-auth')) {
  const started = Date.now();
  if (step('install examples/better-auth (npm ci)', 'npm', ['ci', '--prefix', 'examples/better-auth', '--no-audit', '--no-fund'])) {
    console.log(`examples/better-auth installed in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  } else totals.failed += 1;
}

// 4. Node tests (translations) and end-to-end journeys: TypeScript compiled with
//    esbuild, run by node's test runner.
const nodeTests = nodeTestFiles();
await buildNodeTests(nodeTests, `${CACHE}/node-tests`);
const nodeArgs = (countFile, files, concurrency = 1) => [
  '--test',
  `--test-concurrency=${concurrency}`,
  '--test-reporter=spec',
  '--test-reporter-destination=stdout',
  '--test-reporter=./test/node-count-reporter.mjs',
  `--test-reporter-destination=${countFile}`,
  ...files.map((f) => builtPath(`${CACHE}/node-tests`, f)),
];
rmSync(`${CACHE}/node-counts.json`, { force: true });
// Every file here runs in Chromium; the journeys that loop over engines run only Chromium here.
// As many files at once as there are cores (each has its own server, browser and contexts; a
// journey spends much of its time waiting for the mock's latency), the longest first (the
// Storybook sweep, about 40 % of the step) so the others fill the other cores beside it: on 2
// cores, 440 s one at a time, 339 s two at once (measured, quiet).
const LONGEST_FIRST = ['test/e2e/storybook.test.ts', 'test/e2e/passkeys.test.ts'];
const byLength = (file) => (LONGEST_FIRST.includes(file) ? LONGEST_FIRST.indexOf(file) : LONGEST_FIRST.length);
const nodeStarted = Date.now();
step(
  `translations and end-to-end journeys (node --test, playwright-core; ${CORES} file${CORES === 1 ? '' : 's'} at once)`,
  process.execPath,
  nodeArgs(
    `${CACHE}/node-counts.json`,
    [...nodeTests].sort((a, b) => byLength(a) - byLength(b)),
    CORES,
  ),
  { ENGINES: 'chromium' },
);
addEngineCounts(totals, `${CACHE}/node-counts.json`, 'node and end-to-end', (Date.now() - nodeStarted) / 1000, 'chromium');
// 4'. The journeys (demo, strict CSP over real HTTP) in the other engines (test/e2e/engines.ts).
const everyEngine = nodeTests.filter((f) => /from '\.\/engines\.js'/.test(readFileSync(f, 'utf8')));
await runEndToEndInEngines(
  totals,
  failures,
  engines.filter((e) => e !== 'chromium'),
  everyEngine,
  nodeArgs,
  CACHE,
);
printEngineReport();

if (failures.length > 0) console.log(`\nFailed steps: ${failures.join('; ')}`);
const skipped = totals.skipped > 0 ? `, ${totals.skipped} skipped` : '';
console.log(`\n${totals.passed} passed, ${totals.failed} failed${skipped}`);
process.exitCode = totals.failed > 0 || failures.length > 0 ? 1 : 0;
