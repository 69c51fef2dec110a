/**
 * The end-to-end journeys in three engines. Chromium runs through playwright-core as before.
 * Playwright cannot drive the stock Firefox ESR or WebKitGTK here, so for those two this
 * module offers the part of playwright's Browser / BrowserContext / Page / Locator API that
 * the journeys use (getByRole, getByLabel, getByText, locator, filter; click, fill, check,
 * waitFor, inputValue, getAttribute, textContent, count, evaluate; keyboard, goto, reload,
 * waitForURL, waitForFunction, addInitScript, the pageerror and console events):
 *
 *  - Firefox ESR through puppeteer-core over WebDriver BiDi;
 *  - WebKitGTK's MiniBrowser through webdriverio and WebKitWebDriver (classic WebDriver: no
 *    init scripts and no console there, so the test servers put a script first in the page
 *    (see `serveInitScript` / `withInitScript`) that runs the init scripts and records errors).
 *
 * Elements are found in the page by role and accessible name, label or text, through open
 * shadow roots (see FIND below); clicks and keys are real input events at the element's place.
 * A method the journeys do not use is missing: calling one fails the test, loudly.
 */
import type { Browser } from 'playwright-core';
import * as puppeteer from 'puppeteer-core';
import { remote } from 'webdriverio';
import { chromePath } from '../chrome.mjs';
import { FIREFOX_PATH, ensureDisplay, missingFor, selectedEngines, startWebKitDriver, webkitCapabilities } from '../engines.mjs';
import { scaled } from '../timing.mjs';
import { launchBrowser } from './helpers.js';
import { RECORD_ERRORS, setInitScript } from './init-script.js';

export type Engine = 'chromium' | 'firefox' | 'webkit';

/** The engines of this run: ENGINES (default all three). */
export const E2E_ENGINES = selectedEngines() as Engine[];

export const ENGINE_NAMES: Record<Engine, string> = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** A browser of `engine`, typed as playwright's: the real one for Chromium, a stand-in otherwise. */
export async function launchEngine(engine: Engine): Promise<Browser> {
  const missing = missingFor(engine);
  if (missing) throw new Error(`${ENGINE_NAMES[engine]} is not installed here: ${missing}`);
  if (engine === 'chromium') {
    chromePath();
    return launchBrowser();
  }
  const browser = engine === 'firefox' ? await FirefoxBrowser.launch() : await WebKitBrowser.launch();
  return browser as unknown as Browser;
}

// ------------------------------------------------------------------ finding elements in the page

/** A query, step by step, as the page-side finder reads it. */
type Step =
  | { css: string }
  | { role: string; name?: string | { source: string; flags: string }; exact?: boolean; level?: number }
  | { label: string; exact?: boolean }
  | { text: string }
  | { hasText: string };

/**
 * The page-side finder: `FIND(steps)` returns the elements (through open shadow roots) that
 * match, each step within the previous one's matches. Hidden elements (not rendered, or under
 * aria-hidden) do not match a role. Accessible names follow the parts of the spec the
 * element uses: aria-labelledby, aria-label, labels, content (slots followed), title.
 */
