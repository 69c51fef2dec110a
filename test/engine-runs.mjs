// test/run.mjs's part for the three engines (issue 14): runs a test command per engine, some
// at the same time, collects each engine's counts, and prints them, the skipped tests with
// their reasons, the known engine failures and any WebKit retry.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { KNOWN_FAILURES, knownFailure } from './engine-known-failures.mjs';
import { CORES } from './timing.mjs';

/** Runs `task` for each item, as many at once as there are cores (in order when only one). */
async function eachByCores(items, task) {
  if (CORES >= items.length) return Promise.all(items.map(task));
  const results = [];
  for (const item of items) results.push(await task(item));
  return results;
}

export const ENGINE_LABELS = { chromium: 'Chromium', firefox: 'Firefox ESR', webkit: 'WebKitGTK', node: 'Node' };

/** Per engine and kind of test: { passed, failed, skipped, seconds }, plus what to tell. */
export const report = { rows: [], skipped: [], known: [], failed: [], retries: [] };

/** WebKitGTK's web process sometimes crashes (its own assertion): what that looks like in a log. */
// (A crashed web process leaves a test file that never reports, or a dead session.)
const WEBKIT_CRASH =
  /WebKitWebDriver: .*(?:crash|terminated)|web ?process (?:has )?(?:crashed|terminated)|Browser crashed|session (?:not created|deleted)|no such window|invalid session id|ECONNREFUSED.*127\.0\.0\.1|browser disconnected|Browser tests did not (?:start|finish)/i;

/** Runs a command; resolves with { status, output, seconds }. Its output is passed through or kept. */
export function run(command, args, { env = {}, buffer = false } = {}) {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { stdio: buffer ? ['ignore', 'pipe', 'pipe'] : 'inherit', env: { ...process.env, ...env } });
    let output = '';
    if (buffer) {
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
    }
    child.on('error', (error) => {
      output += String(error);
      resolve({ status: 1, output, seconds: (Date.now() - started) / 1000 });
    });
    child.on('close', (status) => resolve({ status: status ?? 1, output, seconds: (Date.now() - started) / 1000 }));
  });
}

