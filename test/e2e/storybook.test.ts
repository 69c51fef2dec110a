/**
 * The built Storybook (storybook-static/, made by `storybook build` in test/run.mjs),
 * served over HTTP on 127.0.0.1 and opened in Chromium through playwright-core.
 *
 * For every story in index.json, in Finnish, Swedish and English, and in the second
 * theme: the story renders <city-login>, its play function (which waits for the state
 * to render) finishes without throwing, there is no console error and no page error,
 * and axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing in #storybook-root. A story
 * that does not render fails. index.json must list at least the states of issue 4 and
 * the docs pages, so removing one fails too.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser } from './helpers.js';

const ROOT = resolve('storybook-static');
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
/** Browser contexts used at once (each has its own cookies and service worker). */
const CONCURRENCY = 3;
const STORY_TIMEOUT_MS = 30_000;

/** The states the issue asks for, by story id: a story removed or renamed fails the test. */
const REQUIRED_STORIES = [
  'city-login--signed-out',
  'city-login--dialog-open',
  'city-login--validation-error',
  'city-login--password-step',
  'city-login--wrong-password',
  'city-login--locked',
  'city-login--rate-limited',
  'city-login--offline',
  'city-login--server-error',
  'city-login--redirect-refused',
  'city-login--forgot',
  'city-login--forgot-sent',
  'city-login--forgot-delivery-failed',
  'city-login--sso-redirect',
  'city-login--checking-session',
  'city-login--signed-in',
  'city-login--sign-out-failed',
  'city-login--inline',
  'city-login--all-optional-lines-on',
  'city-login--all-optional-lines-off',
];
const REQUIRED_DOCS = ['city-login--overview', 'docs-accessibility--docs', 'docs-http-contract--docs'];

interface IndexEntry {
  type: 'story' | 'docs';
  id: string;
  name: string;
  title: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** A tiny static server for storybook-static/. */
function serve(root: string): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (pathname === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    let file = normalize(join(root, pathname));
    if (!file.startsWith(root)) {
      response.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed assets can be cached across page loads; the rest (and the worker) not.
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=3600' : 'no-cache',
    });
    response.end(readFileSync(file));
  });
  return new Promise((resolveServer) => {
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      resolveServer({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** Records the preview's channel events from the first moment Storybook sets its channel. */
const CHANNEL_PROBE = `
  window.__sbEvents = [];
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get() { return channel; },
    set(value) {
      channel = value;
      for (const name of ['storyRendered', 'storyFinished', 'storyErrored', 'storyMissing', 'storyThrewException',
        'playFunctionThrewException', 'unhandledErrorsWhilePlaying', 'docsRendered']) {
        value.on(name, (...args) => {
          let data;
          try { data = JSON.parse(JSON.stringify(args)); } catch { data = String(args); }
          window.__sbEvents.push({ name, data });
        });
      }
    },
  });
`;

const FAILURE_EVENTS = ['storyErrored', 'storyMissing', 'storyThrewException', 'playFunctionThrewException', 'unhandledErrorsWhilePlaying'];

/** Console errors and page errors; the contract's own error answers (401, 423, 429, 5xx, a refused connection) are expected. */
function watch(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    const url = message.location().url ?? '';
    if (/\/auth\/[a-z/-]+$/.test(url) && /Failed to load resource|net::ERR_FAILED/.test(text)) return;
    errors.push(`console: ${text}${url ? ` (${url})` : ''}`);
  });
  return errors;
}

async function axeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  return page.evaluate(async (tags) => {
    type Violation = { id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> };
    const axe = (window as unknown as { axe: { run: (context: Element, options: object) => Promise<{ violations: Violation[] }> } }).axe;
    const root = document.querySelector('#storybook-root');
    if (!root) throw new Error('no #storybook-root');
    const results = await axe.run(root, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map(
      (v) => `${v.id} (${v.impact ?? 'no impact'}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`,
    );
  }, WCAG_TAGS);
}

/** A small pool of browser contexts, so stories run side by side without sharing cookies. */
class ContextPool {
  #free: BrowserContext[] = [];
  #waiting: Array<(context: BrowserContext) => void> = [];
  constructor(contexts: BrowserContext[]) {
    this.#free = contexts;
  }
  async use<T>(task: (context: BrowserContext) => Promise<T>): Promise<T> {
    const context = this.#free.pop() ?? (await new Promise<BrowserContext>((r) => this.#waiting.push(r)));
    try {
      return await task(context);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(context);
      else this.#free.push(context);
    }
  }
}

let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;
let pool: ContextPool;
let contexts: BrowserContext[] = [];

const index: { entries: Record<string, IndexEntry> } | null = existsSync(join(ROOT, 'index.json'))
  ? (JSON.parse(readFileSync(join(ROOT, 'index.json'), 'utf8')) as { entries: Record<string, IndexEntry> })
  : null;
const entries = Object.values(index?.entries ?? {});
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

before(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serve(ROOT)]);
  contexts = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const context = await browser.newContext({ viewport: { width: 1024, height: 900 } });
      await context.addInitScript(CHANNEL_PROBE);
      return context;
    }),
  );
  pool = new ContextPool([...contexts]);
});
after(async () => {
  await Promise.all(contexts.map((c) => c.close().catch(() => undefined)));
  await browser?.close();
  await site?.close();
});