const FIND = String.raw`(steps) => {
  const norm = (s) => (s || '').replace(/\s+/g, ' ').trim();
  const kids = (n) => n.shadowRoot ? [...n.shadowRoot.children] : n instanceof HTMLSlotElement ? n.assignedElements({ flatten: true }) : [...n.children];
  const deep = (root) => { const out = []; const walk = (n) => { for (const c of kids(n)) { out.push(c); walk(c); } }; walk(root); return out; };
  const lightDeep = (root) => { const out = []; const walk = (n) => { for (const c of [...(n.shadowRoot ? n.shadowRoot.children : []), ...n.children]) { out.push(c); walk(c); } }; walk(root); return out; };
  const rendered = (e) => e.getClientRects().length > 0 || getComputedStyle(e).display === 'contents';
  const ariaHidden = (e) => { for (let n = e; n; n = n.parentElement || (n.getRootNode() instanceof ShadowRoot ? n.getRootNode().host : null)) if (n.getAttribute && n.getAttribute('aria-hidden') === 'true') return true; return false; };
  const visible = (e) => rendered(e) && getComputedStyle(e).visibility !== 'hidden';
  const textOf = (n, a11y) => {
    if (n.nodeType === 3) return n.textContent;
    if (n.nodeType !== 1) return '';
    if (/^(STYLE|SCRIPT|TEMPLATE)$/.test(n.tagName)) return '';
    if (a11y && (n.getAttribute('aria-hidden') === 'true' || (!rendered(n) && !n.matches('.sr-only, slot')))) return '';
    if (a11y && n.getAttribute('aria-label')) return ' ' + n.getAttribute('aria-label') + ' ';
    if (n.tagName === 'IMG') return n.getAttribute('alt') || '';
    const nodes = n.shadowRoot ? [...n.shadowRoot.childNodes] : n instanceof HTMLSlotElement ? n.assignedNodes({ flatten: true }) : [...n.childNodes];
    const inline = /^(inline|contents)/.test(getComputedStyle(n).display);
    return (inline ? '' : ' ') + nodes.map((c) => textOf(c, a11y)).join('') + (inline ? '' : ' ');
  };
  const byIds = (e, ids) => ids.split(/\s+/).map((id) => e.getRootNode().getElementById ? e.getRootNode().getElementById(id) : document.getElementById(id)).filter(Boolean);
  const name = (e) => {
    const by = e.getAttribute('aria-labelledby');
    if (by) return norm(byIds(e, by).map((l) => textOf(l, true)).join(' '));
    if (e.getAttribute('aria-label')) return norm(e.getAttribute('aria-label'));
    if (e.labels && e.labels.length) return norm([...e.labels].map((l) => textOf(l, true)).join(' '));
    if (/^(BUTTON|A|H[1-6]|SUMMARY|LEGEND|TD|TH|LI|OPTION)$/.test(e.tagName) || ['button', 'link', 'heading', 'tab', 'menuitem', 'option', 'checkbox', 'radio', 'alert', 'status'].includes(e.getAttribute('role'))) {
      const t = norm(textOf(e, true));
      if (t) return t;
    }
    return norm(e.getAttribute('title') || e.getAttribute('placeholder') || '');
  };
  const role = (e) => {
    const explicit = e.getAttribute('role');
    if (explicit) return explicit.split(/\s+/)[0];
    const t = e.tagName;
    if (t === 'BUTTON') return 'button';
    if (t === 'A' && e.hasAttribute('href')) return 'link';
    if (/^H[1-6]$/.test(t)) return 'heading';
    if (t === 'DIALOG') return 'dialog';
    if (t === 'TEXTAREA') return 'textbox';
    if (t === 'SELECT') return 'combobox';
    if (t === 'INPUT') {
      const type = (e.getAttribute('type') || 'text').toLowerCase();
      if (['button', 'submit', 'reset', 'image'].includes(type)) return 'button';
      if (type === 'checkbox') return 'checkbox';
      if (type === 'radio') return 'radio';
      if (['text', 'email', 'tel', 'url', 'search'].includes(type)) return 'textbox';
    }
    return '';
  };
  const level = (e) => /^H[1-6]$/.test(e.tagName) ? Number(e.tagName[1]) : Number(e.getAttribute('aria-level') || 2);
  const matches = (value, wanted, exact) => {
    if (typeof wanted === 'object') return new RegExp(wanted.source, wanted.flags).test(value);
    return exact ? value === norm(wanted) : value.toLowerCase().includes(norm(wanted).toLowerCase());
  };
  let scopes = [document.documentElement];
  for (const step of steps) {
    let found = [];
    const under = () => { const all = []; for (const s of scopes) for (const e of lightDeep(s)) if (!all.includes(e)) all.push(e); return all; };
    if ('css' in step) {
      for (const e of under()) if (e.matches(step.css)) found.push(e);
    } else if ('role' in step) {
      found = under().filter((e) => role(e) === step.role && rendered(e) && !ariaHidden(e)
        && (step.name === undefined || matches(name(e), step.name, step.exact))
        && (step.level === undefined || level(e) === step.level));
    } else if ('label' in step) {
      found = under().filter((e) => /^(INPUT|TEXTAREA|SELECT)$/.test(e.tagName) && matches(name(e), step.label, step.exact));
    } else if ('text' in step) {
      const hits = under().filter((e) => matches(norm(textOf(e, false)), step.text, false));
      found = hits.filter((e) => !hits.some((o) => o !== e && deep(e).includes(o)));
    } else if ('hasText' in step) {
      found = scopes.filter((e) => matches(norm(textOf(e, false)), step.hasText, false));
    }
    scopes = found;
  }
  return scopes.map((e) => ({ element: e, visible: visible(e) }));
}`;

