/* global window, document, requestAnimationFrame, getComputedStyle -- the functions given to page.evaluate run in the page */
// Opens the built Storybook's stories (storybook-static/) one state at a time, for
// scripts/screenshots.mjs (npm run screenshots) and the Storybook sweep (test/e2e/storybook.test.ts):
// every story renders the real element against the one mock backend (mock/backend.ts through msw)
// and its play function reaches its state as a resident would. index.json lists the stories.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';

export const STORYBOOK_ROOT = resolve(process.env.STORYBOOK_STATIC ?? 'storybook-static');

const TYPES = {
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

/** Whether `root` holds a built Storybook (its index.json). */
export function built(root = STORYBOOK_ROOT) {
  return existsSync(join(root, 'index.json'));
}

/** The entries of the build (id, title, name, type), in index.json's order. */
export function entries(root = STORYBOOK_ROOT) {
  const file = join(root, 'index.json');
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npm run build-storybook\` first`);
  return Object.values(JSON.parse(readFileSync(file, 'utf8')).entries);
}

/** The stories of the build (id, title, name), in index.json's order. */
export function stories(root = STORYBOOK_ROOT) {
  return entries(root).filter((entry) => entry.type === 'story');
}

/** Serves `root` on 127.0.0.1 (a free port): `{ url, close() }`. */
export function serve(root = STORYBOOK_ROOT) {
  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    if (pathname === '/favicon.ico') return void response.writeHead(204).end();
    let file = normalize(join(root, pathname));
    if (!file.startsWith(root)) return void response.writeHead(403).end();
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) return void response.writeHead(404).end();
    response.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      // Hashed assets can be cached across page loads; the rest (and the mock's worker) not.
      'Cache-Control': pathname.startsWith('/assets/') ? 'public, max-age=3600' : 'no-cache',
    });
    response.end(readFileSync(file));
  });
  return new Promise((done) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      done({ url: `http://127.0.0.1:${port}`, close: () => new Promise((closed) => server.close(() => closed())) });
    });
  });
}

/** The preview's events that end a story's run badly. */
export const FAILURE_EVENTS = [
  'storyErrored',
  'storyMissing',
  'storyThrewException',
  'playFunctionThrewException',
  'unhandledErrorsWhilePlaying',
];

/**
 * Records the preview's channel events from the first moment Storybook sets its channel, as
 * `window.__sbEvents` (`{ name, data }`): to know when a story's play function has finished.
 */
export const CHANNEL_PROBE = `
  window.__sbEvents = [];
  let channel;
  Object.defineProperty(window, '__STORYBOOK_ADDONS_CHANNEL__', {
    configurable: true,
    get() { return channel; },
    set(value) {
      channel = value;
      for (const name of ['storyRendered', 'storyFinished', 'docsRendered', ${FAILURE_EVENTS.map((name) => `'${name}'`).join(', ')}]) {
        value.on(name, (...args) => {
          let data;
          try { data = JSON.parse(JSON.stringify(args)); } catch { data = String(args); }
          window.__sbEvents.push({ name, data });
        });
      }
    },
  });
`;

/** The URL of story `id` (viewMode story) in `locale` and `theme`; the a11y addon's own run is off. */
export function storyUrl(url, id, { locale = 'fi', theme = 'default' } = {}) {
  const globals = ['a11y.manual:!true', `locale:${locale}`, `theme:${theme}`].join(';');
  return `${url}/iframe.html?id=${encodeURIComponent(id)}&viewMode=story&globals=${globals}`;
}

/** Two animation frames: the element's own updates after a play function (focus moves, a field's render). */
export function settle(page) {
  return page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
}

/**
 * Opens story `id` in `page` in `locale` and `theme` and waits until its play function has
 * finished (its state rendered). Returns `null`, or what went wrong.
 */
export async function openStory(page, url, id, { locale = 'fi', theme = 'default', timeout = 60_000 } = {}) {
  await page.goto(storyUrl(url, id, { locale, theme }));
  const outcome = await page
    .waitForFunction(
      (failures) => (window.__sbEvents ?? []).find((e) => e.name === 'storyFinished' || failures.includes(e.name))?.name ?? false,
      FAILURE_EVENTS,
      { timeout },
    )
    .then((handle) => handle.jsonValue())
    .catch(() => 'timeout');
  if (outcome !== 'storyFinished') return outcome;
  // Not the element's updateComplete: that waits for the form's chunk, which a story may hold
  // back on purpose.
  await settle(page);
  return null;
}

/**
 * What a resident must see at once in the story's state, each as a box in the viewport (or null
 * when the state has none): the title (the panel's heading; in the header, the bar), the current
 * message (an error, a visible status or notice, the header's popover), and the primary action
 * (the form's submit, else the panel's or the bar's first filled button).
 */
export function essentials(page) {
  return page.evaluate(() => {
    const host = document.querySelector('#storybook-root city-login');
    const root = host?.shadowRoot;
    if (!host || !root) return null;
    const shown = (element) =>
      element && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden' ? element : null;
    const box = (element) => {
      if (!element) return null;
      const r = element.getBoundingClientRect();
      return {
        left: r.left,
        top: r.top,
        right: r.right,
        bottom: r.bottom,
        what: element.getAttribute('part') || element.textContent.trim().slice(0, 40),
      };
    };
    const panel = shown(root.querySelector('[part=panel]'));
    const title = panel ? shown(root.querySelector('[part=title]')) : shown(root.querySelector('[part=base]'));
    const message =
      shown(root.querySelector('[part=message].pop')) ??
      shown(root.querySelector('[part=error]')) ??
      [...root.querySelectorAll('[part=status].status')].find((s) => shown(s) && s.textContent.trim()) ??
      shown(root.querySelector('[part=notice][tabindex]')) ??
      null;
    const action = panel
      ? (shown(host.querySelector('form button[type=submit]')) ?? shown(panel.querySelector('.footer .button, .button')))
      : shown(root.querySelector('.bar .button'));
    return { title: box(title), message: box(message), action: box(action) };
  });
}

/** The phone the in-view check holds every state to (issue 13). */
export const PHONE = { width: 320, height: 640 };

/**
 * What of `essentials(page)` lies outside a `viewport`-sized window (half a pixel of rounding
 * allowed): one line each, empty when all is in view.
 */
export function outOfView(seen, viewport = PHONE) {
  if (!seen) return ['no <city-login>'];
  const problems = seen.title ? [] : ['no title or bar'];
  for (const [what, box] of Object.entries(seen)) {
    if (!box) continue;
    const inside = box.left >= -0.5 && box.top >= -0.5 && box.right <= viewport.width + 0.5 && box.bottom <= viewport.height + 0.5;
    if (!inside) problems.push(`the ${what} (${box.what}) is out of view: ${JSON.stringify(box)}`);
  }
  return problems;
}