/** Opens one story and checks it. Returns the problems found (empty: fine). */
async function checkStory(id: string, globals: string): Promise<string[]> {
  return pool.use(async (context) => {
    const page = await context.newPage();
    const errors = watch(page);
    try {
      // The a11y addon's own automatic axe run is switched off (a11y.manual): this test runs axe itself.
      const query = `id=${encodeURIComponent(id)}&viewMode=story&globals=${['a11y.manual:!true', ...(globals ? [globals] : [])].join(';')}`;
      await page.goto(`${site.url}/iframe.html?${query}`);
      const outcome = await page
        .waitForFunction(
          (failures) => {
            const events = (window as unknown as { __sbEvents?: Array<{ name: string }> }).__sbEvents ?? [];
            const done = events.find((e) => e.name === 'storyFinished' || failures.includes(e.name));
            return done ? done.name : false;
          },
          FAILURE_EVENTS,
          { timeout: STORY_TIMEOUT_MS },
        )
        .then((handle) => handle.jsonValue() as Promise<string>)
        .catch(() => 'timeout');
      const events = await page.evaluate(() => (window as unknown as { __sbEvents: Array<{ name: string; data: unknown }> }).__sbEvents);
      const problems: string[] = [];
      for (const event of events.filter((e) => FAILURE_EVENTS.includes(e.name))) {
        problems.push(`${event.name}: ${JSON.stringify(event.data).slice(0, 800)}`);
      }
      if (outcome === 'timeout') problems.push(`the story did not finish within ${STORY_TIMEOUT_MS} ms`);
      const finished = events.find((e) => e.name === 'storyFinished')?.data as Array<{ status?: string }> | undefined;
      if (finished && finished[0]?.status === 'error' && problems.length === 0) {
        problems.push(`storyFinished with status "error": ${JSON.stringify(finished).slice(0, 800)}`);
      }
      const rendered = await page.evaluate(() => {
        const element = document.querySelector('#storybook-root city-login');
        return !!element && !!element.shadowRoot && element.shadowRoot.childElementCount > 0;
      });
      if (!rendered) problems.push('#storybook-root has no rendered <city-login>');
      if (problems.length === 0) {
        for (const violation of await axeViolations(page)) problems.push(`axe: ${violation}`);
      }
      problems.push(...errors);
      return problems;
    } finally {
      await page.close();
    }
  });
}

describe('Storybook (storybook-static/)', () => {
  it('is built, and index.json lists every state of the issue and the docs pages', () => {
    assert.ok(index, 'storybook-static/index.json is missing: run `npm run build-storybook` (npm test does)');
    const ids = new Set(entries.map((e) => e.id));
    const missing = [...REQUIRED_STORIES, ...REQUIRED_DOCS].filter((id) => !ids.has(id));
    assert.deepEqual(missing, [], `missing from index.json: ${missing.join(', ')}`);
    for (const id of REQUIRED_STORIES) assert.equal(index!.entries[id]!.type, 'story', `${id} is a story`);
  });

  describe('every story renders, has no console or page error, and passes axe', { concurrency: CONCURRENCY }, () => {
    const runs: Array<{ id: string; label: string; globals: string }> = [];
    for (const story of stories) {
      for (const locale of ['fi', 'sv', 'en']) {
        runs.push({ id: story.id, label: `${story.name} [${locale}]`, globals: locale === 'fi' ? '' : `locale:${locale}` });
      }
      runs.push({ id: story.id, label: `${story.name} [fi, theme satama]`, globals: 'theme:satama' });
    }
    for (const run of runs) {
      it(run.label, async () => {
        const problems = await checkStory(run.id, run.globals);
        assert.deepEqual(problems, [], `${run.id}${run.globals ? ` (${run.globals})` : ''}:\n  ${problems.join('\n  ')}`);
      });
    }
  });

  describe('the docs pages render without errors', { concurrency: CONCURRENCY }, () => {
    for (const entry of docs) {
      it(`${entry.title}: ${entry.name}`, async () => {
        const problems = await pool.use(async (context) => {
          const page = await context.newPage();
          const errors = watch(page);
          try {
            await page.goto(`${site.url}/iframe.html?id=${encodeURIComponent(entry.id)}&viewMode=docs`);
            const outcome = await page
              .waitForFunction(
                () => ((window as unknown as { __sbEvents?: Array<{ name: string }> }).__sbEvents ?? []).some((e) => e.name === 'docsRendered'),
                undefined,
                { timeout: STORY_TIMEOUT_MS },
              )
              .then(() => 'rendered')
              .catch(() => 'timeout');
            const text = await page.evaluate(() => document.querySelector('#storybook-docs')?.textContent?.trim().length ?? 0);
            return [
              ...(outcome === 'timeout' ? ['the docs page did not render'] : []),
              ...(text > 0 ? [] : ['the docs page is empty']),
              ...errors,
            ];
          } finally {
            await page.close();
          }
        });
        assert.deepEqual(problems, [], `${entry.id}:\n  ${problems.join('\n  ')}`);
      });
    }
  });
});