// ------------------------------------------------------------------ the driver behind a page

interface Driver {
  /** Evaluates the expression `code` in the page and returns its (JSON) value. */
  run<T>(code: string): Promise<T>;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  url(): Promise<string>;
  clickAt(x: number, y: number): Promise<void>;
  press(key: string): Promise<void>;
  type(text: string): Promise<void>;
  /** Page errors and console errors since the last call (WebKit keeps them in the page). */
  drainLog(): Promise<{ kind: 'pageerror' | 'console'; text: string }[]>;
  addInitScript(code: string): Promise<void>;
  close(): Promise<void>;
}

/** How long a wait may take before it fails (30 s on an idle machine, scaled: test/timing.mjs). */
const TIMEOUT_MS = scaled(30000);

/** Waits for `check` to give a value that is not undefined (polling: the page changes on its own). */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeout = TIMEOUT_MS): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

type Listener = (arg: { message: string } | { type: () => string; text: () => string }) => void;

class StandInLocator {
  constructor(
    private readonly page: StandInPage,
    private readonly steps: Step[],
  ) {}

  private with(step: Step): StandInLocator {
    return new StandInLocator(this.page, [...this.steps, step]);
  }
  private get describe(): string {
    return JSON.stringify(this.steps);
  }

  getByRole(role: string, options: { name?: string | RegExp; exact?: boolean; level?: number } = {}): StandInLocator {
    const name = options.name instanceof RegExp ? { source: options.name.source, flags: options.name.flags } : options.name;
    return this.with({ role, name, exact: options.exact, level: options.level });
  }
  getByLabel(label: string, options: { exact?: boolean } = {}): StandInLocator {
    return this.with({ label, exact: options.exact });
  }
  getByText(text: string): StandInLocator {
    return this.with({ text });
  }
  locator(css: string): StandInLocator {
    return this.with({ css });
  }
  filter(options: { hasText: string }): StandInLocator {
    return this.with({ hasText: options.hasText });
  }

  /** Runs `body(element)` (page-side source) on the one visible match, waiting for it. */
  private async one<T>(body: string, what: string): Promise<T> {
    return until(`${what} on ${this.describe}`, async () => {
      const result = await this.page.driver.run<{ count: number; value?: T }>(
        `(() => { const m = (${FIND})(${JSON.stringify(this.steps)}).filter((x) => x.visible);
          if (m.length !== 1) return { count: m.length };
          return { count: 1, value: (${body})(m[0].element) }; })()`,
      );
      if (result.count > 1) throw new Error(`${this.describe} matches ${result.count} elements (a locator must find one)`);
      return result.count === 1 ? (result.value as T) : undefined;
    });
  }

  async count(): Promise<number> {
    await this.page.flushLog();
    return this.page.driver.run<number>(`(${FIND})(${JSON.stringify(this.steps)}).length`);
  }

