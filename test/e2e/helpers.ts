/** Shared set-up for the end-to-end journeys: system Chromium through playwright-core. */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { createServer, type ViteDevServer } from 'vite';
import { CHROME_ARGS, chromePath } from '../chrome.mjs';
import { serveInitScript } from './init-script.js';
import { ERKKI_ACCOUNT } from '../fixtures/accounts.js';
import { WCAG_TAGS, describeViolation } from '../fixtures/wcag.js';
import { words } from '../fixtures/texts-node.js';
import { UI_IDS } from '../fixtures/xliff.js';

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromePath(), args: CHROME_ARGS.filter((a) => !a.startsWith('--headless')) });
}

/** The demo (index.html, sign-in.html, the msw mock backend) served by Vite in this process. */
export async function startDemo(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: ViteDevServer = await createServer({
    root: process.cwd(),
    logLevel: 'error',
    // The demo's modules transformed while the browser starts (its first page then waits less).
    server: { port: 0, host: '127.0.0.1', hmr: false, warmup: { clientFiles: ['./index.html', './sign-in.html'] } },
    // WebKit's init scripts (test/e2e/engines.ts): nothing is added to the page unless one is set.
    plugins: [serveInitScript()],
  });
  await server.listen();
  const address = server.httpServer?.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { url: `http://127.0.0.1:${port}`, close: () => server.close() };
}

/**
 * The demo and a Chromium for the tests of the enclosing suite (or the file, at top level):
 * started side by side before its first test, closed after its last. Read `url` and `browser`
 * in the tests, not at collection time.
 */
export function useDemo(): { readonly url: string; readonly browser: Browser } {
  let demo: Awaited<ReturnType<typeof startDemo>> | undefined;
  let browser: Browser | undefined;
  before(async () => {
    [demo, browser] = await Promise.all([startDemo(), launchBrowser()]);
  });
  after(async () => {
    await browser?.close();
    await demo?.close();
  });
  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useDemo(): ${what} is read before the suite's before() hook ran`);
    return value;
  };
  return {
    get url() {
      return started(demo, 'the demo').url;
    },
    get browser() {
      return started(browser, 'the browser');
    },
  };
}

/**
 * Signs in as a resident does with a mouse: "Kirjaudu sisään" in the bar, the identifier,
 * "Jatka", the password (and "Muista…" when `remember`), then the form's "Kirjaudu sisään".
 * Returns once that is pressed; the caller waits for what it expects next.
 */
export async function signInWithMouse(page: Page, identifier: string, password: string, remember = false): Promise<void> {
  await page.getByRole('button', { name: FI.signIn }).click();
  await page.getByRole('dialog', { name: FI.title }).waitFor();
  // The form is the element's light DOM, slotted into the dialog: reach it from the page.
  await page.getByLabel(FI.identifier).fill(identifier);
  await page.getByRole('button', { name: FI.continue }).click();
  await page.getByLabel(FI.password, { exact: true }).fill(password);
  if (remember) await page.getByLabel(FI.remember).check();
  await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
}

/** Collects page errors, console errors and CSP violations of a page. */
export function watchPage(page: Page): { errors: string[] } {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    // Expected answers of the contract that Chromium logs as failed resources (the reset link's
    // 400, 410 and 422 included).
    if (
      message.type() === 'error' &&
      !/Failed to load resource: the server responded with a status of (400|401|404|410|422|423|429|502)/.test(text)
    ) {
      errors.push(`console: ${text}`);
    }
  });
  return { errors };
}

/** Records, from the first frame on, whether the sign-in button was ever painted (a flash of the wrong state). */
export const FLASH_PROBE = `
  window.__sawSignInButton = false;
  const look = () => {
    const el = document.querySelector('city-login');
    if (el && el.shadowRoot && el.shadowRoot.querySelector('[part="sign-in-button"]')) window.__sawSignInButton = true;
    requestAnimationFrame(look);
  };
  requestAnimationFrame(look);
`;

export const ERKKI = ERKKI_ACCOUNT;

/** The strict policy the built bundle must run under: no inline script or style, no eval, Trusted Types. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; " +
  "object-src 'none'; base-uri 'none'; form-action 'self'; require-trusted-types-for 'script'";

/** URL path → file of the built bundle and its chunks (dist/, without the npm build). */
export function distFiles(dir = 'dist'): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (name === 'npm') continue;
    if (statSync(path).isDirectory()) Object.assign(files, distFiles(path));
    else files[`/${relative('dist', path)}`] = path;
  }
  return files;
}

/** A page in a fresh browser context, watched for errors, at `url`. */
export async function openPage(
  browser: Browser,
  url: string,
  /** Runs on the new page before it navigates (e.g. `page.clock.install()`). */
  prepare?: (page: Page) => Promise<void>,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext();
  const page = await context.newPage();
  const { errors } = watchPage(page);
  await prepare?.(page);
  await page.goto(url);
  return { context, page, errors };
}

/**
 * axe-core (test/fixtures/wcag.ts's rules) on the page's `root` (default the element, its open
 * shadow roots and its light-DOM form), once the dialog's entrance has finished: what rests on
 * screen, not a half-transparent frame. One line per violation.
 */
export async function axeViolations(page: Page, root = 'city-login'): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: 'node_modules/axe-core/axe.min.js' });
  // (document.getAnimations() does not list animations in shadow trees: ask the dialog.)
  await page.waitForFunction(() => {
    const d = document.querySelector('city-login')?.shadowRoot?.querySelector('dialog');
    return !d || !d.open || (d.getAnimations({ subtree: true }).length === 0 && getComputedStyle(d).opacity === '1');
  });
  const violations = await page.evaluate(
    async ({ tags, root }) => {
      type Result = {
        violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
      };
      const axe = (window as unknown as { axe: { run: (context: Element, options: object) => Promise<Result> } }).axe;
      const context = document.querySelector(root);
      if (!context) throw new Error(`no ${root} on the page`);
      return (await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] })).violations;
    },
    { tags: WCAG_TAGS, root },
  );
  return violations.map(describeViolation);
}

/**
 * The Finnish the journeys find the bar's and the form's controls by (names, labels), read from
 * locales/*.xlf by message id (test/fixtures/texts-node.ts), as the element renders it: a
 * reworded message needs no test changed, a removed or renamed id fails at load.
 */
export const FI = words('fi', UI_IDS);

/** The reset link's step (set-password), in Finnish. */
export const RESET_FI = words('fi', {
  title: 'title.set-password',
  username: 'field.username',
  newPassword: 'field.new-password',
  confirmPassword: 'field.confirm-password',
  save: 'action.save-password',
  changed: 'title.password-changed',
  newLink: 'action.new-link',
});
