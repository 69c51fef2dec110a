// `npm run bench`: what <city-login> costs a page, next to a bare Lit element with a
// two-field form (bench/bare-element.js, Lit bundled in, like dist/city-login.js).
//
// Builds (skip with --no-build), serves the pages and dist/ from node:http on 127.0.0.1 in
// this process (gzip, as a CDN would), loads them in system Chromium (playwright-core) with
// 4× CPU throttling, a fresh browser context each load, the kinds of load interleaved round
// by round, and prints medians and ratios of these rows (issue 15):
//   1. header use: `<city-login endpoint="/auth">` (GET /auth/session answered 401):
//      navigation start → the sign-in button ([part=sign-in-button]) is visible, and script
//      time (CDP Performance.getMetrics ScriptDuration once the network has been quiet),
//      against the bare element's first visible field or button
//   2. inline: `<city-login inline endpoint="/auth">`: navigation start → the identifier
//      field is visible, against the bare element's field
//   3. open, after preload: the header page, once the flow chunk has been fetched: the click
//      on "Kirjaudu sisään" → the identifier field has focus
//   3b. the same, the pointer resting on the button 150 ms before the click
//   4. open, without preload: the same on a slow network (400 kbit/s, 400 ms RTT), the flow
//      chunk held back until the click
// The flow chunk(s) are the files under dist/chunks/ other than the languages (sv-*, en-*)
// that a header page fetches on its way to a focused identifier field: one load before the
// rounds finds them. A build without any (before the split) is said so, and rows 3 and 4
// then time the click anyway, holding nothing back.
// A benchmark, not a test: it prints figures and exits 0; non-zero only on errors.
//
// Options: --rounds N (default 9, at least 7), --no-build, --throttle N (default 4).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, chromePath } from '../test/chrome.mjs';
import { LANGUAGE_CHUNK, parseImports } from '../test/size-budget.mjs';

const root = resolve(import.meta.dirname, '..');
const dist = join(root, 'dist');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? Number(args[index + 1]) : fallback;
};
const rounds = Math.max(7, Math.floor(option('--rounds', 9)));
const throttle = option('--throttle', 4);
/** The network counts as quiet when no request has been in flight for this long. */
const QUIET_MS = 500;
/** How long row 3 waits for the idle preload of the flow chunk before it clicks anyway. */
const PRELOAD_WAIT_MS = 10_000;
/** How long the header page of row 4 stands after its button shows, before the click. */
const BEFORE_CLICK_MS = 300;
/** Row 3b: how long the pointer rests on "Kirjaudu sisään" before the click (a mouse's approach, a finger's tap). */
const HOVER_MS = 150;
/** Row 4's network (CDP Network.emulateNetworkConditions): 400 kbit/s both ways, 400 ms RTT. */
const SLOW_NETWORK = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };
/** Issue 15's goals. */
const GOALS = { timeToButton: 1.1, headerScript: 1.3, timeToField: 1.25, openAfterPreload: 100 };

// 1. Build dist/ and the bare element.
if (!args.includes('--no-build')) {
  console.log('▶ npm run build');
  const result = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) throw new Error(`npm run build failed (exit ${result.status})`);
}
const tmp = mkdtempSync(join(tmpdir(), 'city-login-bench-'));
process.on('exit', () => rmSync(tmp, { recursive: true, force: true }));
await build({
  entryPoints: [join(root, 'bench/bare-element.js')],
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  outfile: join(tmp, 'bare-element.js'),
  logLevel: 'warning',
});

// 2. The files of this build: dist/city-login.js and what it imports, statically (eager) or
//    with import() (on demand), followed through the chunks. dist/ is not emptied between
//    builds, so dist/chunks/ may still hold files of older builds: they are left out.
const gzip = (buffer) => gzipSync(buffer, { level: 9 });
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const buildFiles = new Map(); // dist-relative name → 'eager' | 'on demand'
{
  const importsOf = (name) => {
    const { static: eager, dynamic } = parseImports(readFileSync(join(dist, name), 'utf8'));
    const target = (specifier) =>
      relative(dist, resolve(dirname(join(dist, name)), specifier))
        .split('\\')
        .join('/');
    return { eager: eager.map(target), dynamic: dynamic.map(target) };
  };
  // Eager: the entry and its static imports, recursively. Then on demand: each import() of
  // a file already listed, with its own static imports.
  const walk = (start, loading) => {
    const queue = [start];
    while (queue.length > 0) {
      const name = queue.shift();
      if (buildFiles.has(name)) continue;
      buildFiles.set(name, loading);
      queue.push(...importsOf(name).eager);
    }
  };
  walk('city-login.js', 'eager');
  for (const [name] of buildFiles) for (const chunk of importsOf(name).dynamic) walk(chunk, 'on demand');
}
const olderChunks = readdirSync(join(dist, 'chunks')).filter((name) => !buildFiles.has(`chunks/${name}`));
const isLanguage = (name) => LANGUAGE_CHUNK.test(basename(name));