  async waitFor(options: { state?: 'visible' | 'hidden' | 'attached' | 'detached' } = {}): Promise<void> {
    const state = options.state ?? 'visible';
    await until(`${this.describe} to be ${state}`, async () => {
      const found = await this.page.driver.run<boolean[]>(`(${FIND})(${JSON.stringify(this.steps)}).map((m) => m.visible)`);
      if (found.length > 1 && state === 'visible' && found.filter(Boolean).length > 1) {
        throw new Error(`${this.describe} matches ${found.length} elements (a locator must find one)`);
      }
      const ok =
        state === 'visible'
          ? found.some(Boolean)
          : state === 'hidden'
            ? !found.some(Boolean)
            : state === 'attached'
              ? found.length > 0
              : found.length === 0;
      return ok ? true : undefined;
    });
    await this.page.flushLog();
  }

  async click(): Promise<void> {
    const point = await this.one<{ x: number; y: number } | null>(
      `(e) => {
        if (e.disabled) return null;
        e.scrollIntoView({ block: 'center', inline: 'center' });
        const r = e.getBoundingClientRect();
        const x = r.left + r.width / 2, y = r.top + r.height / 2;
        // The element (or something inside it) must be what receives the click there.
        let hit = document.elementFromPoint(x, y);
        while (hit && hit.shadowRoot) { const inner = hit.shadowRoot.elementFromPoint(x, y); if (!inner || inner === hit) break; hit = inner; }
        const within = (n) => { for (; n; n = n.parentNode || n.host) if (n === e) return true; return false; };
        const labelFor = hit && hit.closest && hit.closest('label');
        return within(hit) || (labelFor && labelFor.control === e) ? { x, y } : null;
      }`,
      'click',
    );
    if (!point) throw new Error(`${this.describe} is disabled or covered`);
    await this.page.driver.clickAt(point.x, point.y);
    await this.page.flushLog();
  }

  async fill(value: string): Promise<void> {
    await this.one(
      `(e) => { e.focus(); e.select ? e.select() : 0; return e.getRootNode().activeElement === e || document.activeElement === e; }`,
      'focus',
    );
    await this.page.driver.press('Delete');
    if (value) await this.page.driver.type(value);
    const now = await this.inputValue();
    if (now !== value) throw new Error(`fill: ${this.describe} holds ${JSON.stringify(now)}, not ${JSON.stringify(value)}`);
  }

  async check(): Promise<void> {
    if (!(await this.one<boolean>('(e) => e.checked', 'read checked'))) await this.click();
    await until(`${this.describe} to be checked`, async () =>
      (await this.one<boolean>('(e) => e.checked', 'read checked')) ? true : undefined,
    );
  }

  inputValue(): Promise<string> {
    return this.one<string>('(e) => e.value', 'inputValue');
  }
  getAttribute(name: string): Promise<string | null> {
    return this.one<string | null>(`(e) => e.getAttribute(${JSON.stringify(name)})`, 'getAttribute');
  }
  textContent(): Promise<string | null> {
    return this.one<string | null>('(e) => e.textContent', 'textContent');
  }
  evaluate<T>(fn: (element: never) => T): Promise<T> {
    return this.one<T>(fn.toString(), 'evaluate');
  }
}

class StandInPage {
  private readonly listeners: Record<string, Listener[]> = {};
  readonly keyboard = {
    press: async (key: string) => {
      await this.driver.press(key);
      await this.flushLog();
    },
    type: async (text: string) => {
      await this.driver.type(text);
      await this.flushLog();
    },
  };

  constructor(readonly driver: Driver) {}

  on(event: 'pageerror' | 'console', listener: Listener): void {
    (this.listeners[event] ??= []).push(listener);
  }
  async flushLog(): Promise<void> {
    for (const entry of await this.driver.drainLog()) {
      if (entry.kind === 'pageerror') for (const l of this.listeners.pageerror ?? []) l({ message: entry.text });
      else for (const l of this.listeners.console ?? []) l({ type: () => 'error', text: () => entry.text });
    }
  }

  getByRole(role: string, options?: { name?: string | RegExp; exact?: boolean; level?: number }): StandInLocator {
    return new StandInLocator(this, []).getByRole(role, options);
  }
  getByLabel(label: string, options?: { exact?: boolean }): StandInLocator {
    return new StandInLocator(this, []).getByLabel(label, options);
  }
  getByText(text: string): StandInLocator {
    return new StandInLocator(this, []).getByText(text);
  }
  locator(css: string): StandInLocator {
    return new StandInLocator(this, []).locator(css);
  }

