/**
 * The built Storybook (storybook-static/, made by `storybook build` in test/run.mjs),
 * served over HTTP on 127.0.0.1 and opened in Chromium through playwright-core.
 *
 * For every story in index.json, in Finnish, Swedish and English, and in the second
 * theme: the story renders <city-login>, its play function (which waits for the state
 * to render) finishes without throwing, there is no console error and no page error,
 * axe-core (WCAG 2.0/2.1/2.2 A and AA) finds nothing in #storybook-root, and (issue 13) on
 * a phone, 320 × 640, the state opens with what the resident needs in view without scrolling:
 * the title (the panel's heading; in the header, the bar), the current message (an error, a
 * visible status or notice, the header's popover) and the primary action (the form's submit,
 * or the panel's or the bar's button). A story that does not render fails. index.json must
 * list the story of every state in test/fixtures/states.ts, the few other stories named below and
 * the docs pages, so removing one fails too.
 *
 * Every story is opened at 320 × 640: the phone is where the layout is tight; the desktop
 * width is swept by the demo's journeys (test/e2e/a11y.test.ts) and the component tests.
 *
 * One page load per story (not one per language): Finnish from the URL, then each other
 * language and the theme switched in place as the toolbar does (Storybook's `updateGlobals`:
 * the story renders again, without its play function), then the story mounted afresh
 * (`forceRemount`: loaders, the fresh mock backend and cookie of `beforeEach`, a new element,
 * the play function to its state) and checked as on a fresh load. Stories never share a
 * page; axe is loaded once per page.
 */
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { scaled } from '../timing.mjs';
import { STATE_STORIES } from '../fixtures/states.js';
import { axeViolations, launchBrowser } from './helpers.js';
import {
  CHANNEL_PROBE,
  FAILURE_EVENTS,
  PHONE,
  STORYBOOK_ROOT,
  built,
  entries as indexEntries,
  essentials,
  outOfView,
  serve,
  settle,
  storyUrl,
} from '../../scripts/story-pages.mjs';

/** Browser contexts used at once (each has its own cookies and service worker): one per core, at most 3. */
const CONCURRENCY = Math.max(1, Math.min(3, availableParallelism()));
/** A story that has not finished by then hangs (written for an idle machine, scaled: test/timing.mjs). */
const STORY_TIMEOUT_MS = scaled(30_000);

/** The languages and themes each story is checked in; the first comes from the URL. */
const VARIANTS: ReadonlyArray<{ label: string; globals: { locale: string; theme: string } }> = [
  { label: 'fi', globals: { locale: 'fi', theme: 'default' } },
  { label: 'sv', globals: { locale: 'sv', theme: 'default' } },
  { label: 'en', globals: { locale: 'en', theme: 'default' } },
  { label: 'fi, theme satama', globals: { locale: 'fi', theme: 'satama' } },
];

/**
 * Stories index.json must list that show no state of test/fixtures/states.ts, each with why it is
 * required all the same (the states' own stories come from that list).
 */
const OTHER_REQUIRED_STORIES: ReadonlyArray<{ id: string; why: string }> = [
  { id: 'city-login--inline', why: "step 1 inline, on a sign-in page (the state's own story, dialog-open, shows the dialog)" },
  { id: 'city-login--all-optional-lines-on', why: 'the optional lines all shown: attributes, not a state' },
  { id: 'city-login--all-optional-lines-off', why: 'the optional lines all hidden: attributes, not a state' },
  {
    id: 'city-login--sso-redirect',
    why: 'a redirect the page cancels (step 1 again, with what was asked for); the state "redirecting to an external sign-in" has no story',
  },
  ...['step-1', 'unknown-passkey', 'no-passkey-here', 'passkey-server-error', 'offer', 'created', 'already-exists'].map((name) => ({
    id: `city-login-passkeys--${name}`,
    why: 'a state of the passkey flow, not in the list yet: test/component/passkeys.test.ts reaches them with a fake navigator.credentials of its own',
  })),
];

/** Every state's story, and the others: a story removed or renamed fails the test. */
const REQUIRED_STORIES: readonly string[] = [...new Set([...STATE_STORIES, ...OTHER_REQUIRED_STORIES.map((story) => story.id)])];
const REQUIRED_DOCS = ['city-login--overview', 'docs-accessibility--docs', 'docs-http-contract--docs'];

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

