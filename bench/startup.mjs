// `npm run bench`: startup cost of <city-login> next to a bare Lit element with a
// two-field form (bench/bare-element.js, Lit bundled in, like dist/city-login.js).
//
// Builds (skip with --no-build), serves both pages from node:http on 127.0.0.1 in this
// process, loads them in system Chromium (playwright-core) with 4× CPU throttling,
// interleaved, in a fresh browser context each load, and prints medians and ratios of:
//   - time to field: navigation start → the identifier input is visible
//     (city-login inline, GET /auth/session answered 401)
//   - script: CDP Performance.getMetrics ScriptDuration once the page has settled
//   - heap: CDP Runtime.getHeapUsage usedSize after HeapProfiler.collectGarbage
// A benchmark, not a test: it prints figures and exits 0; non-zero only on errors.
//
// Options: --rounds N (default 9, at least 7), --no-build, --throttle N (default 4).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROME_ARGS, chromePath } from '../test/chrome.mjs';

const root = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(name);
  return index >= 0 && args[index + 1] !== undefined ? Number(args[index + 1]) : fallback;
};
const rounds = Math.max(7, Math.floor(option('--rounds', 9)));
const throttle = option('--throttle', 4);
const SETTLE_MS = 300;

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

// 2. Sizes (gzip -9, like the size budget).
const gzip = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const sizes = [
  ['dist/city-login.js', join(root, 'dist/city-login.js')],
  ...readdirSync(join(root, 'dist/chunks'))
    .sort()
    .map((name) => [`dist/chunks/${name}`, join(root, 'dist/chunks', name)]),
  ['bare element (Lit + form)', join(tmp, 'bare-element.js')],
];

// 3. The two pages and the files, served from this process.
const page = (script, body) =>
  `<!doctype html><html lang="fi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
  `<title>bench</title><script type="module" src="${script}"></script></head><body>${body}</body></html>`;
const routes = {
  '/city.html': { type: 'text/html', body: page('/city-login.js', '<city-login inline endpoint="/auth"></city-login>') },
  '/bare.html': { type: 'text/html', body: page('/bare-element.js', '<bare-login></bare-login>') },
  '/bare-element.js': { type: 'text/javascript', file: join(tmp, 'bare-element.js') },
  '/city-login.js': { type: 'text/javascript', file: join(root, 'dist/city-login.js') },
};
for (const name of readdirSync(join(root, 'dist/chunks'))) {
  routes[`/chunks/${name}`] = { type: 'text/javascript', file: join(root, 'dist/chunks', name) };
}
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  if (path === '/auth/session') {
    response.writeHead(401, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store' }).end('{"error":"unauthenticated"}');
    return;
  }
  const route = routes[path];
  if (!route) {
    response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
    return;
  }
  const body = route.file ? readFileSync(route.file) : route.body;
  response.writeHead(200, { 'Content-Type': `${route.type}; charset=utf-8`, 'Cache-Control': 'no-store' }).end(body);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;

// 4. The probe: from the first frame on, look for the visible identifier field and
//    report the time (performance.now() counts from navigation start).
const PROBE = `(() => {
  const find = () => {
    const city = document.querySelector('city-login input[name="username"]');
    if (city) return city;
    const bare = document.querySelector('bare-login');
    return bare && bare.shadowRoot ? bare.shadowRoot.querySelector('input') : null;
  };
  const look = () => {
    const input = find();
    if (input) {
      const box = input.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && input.checkVisibility({ visibilityProperty: true, opacityProperty: true })) {
        console.debug('__field_visible__', performance.now());
        return;
      }
    }
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
})();`;

const browser = await chromium.launch({ executablePath: chromePath(), args: CHROME_ARGS });

async function load(kind) {
  const context = await browser.newContext();
  try {
    await context.addInitScript(PROBE);
    const tab = await context.newPage();
    const errors = [];
    tab.on('pageerror', (error) => errors.push(error.message));
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    const visible = new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`${kind}: the identifier field never became visible`)), 30_000);
      tab.on('console', (message) => {
        if (!message.text().startsWith('__field_visible__')) return;
        clearTimeout(timer);
        message.args()[1].jsonValue().then(done, fail);
      });
    });
    await tab.goto(`${origin}/${kind}.html`, { waitUntil: 'load' });
    const timeToField = await visible;
    await tab.waitForTimeout(SETTLE_MS);
    const { metrics } = await cdp.send('Performance.getMetrics');
    const script = (metrics.find((m) => m.name === 'ScriptDuration')?.value ?? NaN) * 1000;
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.send('HeapProfiler.collectGarbage');
    const { usedSize } = await cdp.send('Runtime.getHeapUsage');
    if (errors.length > 0) throw new Error(`${kind}: page errors: ${errors.join('; ')}`);
    return { timeToField, script, heap: usedSize };
  } finally {
    await context.close();
  }
}

const results = { city: [], bare: [] };
try {
  console.log(`▶ ${rounds} rounds (+1 warm-up), ${throttle}× CPU throttling, Chromium ${browser.version()}`);
  for (let round = 0; round <= rounds; round += 1) {
    // Interleaved, and the order alternates so neither side always goes first.
    const order = round % 2 === 0 ? ['city', 'bare'] : ['bare', 'city'];
    for (const kind of order) {
      const result = await load(kind);
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
const rows = [
  { metric: 'time to field', key: 'timeToField', goal: 1.25, show: (v) => `${v.toFixed(0)} ms` },
  { metric: 'script evaluation', key: 'script', goal: 1.5, show: (v) => `${v.toFixed(0)} ms` },
  { metric: 'JS heap after GC', key: 'heap', goal: 1.25, show: (v) => `${(v / 1024 / 1024).toFixed(2)} MiB` },
].map(({ metric, key, goal, show }) => {
  const city = median(results.city.map((r) => r[key]));
  const bare = median(results.bare.map((r) => r[key]));
  const ratio = city / bare;
  return [metric, show(city), show(bare), `${ratio.toFixed(2)}×`, `≤ ${goal}× ${ratio <= goal ? '✓' : '✗'}`];
});
const table = (header, body) => {
  const widths = header.map((_, i) => Math.max(...[header, ...body].map((row) => [...row[i]].length)));
  const line = (row) => `| ${row.map((cell, i) => cell + ' '.repeat(widths[i] - [...cell].length)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...body.map(line)].join('\n');
};
console.log(`Startup, medians of ${rounds} loads each (${throttle}× CPU throttling, inline, session 401):\n`);
console.log(table(['metric', 'city-login median', 'bare median', 'ratio', 'goal'], rows));
console.log('\nSizes (gzip -9):\n');
console.log(table(['file', 'gzip'], sizes.map(([name, file]) => [name, kib(gzip(file))])));