  async goto(url: string): Promise<void> {
    await this.flushLog();
    await this.driver.goto(url);
    await this.flushLog();
  }
  async reload(): Promise<void> {
    await this.flushLog();
    await this.driver.reload();
    await this.flushLog();
  }
  async evaluate<T>(fn: () => T): Promise<T> {
    const value = await this.driver.run<T>(`(${fn.toString()})()`);
    await this.flushLog();
    return value;
  }
  async waitForFunction(fn: () => unknown): Promise<void> {
    await until(`${fn} to be true`, async () => ((await this.driver.run<unknown>(`(${fn.toString()})()`)) ? true : undefined));
  }
  async waitForURL(url: string): Promise<void> {
    await until(`the URL ${url}`, async () => ((await this.driver.url()) === url ? true : undefined));
  }
}

class StandInContext {
  private readonly pages: StandInPage[] = [];
  constructor(private readonly makeDriver: () => Promise<Driver>) {}

  async newPage(): Promise<StandInPage> {
    const page = new StandInPage(await this.makeDriver());
    this.pages.push(page);
    for (const code of this.scripts) await page.driver.addInitScript(code);
    return page;
  }
  private readonly scripts: string[] = [];
  async addInitScript(script: string | (() => void)): Promise<void> {
    const code = typeof script === 'string' ? script : `(${script.toString()})();`;
    this.scripts.push(code);
    for (const page of this.pages) await page.driver.addInitScript(code);
  }
  async close(): Promise<void> {
    for (const page of this.pages.splice(0)) await page.driver.close();
  }
}

// ------------------------------------------------------------------ Firefox (puppeteer-core, BiDi)

const KEYS: Record<string, string> = { Space: ' ' };

class FirefoxBrowser {
  private constructor(private readonly browser: puppeteer.Browser) {}

  static async launch(): Promise<FirefoxBrowser> {
    const browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX_PATH, headless: true });
    return new FirefoxBrowser(browser);
  }

  async newContext(): Promise<StandInContext> {
    const context = await this.browser.createBrowserContext();
    return new StandInContext(async () => {
      const page = await context.newPage();
      const log: { kind: 'pageerror' | 'console'; text: string }[] = [];
      page.on('pageerror', (error) => log.push({ kind: 'pageerror', text: error instanceof Error ? error.message : String(error) }));
      page.on('console', (message) => {
        if (message.type() === 'error') log.push({ kind: 'console', text: message.text() });
      });
      const driver: Driver = {
        run: async (code) => (await page.evaluate(code)) as never,
        goto: async (url) => void (await page.goto(url)),
        reload: async () => void (await page.reload()),
        url: async () => page.url(),
        clickAt: (x, y) => page.mouse.click(x, y),
        press: (key) => page.keyboard.press((KEYS[key] ?? key) as puppeteer.KeyInput),
        type: (text) => page.keyboard.type(text),
        drainLog: async () => log.splice(0),
        addInitScript: async (code) => void (await page.evaluateOnNewDocument(code)),
        close: async () => {
          await page.close();
          await context.close();
        },
      };
      return driver;
    });
  }

  async close(): Promise<void> {
    await this.browser.close();
  }
}

// ------------------------------------------------------------------ WebKit (webdriverio, classic WebDriver)

/** WebDriver key codes for the named keys the journeys press. */
const WD_KEYS: Record<string, string> = {
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
  Space: ' ',
  Delete: '\uE017',
  Backspace: '\uE003',
};

/** How many times a crashed WebKit web process was met and the navigation retried (reported by the run). */
export const webkitRetries: string[] = [];

class WebKitBrowser {
  private constructor(private driver: { port: number; stop: () => void }) {}