/** A small pool of browser contexts, so stories run side by side without sharing cookies. */
class ContextPool {
  #free: BrowserContext[] = [];
  #waiting: Array<(context: BrowserContext) => void> = [];
  constructor(contexts: BrowserContext[]) {
    this.#free = contexts;
  }
  async acquire(): Promise<BrowserContext> {
    return this.#free.pop() ?? (await new Promise<BrowserContext>((r) => this.#waiting.push(r)));
  }
  release(context: BrowserContext): void {
    const next = this.#waiting.shift();
    if (next) next(context);
    else this.#free.push(context);
  }
  async use<T>(task: (context: BrowserContext) => Promise<T>): Promise<T> {
    const context = await this.acquire();
    try {
      return await task(context);
    } finally {
      this.release(context);
    }
  }
}

let browser: Browser;
let site: Awaited<ReturnType<typeof serve>>;
let pool: ContextPool;
let contexts: BrowserContext[] = [];

const entries = built() ? indexEntries() : [];
const stories = entries.filter((e) => e.type === 'story');
const docs = entries.filter((e) => e.type === 'docs');

before(async () => {
  [browser, site] = await Promise.all([launchBrowser(), serve()]);
  contexts = await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      const context = await browser.newContext({ viewport: PHONE });
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

type SbWindow = {
  __sbEvents: Array<{ name: string; data: unknown }>;
  __STORYBOOK_ADDONS_CHANNEL__: { emit: (name: string, data: unknown) => void };
};

/** The preview's events so far. */
function eventCount(page: Page): Promise<number> {
  return page.evaluate(() => ((window as unknown as Partial<SbWindow>).__sbEvents ?? []).length);
}

/** Waits for the story to finish (or fail) after event number `from`: the event's name, or 'timeout'. */
function finished(page: Page, from: number): Promise<string> {
  return page
    .waitForFunction(
      ([failures, from]) => {
        const events = ((window as unknown as Partial<SbWindow>).__sbEvents ?? []).slice(from);
        const done = events.find((e) => e.name === 'storyFinished' || failures.includes(e.name));
        return done ? done.name : false;
      },
      [FAILURE_EVENTS, from] as const,
      { timeout: STORY_TIMEOUT_MS },
    )
    .then((handle) => handle.jsonValue() as Promise<string>)
    .catch(() => 'timeout');
}

/** One story in one page, its variants in turn (see the comment at the top). */
class StoryPage {
  readonly #id: string;
  readonly #page: Page;
  readonly #errors: string[];
  #opened = false;

  constructor(id: string, page: Page) {
    this.#id = id;
    this.#page = page;
    this.#errors = watch(page);
  }

  /** Shows the story in `globals` and returns what is wrong with it (empty: fine). */
  async check(globals: { locale: string; theme: string }): Promise<string[]> {
    const page = this.#page;
    const errorsFrom = this.#errors.length;
    const problems: string[] = [];
    /** Events from here on are this variant's: its in-place re-render and its own run. */
    let switched = 0;
    /** Events from here on are the story's run whose end is awaited. */
    let from = 0;
    if (!this.#opened) {
      // The a11y addon's own automatic axe run is switched off (a11y.manual): this test runs axe itself.
      await page.goto(storyUrl(site.url, this.#id, globals));
      this.#opened = true;
    } else {
      // The toolbar's switch: the story re-renders in place in the new language or theme…
      switched = await eventCount(page);
      await page.evaluate(
        (globals) => (window as unknown as SbWindow).__STORYBOOK_ADDONS_CHANNEL__.emit('updateGlobals', { globals }),
        globals,
      );
      if ((await finished(page, switched)) === 'timeout')
        problems.push(`the story did not re-render in place within ${STORY_TIMEOUT_MS} ms`);
      // …then is mounted afresh and played again in it.
      // (A fresh load starts at the top of the page: so does the fresh mount.)
      from = await eventCount(page);
      await page.evaluate((storyId) => {
        window.scrollTo(0, 0);
        (window as unknown as SbWindow).__STORYBOOK_ADDONS_CHANNEL__.emit('forceRemount', { storyId });
      }, this.#id);
    }
    const outcome = await finished(page, from);
    const events = await page.evaluate(() => (window as unknown as SbWindow).__sbEvents);
    for (const event of events.slice(switched).filter((e) => FAILURE_EVENTS.includes(e.name))) {
      problems.push(`${event.name}: ${JSON.stringify(event.data).slice(0, 800)}`);
    }
    if (outcome === 'timeout') problems.push(`the story did not finish within ${STORY_TIMEOUT_MS} ms`);
    const finishedEvent = events.slice(from).find((e) => e.name === 'storyFinished')?.data as Array<{ status?: string }> | undefined;
    const rerendered = events.slice(switched, from).find((e) => e.name === 'storyFinished')?.data as Array<{ status?: string }> | undefined;
    for (const [what, data] of [
      ['storyFinished', finishedEvent],
      ['storyFinished (re-rendered in place)', rerendered],
    ] as const) {
      if (data && data[0]?.status === 'error' && problems.length === 0)
        problems.push(`${what} with status "error": ${JSON.stringify(data).slice(0, 800)}`);
    }
    const rendered = await page.evaluate(({ locale, theme }) => {
      const wrapper = document.querySelector('#storybook-root .city-login-story');
      const element = document.querySelector('#storybook-root city-login');
      return {
        element: !!element && !!element.shadowRoot && element.shadowRoot.childElementCount > 0,
        globals: !wrapper || (wrapper.getAttribute('lang') === locale && wrapper.getAttribute('data-city-theme') === theme),
      };
    }, globals);
    if (!rendered.element) problems.push('#storybook-root has no rendered <city-login>');
    if (!rendered.globals) problems.push(`the story is not shown in ${globals.locale}, theme ${globals.theme}`);
    if (problems.length === 0) {
      // What a fresh load shows once the play function is done (scripts/story-pages.mjs).
      await settle(page);
      for (const problem of outOfView(await essentials(page))) problems.push(`at ${PHONE.width} × ${PHONE.height}: ${problem}`);
      for (const violation of await axeViolations(page, '#storybook-root')) problems.push(`axe: ${violation}`);
    }
    problems.push(...this.#errors.slice(errorsFrom));
    return problems;
  }
}

describe('Storybook (storybook-static/)', () => {
  it('is built, and index.json lists every state of the issue and the docs pages', () => {
    assert.ok(built(), `${STORYBOOK_ROOT}/index.json is missing: run \`npm run build-storybook\` (npm test does)`);
    const types = new Map(entries.map((e) => [e.id, e.type]));
    const missing = [...REQUIRED_STORIES, ...REQUIRED_DOCS].filter((id) => !types.has(id));
    assert.deepEqual(missing, [], `missing from index.json: ${missing.join(', ')}`);
    for (const id of REQUIRED_STORIES) assert.equal(types.get(id), 'story', `${id} is a story`);
  });

  describe(
    'every story renders, has no console or page error, passes axe, and at 320 × 640 opens with its title, message and primary action in view',
    { concurrency: CONCURRENCY },
    () => {
      for (const story of stories) {
        // One page (and browser context) per story, held from its first variant to its last;
        // the variants in turn (a suite's concurrency is inherited unless set).
        describe(story.name, { concurrency: 1 }, () => {
          let context: BrowserContext | undefined;
          let page: Page | undefined;
          let storyPage: StoryPage | undefined;
          before(async () => {
            context = await pool.acquire();
            page = await context.newPage();
            storyPage = new StoryPage(story.id, page);
          });
          after(async () => {
            await page?.close();
            if (context) pool.release(context);
          });
          for (const variant of VARIANTS) {
            it(`${story.name} [${variant.label}]`, async () => {
              const problems = await storyPage!.check(variant.globals);
              assert.deepEqual(problems, [], `${story.id} (${variant.label}):\n  ${problems.join('\n  ')}`);
            });
          }
        });
      }
    },
  );

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
                () =>
                  ((window as unknown as { __sbEvents?: Array<{ name: string }> }).__sbEvents ?? []).some((e) => e.name === 'docsRendered'),
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