// 3. The pages and the files, served from this process, gzipped when the browser asks.
const page = (script, body) =>
  `<!doctype html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>bench</title><script type="module" src="${script}"></script></head><body>${body}</body></html>`;
const routes = new Map([
  ['/header.html', { type: 'text/html', body: page('/city-login.js', '<city-login endpoint="/auth"></city-login>') }],
  ['/inline.html', { type: 'text/html', body: page('/city-login.js', '<city-login inline endpoint="/auth"></city-login>') }],
  ['/bare.html', { type: 'text/html', body: page('/bare-element.js', '<bare-login></bare-login>') }],
  ['/bare-element.js', { type: 'text/javascript', body: readFileSync(join(tmp, 'bare-element.js')) }],
  ...[...buildFiles.keys()].map((name) => [`/${name}`, { type: 'text/javascript', body: readFileSync(join(dist, name)) }]),
]);
for (const route of routes.values()) route.gzipped = gzip(route.body);
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (path === '/auth/session') {
    response.writeHead(401, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end('{"error":"unauthenticated"}');
    return;
  }
  const route = routes.get(path);
  if (!route) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const headers = { 'Content-Type': `${route.type}; charset=utf-8`, 'Cache-Control': 'no-store' };
  if (/\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
    response.writeHead(200, { ...headers, 'Content-Encoding': 'gzip' }).end(route.gzipped);
  } else {
    response.writeHead(200, headers).end(route.body);
  }
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

// 4. The probe, in every page from its start. It reports to the console (`__bench__ name ms`):
//    - `button` / `field`: from the first frame on, polled in requestAnimationFrame, when
//      what the page is waiting for is visible (performance.now() counts from navigation
//      start): the sign-in button in the header page's shadow root, the identifier field in
//      the inline page's light DOM, the bare element's first field or button (both marks);
//    - `focused`: after the first click anywhere, polled in requestAnimationFrame, when the
//      identifier field of <city-login> has focus; the time from the click event's timeStamp.
const PROBE = `(() => {
  const report = (name, value) => console.debug('__bench__', name, value);
  const shown = (element) => {
    if (!element) return false;
    const box = element.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && element.checkVisibility({ visibilityProperty: true, opacityProperty: true });
  };
  const city = () => document.querySelector('city-login');
  const bare = () => document.querySelector('bare-login')?.shadowRoot?.querySelector('input, button');
  const wanted = {
    '/header.html': { button: () => city()?.shadowRoot?.querySelector('[part=sign-in-button]') },
    '/inline.html': { field: () => document.querySelector('city-login input[name="username"]') },
    '/bare.html': { button: bare, field: bare },
  }[location.pathname] ?? {};
  const look = () => {
    for (const [name, find] of Object.entries(wanted)) {
      if (!shown(find())) continue;
      report(name, performance.now());
      delete wanted[name];
    }
    if (Object.keys(wanted).length > 0) requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
  addEventListener('click', (event) => {
    const focused = () => {
      if (document.activeElement?.matches('city-login input[name="username"]')) report('focused', performance.now() - event.timeStamp);
      else requestAnimationFrame(focused);
    };
    requestAnimationFrame(focused);
  }, { capture: true, once: true });
})();`;

/**
 * In the page, once its network is quiet: when the entry script (`/city-login.js` or
 * `/bare-element.js`) had arrived, and when `GET /auth/session` was asked and answered (its last
 * byte received; the page reads it once its main thread is free), in ms from navigation start
 * (Resource Timing); NaN for what the page did not fetch.
 */
const RESOURCE_TIMES = () => {
  const entry = (path) => performance.getEntriesByType('resource').find((e) => new URL(e.name).pathname === path);
  const script = entry('/city-login.js') ?? entry('/bare-element.js');
  const session = entry('/auth/session');
  return {
    scriptArrived: script?.responseEnd ?? NaN,
    sessionAsked: session?.startTime ?? NaN,
    sessionAnswered: session?.responseEnd ?? NaN,
  };
};

/** Waits for the probe's reports in one tab: `mark('button')` resolves with its time in ms. */
function marks(tab, label) {
  const seen = new Map();
  const waiting = new Map();
  tab.on('console', (message) => {
    const [tag, name, value] = message.text().split(' ');
    if (tag !== '__bench__') return;
    seen.set(name, Number(value));
    waiting.get(name)?.(Number(value));
  });
  return (name, timeout = 60_000) =>
    seen.has(name)
      ? Promise.resolve(seen.get(name))
      : new Promise((done, fail) => {
          const timer = setTimeout(() => fail(new Error(`${label}: no "${name}" from the page in ${timeout / 1000} s`)), timeout);
          waiting.set(name, (value) => {
            clearTimeout(timer);
            done(value);
          });
        });
}

/** Follows one tab's requests: which were made and fetched, and when the network is quiet. */
function network(tab) {
  const inFlight = new Set();
  const requested = [];
  const fetched = new Set();
  let changed = performance.now();
  const path = (request) => new URL(request.url()).pathname;
  tab.on('request', (request) => {
    inFlight.add(request);
    requested.push(path(request));
    changed = performance.now();
  });
  const settled = (request) => {
    inFlight.delete(request);
    changed = performance.now();
  };
  tab.on('requestfinished', (request) => {
    fetched.add(path(request));
    settled(request);
  });
  tab.on('requestfailed', settled);
  return {
    requested,
    fetched,
    /** Resolves once nothing has been in flight for QUIET_MS. */
    async quiet() {
      while (inFlight.size > 0 || performance.now() - changed < QUIET_MS) await sleep(25);
    },
    /** Resolves with true once every path has been fetched, with false after `timeout` ms. */
    async fetchedAll(paths, timeout) {
      const until = performance.now() + timeout;
      while (!paths.every((p) => fetched.has(p))) {
        if (performance.now() > until) return false;
        await sleep(25);
      }
      return true;
    },
  };
}

const isFlowRequest = (url) => {
  const { pathname } = new URL(url);
  return pathname.startsWith('/chunks/') && !isLanguage(pathname);
};

/** CDP Performance.getMetrics ScriptDuration in ms: script run in the page so far. */
async function scriptTime(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN) * 1000;
}