function readCounts(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Adds one run's counts (a count file of test/count-reporter.mjs or test/node-count-reporter.mjs)
 * to `totals` and the report; a known engine failure counts as skipped. Returns whether the
 * run's tests all passed (known failures aside).
 */
export function addEngineCounts(totals, file, kind, seconds, fallbackEngine) {
  const counts = readCounts(file);
  if (!counts) {
    console.error(
      `${kind} (${ENGINE_LABELS[fallbackEngine] ?? fallbackEngine}): no test counts were written (${file}); counted as one failure.`,
    );
    totals.failed += 1;
    report.rows.push({ engine: fallbackEngine, kind, passed: 0, failed: 1, skipped: 0, seconds });
    return false;
  }
  const engines = counts.engines ?? { [fallbackEngine]: counts };
  for (const [engine, c] of Object.entries(engines)) {
    const row = { engine, kind, passed: c.passed, failed: c.failed, skipped: c.skipped ?? 0, seconds };
    for (const test of (counts.failedTests ?? []).filter((t) => t.engine === engine)) {
      const known = knownFailure(engine, test.name);
      if (!known) {
        report.failed.push({ engine, kind, name: test.name, why: test.why });
        continue;
      }
      row.failed -= 1;
      row.skipped += 1;
      report.known.push({ engine, name: test.name, why: known.why });
    }
    for (const test of (counts.skippedTests ?? []).filter((t) => t.engine === engine))
      report.skipped.push({ engine, kind, name: test.name });
    totals.passed += row.passed;
    totals.failed += row.failed;
    totals.skipped += row.skipped;
    report.rows.push(row);
  }
  return report.rows.slice(-Object.keys(engines).length).every((r) => r.failed === 0);
}

/**
 * Runs web-test-runner for each engine: Chromium first with the machine to itself (a page per
 * core, web-test-runner.config.mjs), then Firefox and WebKit side by side (one page each) when
 * there are two cores or more, else one after the other.
 * WebKit is run once more when its browser crashed, and the report says so.
 */
export async function runComponentTests(totals, failures, engines, wtr, cacheDir) {
  const one = async (engine, buffer) => {
    const file = `${cacheDir}/wtr-counts-${engine}.json`;
    rmSync(file, { force: true });
    const args = [];
    let result = await run(wtr, args, { env: { ENGINES: engine, COUNT_FILE: file }, buffer });
    if (engine === 'webkit' && result.status !== 0 && WEBKIT_CRASH.test(result.output)) {
      const line = result.output
        .split('\n')
        .find((l) => WEBKIT_CRASH.test(l))
        ?.trim();
      report.retries.push(`WebKit (component tests): the browser crashed (${line}); the WebKit run was repeated once.`);
      if (buffer) printBlock(`unit and component tests in ${ENGINE_LABELS[engine]} (crashed, repeated)`, result.output);
      rmSync(file, { force: true });
      result = await run(wtr, args, { env: { ENGINES: engine, COUNT_FILE: file }, buffer });
    }
    return { engine, file, ...result };
  };
  const finish = ({ engine, file, status, output, seconds }, buffered) => {
    if (buffered) printBlock(`unit and component tests in ${ENGINE_LABELS[engine]} (web-test-runner, ${seconds.toFixed(0)} s)`, output);
    else console.log(`(${ENGINE_LABELS[engine]}: ${seconds.toFixed(0)} s)`);
    const ok = addEngineCounts(totals, file, 'component', seconds, engine);
    if (!ok || (status !== 0 && !report.known.some((k) => k.engine === engine)))
      failures.push(`unit and component tests in ${ENGINE_LABELS[engine]}`);
  };
  if (engines.includes('chromium')) {
    console.log(`\n▶ unit and component tests in ${ENGINE_LABELS.chromium} (web-test-runner)`);
    finish(await one('chromium', false), false);
  }
  const others = engines.filter((e) => e !== 'chromium');
  if (others.length > 0) {
    const together = CORES >= others.length ? 'side by side' : 'one after the other (one core)';
    console.log(
      `\n▶ unit and component tests in ${others.map((e) => ENGINE_LABELS[e]).join(' and ')} (web-test-runner, ${together}; output when each ends)`,
    );
    const results = await eachByCores(others, (e) => one(e, true));
    for (const result of results) finish(result, true);
  }
}

/** Runs node's test runner on `files` once per engine in `engines` (side by side when the cores allow), ENGINES set to it. */
export async function runEndToEndInEngines(totals, failures, engines, files, nodeArgs, cacheDir) {
  if (engines.length === 0) return;
  const together = CORES >= engines.length ? 'side by side' : 'one after the other (one core)';
  console.log(
    `\n▶ end-to-end journeys in ${engines.map((e) => ENGINE_LABELS[e]).join(' and ')} (node --test; ${together}; output when each ends)`,
  );
  const results = await eachByCores(engines, async (engine) => {
    const file = `${cacheDir}/node-counts-${engine}.json`;
    rmSync(file, { force: true });
    const result = await run(process.execPath, nodeArgs(file, files), { env: { ENGINES: engine }, buffer: true });
    return { engine, file, ...result };
  });
  for (const { engine, file, status, output, seconds } of results) {
    printBlock(`end-to-end journeys in ${ENGINE_LABELS[engine]} (${seconds.toFixed(0)} s)`, output);
    for (const line of output.split('\n').filter((l) => /retried once in a new MiniBrowser/.test(l))) report.retries.push(line.trim());
    const ok = addEngineCounts(totals, file, 'end-to-end', seconds, engine);
    if (!ok || status !== 0) failures.push(`end-to-end journeys in ${ENGINE_LABELS[engine]}`);
  }
}

function printBlock(title, output) {
  console.log(`\n── ${title} ──`);
  console.log(output.trimEnd());
}

/** The per-engine table, the skipped tests by reason, known failures, retries. */
export function printEngineReport() {
  if (report.rows.length === 0) return;
  console.log('\nPer engine:');
  const byEngine = new Map();
  for (const row of report.rows) {
    const sum = byEngine.get(row.engine) ?? { passed: 0, failed: 0, skipped: 0, parts: [] };
    sum.passed += row.passed;
    sum.failed += row.failed;
    sum.skipped += row.skipped;
    sum.parts.push(`${row.kind} ${row.passed}/${row.failed}/${row.skipped} in ${row.seconds.toFixed(0)} s`);
    byEngine.set(row.engine, sum);
  }
  for (const [engine, s] of byEngine) {
    console.log(
      `  ${(ENGINE_LABELS[engine] ?? engine).padEnd(12)} ${s.passed} passed, ${s.failed} failed, ${s.skipped} skipped  (${s.parts.join('; ')}; passed/failed/skipped)`,
    );
  }
  if (report.skipped.length > 0) {
    console.log('\nSkipped, and why:');
    const groups = new Map();
    for (const s of report.skipped) {
      const reason =
        /\[skipped in \w+: ([^\]]+)\]/.exec(s.name)?.[1] ??
        /\[([^\]]+)\]$/.exec(s.name)?.[1] ??
        'skipped by the test itself (this.skip(); see its comment)';
      const key = `${ENGINE_LABELS[s.engine] ?? s.engine}: ${reason}`;
      const group = groups.get(key) ?? [];
      group.push(s.name.replace(/ \[skipped in [^\]]+\]/, ''));
      groups.set(key, group);
    }
    for (const [key, names] of groups) {
      console.log(`  ${key} — ${names.length} test${names.length === 1 ? '' : 's'}`);
      for (const name of names.slice(0, 3)) console.log(`      ${name}`);
      if (names.length > 3) console.log(`      … and ${names.length - 3} more of the same kind`);
    }
  }
  if (report.failed.length > 0) {
    // Named here too, so the tail of a long log says which test failed and why.
    console.log('\nFailed, and where:');
    for (const f of report.failed)
      console.log(`  ${ENGINE_LABELS[f.engine] ?? f.engine} (${f.kind}): ${f.name}${f.why ? `\n      ${f.why}` : ''}`);
  }
  if (report.known.length > 0) {
    console.log('\nKnown engine failures (counted as skipped; test/engine-known-failures.mjs):');
    for (const k of report.known) console.log(`  ${ENGINE_LABELS[k.engine]}: ${k.name}\n      why: ${k.why}`);
  }
  const ran = new Set(report.rows.filter((r) => r.kind === 'component').map((r) => r.engine));
  const healed = KNOWN_FAILURES.filter(
    (k) => ran.has(k.engine) && !report.known.some((m) => m.engine === k.engine && m.name.startsWith(k.test)),
  );
  for (const k of healed)
    console.log(
      `  ${ENGINE_LABELS[k.engine]}: listed as a known failure but did not fail this time (take it off test/engine-known-failures.mjs if it holds): ${k.test}`,
    );
  console.log(report.retries.length > 0 ? `\nRetries:\n  ${report.retries.join('\n  ')}` : '\nRetries: none (no browser crashed).');
}
