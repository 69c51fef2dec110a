/**
 * Which engine runs these tests, and tests that only some engines' harness can run.
 *
 * The component suite runs in Chromium and Firefox through puppeteer-core and in WebKitGTK
 * through classic WebDriver (see web-test-runner.config.mjs). Some commands of
 * @web/test-runner-commands exist only there:
 *  - `setViewport`: puppeteer only (Chromium, Firefox); not over WebDriver (WebKit);
 *  - `emulateMedia`: Chromium only (it needs CDP; Firefox speaks WebDriver BiDi);
 *  - `sendKeys({ down/up })` (held modifiers, e.g. Shift+Tab): puppeteer only;
 *  - `emulateMedia({ forcedColors })`: Playwright only, so in no engine here.
 * A test that needs one of them runs where it can and, elsewhere, is skipped with the reason
 * in its name, so the run counts and lists it as skipped instead of failing or passing.
 */
export type Engine = 'chromium' | 'firefox' | 'webkit';

const ua = navigator.userAgent;
export const engine: Engine = /Firefox\//.test(ua) ? 'firefox' : /Chrom(e|ium)\//.test(ua) ? 'chromium' : 'webkit';

/** Harness features and the engines that have them. */
export const CAN = {
  setViewport: ['chromium', 'firefox'],
  emulateMedia: ['chromium'],
  holdKeys: ['chromium', 'firefox'],
  forcedColors: [],
} as const satisfies Record<string, readonly Engine[]>;

export type Need = keyof typeof CAN;

const REASONS: Record<Need, string> = {
  setViewport: 'setViewport needs puppeteer (Chromium, Firefox)',
  emulateMedia: 'emulateMedia needs CDP (Chromium)',
  holdKeys: 'holding a key (sendKeys down/up) needs puppeteer (Chromium, Firefox)',
  forcedColors: 'forced-colors emulation needs Playwright (puppeteer ignores it); test/e2e/a11y.test.ts checks it in Chromium',
};

/** Whether this engine's harness has `need`. */
export function can(need: Need): boolean {
  return (CAN[need] as readonly Engine[]).includes(engine);
}

function skippedTitle(title: string, need: Need): string {
  return `${title} [skipped in ${engine}: ${REASONS[need]}]`;
}

/** `it`, or where the harness lacks `need`, `it.skip` with the reason in the title. */
export function itNeeding(need: Need, title: string, fn: Mocha.AsyncFunc): Mocha.Test {
  return can(need) ? it(title, fn) : it.skip(skippedTitle(title, need), fn);
}

/** `describe`, or where the harness lacks `need`, `describe.skip` with the reason in the title. */
export function describeNeeding(need: Need, title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  return can(need) ? describe(title, fn) : describe.skip(skippedTitle(title, need), fn);
}