const browser = await chromium.launch({ executablePath: chromePath(), args: CHROME_ARGS });

/**
 * One load in a fresh context. `kind`: 'header', 'inline' or 'bare' (rows 1 and 2: the time to
 * the mark, script time and heap once the network is quiet), 'open' (row 3) or 'open-slow' (row 4).
 * `flow`: the flow chunk paths ('/chunks/…'), [] when the build has none.
 */
async function load(kind, flow) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(PROBE);
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    const mark = marks(tab, kind);
    const net = network(tab);
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const result = {};

    if (kind === 'open-slow') {
      // Row 4: a slow network, and the flow chunk's requests (a preload on idle or on the
      // pointer reaching the button) held until the click has happened.
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', SLOW_NETWORK);
      const held = [];
      let clicked = false;
      await tab.route(isFlowRequest, (route) => (clicked ? route.continue() : held.push(route)));
      await tab.goto(`${origin}/header.html`, { waitUntil: 'commit' });
      await mark('button');
      await sleep(BEFORE_CLICK_MS);
      await tab.locator('city-login [part=sign-in-button]').click();
      clicked = true;
      await Promise.all(held.map((route) => route.continue()));
      result.held = held.length;
      result.clickToFocus = await mark('focused');
    } else if (kind === 'open' || kind === 'open-hover') {
      // Row 3: the click once the flow chunk is in (the idle preload), or the network is quiet;
      // 3b: the pointer first rests on the button (the element renders the form ahead then).
      await tab.goto(`${origin}/header.html`, { waitUntil: 'commit' });
      await mark('button');
      result.preloaded = flow.length > 0 && (await net.fetchedAll(flow, PRELOAD_WAIT_MS));
      await net.quiet();
      result.before = [...net.requested];
      const button = tab.locator('city-login [part=sign-in-button]');
      if (kind === 'open-hover') {
        await button.hover();
        await sleep(HOVER_MS);
      }
      await button.click();
      result.clickToFocus = await mark('focused');
      result.requested = [...net.requested];
    } else {
      // Rows 1 and 2, and the bare element for both.
      await tab.goto(`${origin}/${kind}.html`, { waitUntil: 'commit' });
      const [first] = await Promise.all([mark(kind === 'inline' ? 'field' : 'button'), tab.waitForLoadState('load')]);
      result.time = first;
      // Script so far, read as the mark arrives: before any idle preload has started.
      result.scriptAtMark = await scriptTime(cdp);
      if (kind === 'bare') result.field = await mark('field');
      // Settled: the header page's idle preload of the flow chunk (when there is one) fetched,
      // then a quiet network.
      if (kind === 'header') result.preloaded = flow.length > 0 && (await net.fetchedAll(flow, PRELOAD_WAIT_MS));
      await net.quiet();
      result.script = await scriptTime(cdp);
      // Where the time to the mark went.
      Object.assign(result, await tab.evaluate(RESOURCE_TIMES));
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
      await cdp.send('HeapProfiler.collectGarbage');
      result.heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
    }
    if (errors.length > 0) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
    return result;
  } finally {
    await context.close();
  }
}

