// Unit and component tests in Chromium, Firefox ESR and WebKitGTK (see ../shared/ENVIRONMENT.md).
// ENGINES picks them (comma-separated: chromium,firefox,webkit); without it, Chromium only
// (`npm test` runs each engine in turn through test/run.mjs).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { chromeLauncher, puppeteerCore } from '@web/test-runner-chrome';
import { webdriverLauncher } from '@web/test-runner-webdriver';
import { defaultReporter } from '@web/test-runner';
import { a11ySnapshotPlugin } from '@web/test-runner-commands/plugins';
import { chromePath, CHROME_ARGS } from './test/chrome.mjs';
import { countReporter } from './test/count-reporter.mjs';
import { FIREFOX_PATH, ensureDisplay, selectedEngines, startWebKitDriver, webkitCapabilities } from './test/engines.mjs';
import { TIME_SCALE, parallel, scaled } from './test/timing.mjs';

/** msw's worker must be served from the site root to intercept anything. */
const mswWorker = {
  name: 'msw-worker',
  async serve(context) {
    if (context.path === '/mockServiceWorker.js') {
      return { body: await readFile('public/mockServiceWorker.js', 'utf8'), type: 'js' };
    }
  },
};

const engines = selectedEngines(process.env.ENGINES || 'chromium');

const browsers = [];
if (engines.includes('chromium')) {
  browsers.push(
    chromeLauncher({
      launchOptions: { executablePath: chromePath(), headless: true, args: CHROME_ARGS },
      // Pages at once: one per core, at most 4 (test/timing.mjs).
      concurrency: parallel(4),
      // Each page in a browser context of its own: test files that run side by side share no
      // cookies, storage or msw service worker (a session one file's mock backend set was seen
      // by the other's "no session without a cookie" in a run under load).
      createPage: async ({ browser }) => (await browser.createBrowserContext()).newPage(),
    }),
  );
}
if (engines.includes('firefox')) {
  // Passing puppeteer-core itself makes the launcher name the browser "Firefox".
  browsers.push(
    chromeLauncher({
      puppeteer: puppeteerCore,
      launchOptions: { browser: 'firefox', executablePath: FIREFOX_PATH, headless: true },
      // One page at a time: Firefox throttles the timers of a background tab (to 1 s), and
      // the timeout tests then overrun.
      concurrency: 1,
    }),
  );
}
if (engines.includes('webkit')) {
  await ensureDisplay();
  const driver = await startWebKitDriver();
  // One page at a time: with more, the webdriver launcher runs test files in iframes.
  browsers.push(
    webdriverLauncher({
      hostname: '127.0.0.1',
      port: driver.port,
      path: '/',
      logLevel: 'error',
      capabilities: webkitCapabilities(),
    }),
  );
}

/**
 * A port the system has just handed out. Firefox and WebKit run side by side (test/run.mjs):
 * left to itself, each runner probes from 8000 up, both find 8000 free, and one then fails with
 * EADDRINUSE (seen in a full run).
 */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Forgets the cookies (path /) and msw's cookie store a previous test file left. */
const CLEAN_SLATE = `
  localStorage.removeItem('__msw-cookie-store__');
  for (const pair of document.cookie.split(';')) {
    const name = pair.split('=')[0].trim();
    if (name) document.cookie = name + '=; Max-Age=0; Path=/';
  }`;

export default {
  port: await freePort(),
  files: ['test/unit/**/*.test.ts', 'test/component/**/*.test.ts'],
  nodeResolve: { exportConditions: ['browser', 'development'] },
  // a11ySnapshot: Chromium's accessibility tree (test/component/a11y-tree.test.ts).
  plugins: [mswWorker, a11ySnapshotPlugin(), esbuildPlugin({ ts: true, tsconfig: './tsconfig.json', target: 'es2022' })],
  browsers,
  // Per browser (each launcher above sets its own); 1 keeps WebKit in one window, not iframes.
  concurrency: 1,
  // A test that hangs fails after 20 s on an idle 4-core machine, longer on a smaller or busier
  // one (test/timing.mjs: TEST_TIME_SCALE, cores, CI). Tests wait for conditions, not for these.
  // Twice the longest wait a test makes for a condition (scaled(10_000)): a wait that runs out
  // fails with its own message, not with mocha's "Timeout of … exceeded", and a stall of the
  // machine shorter than that passes (a fresh-clone run on 2026-12-01 lost two tests to mocha's
  // timeout when it was equal to the waits, 40 s under CI, while the machine stalled).
  testFramework: { config: { timeout: scaled(20000) } },
  // The tests' own waits for a condition scale the same way: the page tells them by how much
  // (test/browser-timing.ts reads it). Otherwise WTR's default page, except that each test file
  // starts with no cookies and an empty msw cookie store: a page is reused for the next file, and
  // msw keeps the cookies its answers set in localStorage, so one file's session was seen by the
  // next file's "no session" test (in whichever order the files happened to run).
  testRunnerHtml: (testFramework) =>
    `<!DOCTYPE html><html><head><script>globalThis.__TEST_TIME_SCALE__ = ${TIME_SCALE};${CLEAN_SLATE}</script></head><body><script type="module" src="${testFramework}"></script></body></html>`,
  testsFinishTimeout: scaled(180000),
  // WTR's own defaults (30 s to start a browser, 20 s to load a test file), scaled the same way.
  browserStartTimeout: scaled(30000),
  testsStartTimeout: scaled(20000),
  reporters: [defaultReporter(), countReporter(process.env.COUNT_FILE)],
};