  static async launch(): Promise<WebKitBrowser> {
    await ensureDisplay();
    return new WebKitBrowser(await startWebKitDriver());
  }

  private open() {
    return remote({
      hostname: '127.0.0.1',
      port: this.driver.port,
      path: '/',
      logLevel: 'error',
      // A MiniBrowser that starts answers in seconds; one that hangs is started again, below.
      connectionRetryTimeout: 45000,
      connectionRetryCount: 0,
      capabilities: webkitCapabilities() as WebdriverIO.Capabilities,
    });
  }

  /** One WebDriver session (a fresh MiniBrowser, fresh cookies and storage) per context. */
  async newContext(): Promise<StandInContext> {
    /** A new session; when MiniBrowser does not start (seen once: no answer in 120 s), a new driver and one more try. */
    const session = async () => {
      try {
        return await this.open();
      } catch (error) {
        const note = `WebKit: starting MiniBrowser failed (${(error instanceof Error ? error.message : String(error)).split('\n')[0]}); retried once in a new MiniBrowser (and WebKitWebDriver)`;
        webkitRetries.push(note);
        console.error(note);
        this.driver.stop();
        this.driver = await startWebKitDriver();
        return this.open();
      }
    };
    return new StandInContext(async () => {
      let wd = await session();
      const scripts: string[] = [];
      const before = () => setInitScript([RECORD_ERRORS, ...scripts].join('\n'));
      /** A navigation, retried once in a new session when WebKit's web process crashed (said on stderr). */
      const navigate = async (how: string, go: () => Promise<unknown>, url: () => Promise<string>) => {
        before();
        try {
          await go();
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          if (!/crash|terminated|no such window|session/i.test(message)) throw error;
          const where = await url().catch(() => '?');
          const note = `WebKit: ${how} of ${where} failed (${message.split('\n')[0]}); retried once in a new MiniBrowser`;
          webkitRetries.push(note);
          console.error(note);
          await wd.deleteSession().catch(() => undefined);
          wd = await session();
          await go();
        }
      };
      let last = 'about:blank';
      const driver: Driver = {
        run: async (code) => (await wd.executeScript(`return ${code};`, [])) as never,
        goto: (url) =>
          navigate(
            'loading',
            async () => {
              last = url;
              await wd.navigateTo(url);
            },
            async () => url,
          ),
        reload: () =>
          navigate(
            'reloading',
            () => wd.refresh(),
            async () => last,
          ),
        url: async () => (last = await wd.getUrl()),
        clickAt: async (x, y) => {
          await wd.performActions([
            {
              type: 'pointer',
              id: 'mouse',
              parameters: { pointerType: 'mouse' },
              actions: [
                { type: 'pointerMove', duration: 0, origin: 'viewport', x: Math.round(x), y: Math.round(y) },
                { type: 'pointerDown', button: 0 },
                { type: 'pointerUp', button: 0 },
              ],
            },
          ]);
          await wd.releaseActions();
        },
        press: async (key) => {
          const value = WD_KEYS[key] ?? key;
          await wd.performActions([
            {
              type: 'key',
              id: 'keyboard',
              actions: [
                { type: 'keyDown', value },
                { type: 'keyUp', value },
              ],
            },
          ]);
          await wd.releaseActions();
        },
        type: async (text) => {
          const actions = [...text].flatMap((value) => [
            { type: 'keyDown', value },
            { type: 'keyUp', value },
          ]);
          await wd.performActions([{ type: 'key', id: 'keyboard', actions }]);
          await wd.releaseActions();
        },
        drainLog: async () => {
          try {
            return (await wd.executeScript('return (window.__e2eLog || []).splice(0);', [])) as {
              kind: 'pageerror' | 'console';
              text: string;
            }[];
          } catch {
            return [];
          }
        },
        addInitScript: async (code) => {
          scripts.push(code);
          before();
        },
        close: async () => {
          setInitScript('');
          await wd.deleteSession();
        },
      };
      before();
      return driver;
    });
  }

  async close(): Promise<void> {
    setInitScript('');
    this.driver.stop();
  }
}