const KINDS = ['header', 'inline', 'bare', 'open', 'open-hover', 'open-slow'];
const results = Object.fromEntries(KINDS.map((kind) => [kind, []]));
let flow = [];
try {
  console.log(`▶ ${rounds} rounds (+1 warm-up), ${throttle}× CPU throttling, Chromium ${browser.version()}`);
  // Which chunks does a header page fetch on its way to the form? (Languages aside.)
  const probe = await load('open', []);
  flow = [...new Set(probe.requested.filter((path) => isFlowRequest(`${origin}${path}`)))];
  console.log(
    flow.length > 0
      ? `  flow chunk(s): ${flow.map((p) => p.slice(1)).join(', ')}`
      : '  no on-demand flow chunk in this build: rows 3 and 4 time the click without holding anything back',
  );
  for (let round = 0; round <= rounds; round += 1) {
    // Interleaved; the order turns each round so no kind always follows the same one.
    const order = KINDS.map((_, i) => KINDS[(i + round) % KINDS.length]);
    for (const kind of order) {
      const result = await load(kind, flow);
      if (round > 0) results[kind].push(result);
    }
    process.stdout.write(round === 0 ? 'warm-up' : ` ${round}`);
  }
  process.stdout.write('\n\n');
} finally {
  await browser.close();
  server.closeAllConnections();
  server.close();
}

