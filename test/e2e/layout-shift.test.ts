/**
 * Cumulative layout shift of the demo pages (issue 13: at most 0.01), measured in Chromium
 * (the Layout Instability API is Chromium's) at 320×640 and 1280×800: from navigation until
 * the element has settled (its control shown, its updates and fonts done). The demo pages use
 * the README's recipe: `city-login:not(:defined)` reserves the bar, and a sign-in page keeps
 * step 1's height for the form while it loads. Each figure is printed as a diagnostic.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { E2E_ENGINES } from './engines.js';
import { FI, useDemo } from './helpers.js';

const MAX_CLS = 0.01;

/** Collects every layout shift not caused by input, from the start of the page. */
const OBSERVE = `
  window.__shifts = [];
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shifts.push(entry.value);
  }).observe({ type: 'layout-shift', buffered: true });
`;

describe('layout shift of the demo pages', { skip: !E2E_ENGINES.includes('chromium') && 'Chromium is not among ENGINES' }, () => {
  const demo = useDemo();

  for (const [width, height] of [
    [320, 640],
    [1280, 800],
  ] as const) {
    for (const path of ['/', '/sign-in.html']) {
      it(`${path} at ${width}×${height}: CLS ≤ ${MAX_CLS}`, async (t) => {
        const context = await demo.browser.newContext({ viewport: { width, height } });
        try {
          const page = await context.newPage();
          await page.addInitScript(OBSERVE);
          await page.goto(`${demo.url}${path}`);
          // What the resident waits for: the sign-in button in the header, the field on the sign-in page.
          if (path === '/') await page.getByRole('button', { name: FI.signIn }).waitFor();
          else await page.getByLabel(FI.identifier).waitFor();
          const cls = await page.evaluate(async () => {
            const element = document.querySelector('city-login') as HTMLElement & { updateComplete: Promise<unknown> };
            await element.updateComplete;
            await document.fonts.ready;
            // Two frames: the last update is laid out and any shift it made is reported.
            for (let i = 0; i < 2; i++) await new Promise(requestAnimationFrame);
            return (window as unknown as { __shifts: number[] }).__shifts.reduce((sum, value) => sum + value, 0);
          });
          t.diagnostic(`CLS ${cls.toFixed(4)}`);
          assert.ok(cls <= MAX_CLS, `cumulative layout shift ${cls.toFixed(4)} > ${MAX_CLS}`);
        } finally {
          await context.close();
        }
      });
    }
  }
});