// 5. The table.
const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const of = (kind, key) => median(results[kind].map((r) => r[key]));
const ms = (v) => `${v.toFixed(0)} ms`;
const mib = (v) => `${(v / 1024 / 1024).toFixed(2)} MiB`;
/** A row against the bare element: its median, the ratio and the goal (a ratio, or none). */
const versus = (row, metric, city, bare, show, goal) => {
  const ratio = city / bare;
  return [row, metric, show(city), show(bare), `${ratio.toFixed(2)}×`, goal ? `≤ ${goal}× ${ratio <= goal ? '✓' : '✗'}` : 'printed'];
};
const openAfter = of('open', 'clickToFocus');
const rows = [
  versus('1 header use', 'time to button', of('header', 'time'), of('bare', 'time'), ms, GOALS.timeToButton),
  versus('1 header use', 'script', of('header', 'script'), of('bare', 'script'), ms, GOALS.headerScript),
  versus('1 header use', 'script, button shown', of('header', 'scriptAtMark'), of('bare', 'scriptAtMark'), ms),
  versus('1 header use', 'JS heap after GC', of('header', 'heap'), of('bare', 'heap'), mib),
  versus('2 inline', 'time to field', of('inline', 'time'), of('bare', 'field'), ms, GOALS.timeToField),
  versus('2 inline', 'JS heap after GC', of('inline', 'heap'), of('bare', 'heap'), mib),
  [
    '3 open, after preload',
    'click → focused field',
    ms(openAfter),
    '—',
    '—',
    `≤ ${GOALS.openAfterPreload} ms ${openAfter <= GOALS.openAfterPreload ? '✓' : '✗'}`,
  ],
  ['3b open, pointer first', 'click → focused field', ms(of('open-hover', 'clickToFocus')), '—', '—', 'printed'],
  ['4 open, without preload', 'click → focused field', ms(of('open-slow', 'clickToFocus')), '—', '—', 'printed'],
];
const table = (header, body) => {
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => [...row[i]].length)));
  const line = (row) => `| ${row.map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
};
const count = (kind, test) => `${results[kind].filter(test).length} of ${rounds}`;
console.log(`Medians of ${rounds} loads each (${throttle}× CPU throttling, session answered 401, files gzipped):\n`);
console.log(table(['row', 'measured', 'city-login', 'bare element', 'ratio', 'goal'], rows));
const none = 'no on-demand flow chunk in this build';
/** Wraps a line at about 110 characters, the rest indented. */
const wrap = (text) => text.replace(/(.{1,110})(?: |$)/g, '$1\n  ').trimEnd();
// Row 1's time to button, taken apart: the session check's answer comes before the button.
console.log(
  wrap(
    `\nHeader use, where the time to button went (medians, ms from navigation start): the script file arrived at ` +
      `${ms(of('header', 'scriptArrived'))}; the session ` +
      `check was asked at ${ms(of('header', 'sessionAsked'))} (in the element's first update) and its answer's last ` +
      `byte came at ${ms(of('header', 'sessionAnswered'))} (the page reads it when its main thread is free: after the ` +
      `first render, its style and layout); the button visible at ${ms(of('header', 'time'))}. The bare element: ` +
      `its script at ${ms(of('bare', 'scriptArrived'))}, its field visible at ${ms(of('bare', 'time'))}.`,
  ),
);
console.log('\nWhat each row measured:');
console.log(
  [
    `1 header use: <city-login endpoint="/auth">, navigation start → sign-in button visible; script: ScriptDuration once ` +
      `the network has been quiet ${QUIET_MS} ms${
        flow.length > 0
          ? ` (the idle preload of the flow chunk included: fetched by then in ${count('header', (r) => r.preloaded)} loads)`
          : ''
      }; "script, button shown": ScriptDuration read as the button showed. Bare element: its first field or button ` +
      `visible; its script and heap the same way.`,
    `2 inline: <city-login inline endpoint="/auth">, navigation start → identifier field visible. Bare element: its field.`,
    `3 open, after preload: the header page, clicked once ${
      flow.length > 0
        ? `the flow chunk had been fetched (by the idle preload in ${count('open', (r) => r.preloaded)} loads, otherwise on pointer over) and the network was quiet`
        : `the network was quiet (${none})`
    }; click → input[name=username] has focus (polled in rAF, from the click event's timeStamp). Playwright's click ` +
      `moves the pointer onto the button just before it clicks.`,
    `3b open, pointer first: the same, with the pointer resting ${HOVER_MS} ms on the button before the click (the ` +
      `element renders the form behind the closed dialog when a pointer reaches the button).`,
    `4 open, without preload: the same on a 400 kbit/s, 400 ms RTT network, ${
      flow.length > 0
        ? `the flow chunk's requests held back until the click (asked for before the click in ${count('open-slow', (r) => r.held > 0)} loads)`
        : `nothing held back (${none})`
    }.`,
  ]
    .map(wrap)
    .join('\n'),
);

// 6. Sizes (gzip -9, like the size budget), the files of this build.
const loading = (name) =>
  buildFiles.get(name) === 'eager'
    ? 'eager'
    : isLanguage(name)
      ? 'on demand: language'
      : flow.includes(`/${name}`)
        ? 'on intent: the flow'
        : 'on demand: a later step';
const sizes = [...buildFiles.keys()].map((name) => [`dist/${name}`, loading(name), gzip(readFileSync(join(dist, name))).length]);
const eagerTotal = sizes.filter(([, how]) => how === 'eager').reduce((sum, [, , size]) => sum + size, 0);
const flowTotal = sizes.filter(([, how]) => how === 'on intent: the flow').reduce((sum, [, , size]) => sum + size, 0);
console.log('\nSizes (gzip -9):\n');
console.log(
  table(
    ['file', 'loaded', 'gzip'],
    [
      ...sizes.map(([name, how, size]) => [name, how, kib(size)]),
      ['eager total (a header page)', '', kib(eagerTotal)],
      ...(flow.length > 0 ? [['eager + flow (a header page after the click)', '', kib(eagerTotal + flowTotal)]] : []),
      ['bare element (Lit + form)', 'eager', kib(gzip(readFileSync(join(tmp, 'bare-element.js'))).length)],
    ],
  ),
);
if (olderChunks.length > 0)
  console.log(`(${olderChunks.length} file(s) in dist/chunks/ from older builds, not imported by this one, left out.)`);
