/**
 * Accessibility of the real journey on the demo page (Vite + the msw mock
 * backend, ~400 ms latency), in Chromium through playwright-core:
 * - axe-core (WCAG 2.0/2.1/2.2 A and AA rules), zero violations, at each state
 *   of the journey, in Finnish and in Swedish;
 * - a keyboard-only journey (Tab, Shift+Tab, Enter, Space, Escape; no clicks,
 *   no fill), asserting where focus is at each step;
 * - forced colors and reduced motion, which Playwright can emulate.
 */
import assert from 'node:assert/strict';
import { describe, it, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { ERKKI, FI, axeViolations, openPage, useDemo } from './helpers.js';
import { scaled } from '../timing.mjs';
import { words } from '../fixtures/texts-node.js';
import { UI_IDS } from '../fixtures/xliff.js';

const demo = useDemo();

const open = (path = '/') => openPage(demo.browser, `${demo.url}${path}`);

/** What the journey reads and presses, by the message ids of locales/*.xlf; each language's text is read from there. */
const IDS = {
  ...UI_IDS,
  identifierRequired: 'error.identifier-required',
} as const;
/** The wrong password's alert is found by its first sentence, a part of error.invalid-credentials: typed. */
const WORDS = {
  fi: { ...words('fi', IDS), invalidCredentials: 'Käyttäjätunnus tai salasana on väärin' },
  sv: { ...words('sv', IDS), invalidCredentials: 'Användarnamnet eller lösenordet är fel' },
};
type Words = (typeof WORDS)[keyof typeof WORDS];

/** Walks the journey by mouse, running axe at each state; returns the violations by state. */
async function auditJourney(page: Page, w: Words): Promise<Record<string, string[]>> {
  const results: Record<string, string[]> = {};
  const audit = async (state: string) => {
    results[state] = await axeViolations(page);
  };
  const formButton = (name: string) => page.locator('city-login form').getByRole('button', { name, exact: true });

  await page.getByRole('button', { name: w.signIn, exact: true }).waitFor();
  await audit('signed out');

  await page.getByRole('button', { name: w.signIn, exact: true }).click();
  await page.getByRole('dialog', { name: w.title }).waitFor();
  await page.getByLabel(w.identifier).waitFor();
  await audit('dialog, step 1');

  await formButton(w.continue).click();
  await page.getByRole('alert').filter({ hasText: w.identifierRequired }).waitFor();
  await audit('step 1, empty-submit error');

  await page.getByLabel(w.identifier).fill(ERKKI.identifier);
  await formButton(w.continue).click();
  await page.getByLabel(w.password, { exact: true }).waitFor();
  await audit('step 2');

  await page.getByLabel(w.password, { exact: true }).fill('väärä-salasana');
  await formButton(w.signIn).click();
  await page.getByRole('alert').filter({ hasText: w.invalidCredentials }).waitFor();
  await audit('step 2, wrong password');

  await page.getByRole('button', { name: w.forgot }).click();
  await page.getByLabel(w.email, { exact: true }).waitFor();
  await audit('forgot');

  await formButton(w.send).click();
  // The confirmation (it takes focus: tabindex=-1), whatever its exact wording.
  await page.locator('city-login [part=notice][tabindex]').waitFor();
  await page.getByRole('button', { name: w.back }).waitFor();
  await audit('forgot, sent');

  await page.getByRole('button', { name: w.back }).click();
  await page.getByLabel(w.identifier).waitFor();
  await formButton(w.continue).click();
  await page.getByLabel(w.password, { exact: true }).fill(ERKKI.password);
  await formButton(w.signIn).click();
  await page.getByRole('link', { name: ERKKI.badge }).waitFor();
  await audit('signed in');

  await page.getByRole('button', { name: w.signOut }).click();
  await page.getByRole('button', { name: w.signIn, exact: true }).waitFor();
  return results;
}

function report(t: TestContext, lang: string, results: Record<string, string[]>): void {
  for (const [state, violations] of Object.entries(results)) t.diagnostic(`axe ${lang}, ${state}: ${violations.length} violations`);
}

describe('axe on the demo journey (WCAG A/AA, zero violations)', () => {
  it('in Finnish: signed out, dialog step 1, empty-submit error, step 2, wrong password, forgot, sent, signed in', async (t) => {
    const { context, page, errors } = await open();
    const results = await auditJourney(page, WORDS.fi);
    report(t, 'fi', results);
    assert.deepEqual(Object.keys(results).length, 8, 'eight states audited');
    assert.deepEqual(results, Object.fromEntries(Object.keys(results).map((state) => [state, []])));
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('in Swedish (switched with FIN ▼ → Svenska): the same states', async (t) => {
    const { context, page, errors } = await open();
    await page.getByRole('button', { name: /^FIN/ }).click();
    await page.getByRole('button', { name: 'Svenska' }).click();
    await page.getByRole('button', { name: WORDS.sv.signIn, exact: true }).waitFor();
    assert.equal(await page.locator('city-login').getAttribute('lang'), 'sv');
    const results = await auditJourney(page, WORDS.sv);
    report(t, 'sv', results);
    assert.deepEqual(Object.keys(results).length, 8, 'eight states audited');
    assert.deepEqual(results, Object.fromEntries(Object.keys(results).map((state) => [state, []])));
    assert.deepEqual(errors, []);
    await context.close();
  });
});

/** The deepest focused element, through shadow roots: `tag:name|part|aria-label|text`. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active || active === document.body) return 'body';
    const label =
      active.getAttribute('name') ??
      active.getAttribute('part') ??
      active.getAttribute('aria-label') ??
      active.textContent?.replace(/\s+/g, ' ').trim();
    return `${active.tagName.toLowerCase()}:${label}`;
  });
}

/** Waits until focus is on `expected` (checked on every frame in the page), or fails saying where it is. */
async function waitForFocus(page: Page, expected: string): Promise<void> {
  const arrived = await page
    .waitForFunction(
      (expected) => {
        let active: Element | null = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        if (!active || active === document.body) return expected === 'body';
        const label =
          active.getAttribute('name') ??
          active.getAttribute('part') ??
          active.getAttribute('aria-label') ??
          active.textContent?.replace(/\s+/g, ' ').trim();
        return `${active.tagName.toLowerCase()}:${label}` === expected;
      },
      expected,
      { timeout: scaled(5_000) },
    )
    .then(
      () => true,
      () => false,
    );
  if (!arrived) assert.equal(await focused(page), expected, 'focus');
}

/** The password step's controls, as focus finds them (their aria-label). */
const STEP2 = words('fi', {
  changeIdentifier: 'action.change-identifier',
  showPassword: 'action.show-password',
  hidePassword: 'action.hide-password',
});

describe('keyboard only (Tab, Shift+Tab, Enter, Space, Escape)', () => {
  it('signs in and out from the page, focus where the resident needs it at every step', async () => {
    const { context, page, errors } = await open();
    await page.getByRole('button', { name: FI.signIn, exact: true }).waitFor();
    assert.equal(await focused(page), 'body', 'nothing took focus on load');

    // From the top of the page to the sign-in button.
    const path: string[] = [];
    for (let i = 0; i < 10 && (await focused(page)) !== 'button:sign-in-button'; i += 1) {
      await page.keyboard.press('Tab');
      path.push(await focused(page));
    }
    assert.equal(await focused(page), 'button:sign-in-button', `Tab path: ${path.join(' → ')}`);

    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: FI.title }).waitFor();
    await waitForFocus(page, 'input:username');

    await page.keyboard.type(ERKKI.identifier);
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'input:password');

    // Back to the identifier's "Vaihda" control, and forward again.
    await page.keyboard.press('Shift+Tab');
    assert.equal(await focused(page), `button:${STEP2.changeIdentifier}`);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'input:password');

    await page.keyboard.type(ERKKI.password);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), `button:${STEP2.showPassword}`);
    await page.keyboard.press('Space');
    // The name follows the state (GOV.UK's pattern: no aria-pressed beside a name that changes).
    await page.getByRole('button', { name: STEP2.hidePassword, exact: true }).waitFor();
    assert.equal(await page.locator('city-login form button[aria-pressed]').count(), 0, 'no aria-pressed');
    assert.equal(await page.locator('city-login input[name=password]').getAttribute('type'), 'text', 'the password is shown');
    assert.equal(await page.locator('city-login input[name=password]').inputValue(), ERKKI.password, 'and kept');
    assert.equal(await focused(page), `button:${STEP2.hidePassword}`, 'focus stays on the toggle');

    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'input:remember');
    await page.keyboard.press('Space');
    assert.equal(await page.locator('city-login input[name=remember]').isChecked(), true);

    await page.keyboard.press('Tab');
    assert.equal(await focused(page), `button:${FI.signIn}`, 'the submit button');
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: ERKKI.badge }).waitFor();
    await waitForFocus(page, 'a:badge');
    assert.equal(await page.getByRole('dialog').count(), 0, 'the dialog closed');

    await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'button:sign-out-button');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: FI.signIn, exact: true }).waitFor();
    await waitForFocus(page, 'button:sign-in-button');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('Escape closes the dialog and gives focus back to the sign-in button', async () => {
    const { context, page } = await open();
    await page.getByRole('button', { name: FI.signIn, exact: true }).waitFor();
    for (let i = 0; i < 10 && (await focused(page)) !== 'button:sign-in-button'; i += 1) await page.keyboard.press('Tab');
    assert.equal(await focused(page), 'button:sign-in-button');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await waitForFocus(page, 'input:username');
    await page.keyboard.type('virve');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    await waitForFocus(page, 'button:sign-in-button');
    // What was typed is still there when it opens again.
    await page.keyboard.press('Enter');
    await waitForFocus(page, 'input:username');
    assert.equal(await page.getByLabel(FI.identifier).inputValue(), 'virve');
    await context.close();
  });
});

describe('forced colors and reduced motion (emulated in Chromium)', () => {
  it('forced colors: inputs and buttons keep a visible border; focus shows an outline', async () => {
    const { context, page } = await open();
    await page.emulateMedia({ forcedColors: 'active' });
    assert.equal(await page.evaluate(() => matchMedia('(forced-colors: active)').matches), true, 'forced colors emulated');
    await page.getByRole('button', { name: FI.signIn, exact: true }).click();
    await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
    await page.locator('city-login form').getByRole('button', { name: FI.continue }).click();
    await page.getByLabel(FI.password, { exact: true }).waitFor();

    const borderless = await page.evaluate(() => {
      const el = document.querySelector('city-login')!;
      const controls = [
        ...el.shadowRoot!.querySelectorAll<HTMLElement>('dialog button'),
        ...el.querySelectorAll<HTMLElement>('input, button'),
      ];
      return (
        controls
          .filter((c) => c.getClientRects().length > 0 && !c.classList.contains('link') && !c.closest('[part=language-list]'))
          // A native checkbox (appearance: auto) draws its own frame in system colors; it has no CSS border.
          .filter((c) => !(c instanceof HTMLInputElement && c.type === 'checkbox' && getComputedStyle(c).appearance !== 'none'))
          .filter((c) => parseFloat(getComputedStyle(c).borderTopWidth) <= 0 || getComputedStyle(c).borderTopStyle === 'none')
          .map((c) => `${c.tagName.toLowerCase()} ${c.getAttribute('name') ?? c.getAttribute('aria-label') ?? c.textContent?.trim()}`)
      );
    });
    assert.deepEqual(borderless, [], 'controls without a border in forced colors');

    const noOutline: string[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 10; i += 1) {
      await page.keyboard.press('Tab');
      const info = await page.evaluate(() => {
        let active: Element | null = document.activeElement;
        while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
        if (!active || active === document.body) return null;
        const style = getComputedStyle(active);
        return {
          name: `${active.tagName.toLowerCase()} ${active.getAttribute('name') ?? active.getAttribute('aria-label') ?? active.textContent?.trim()}`,
          outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        };
      });
      if (!info || seen.has(info.name)) continue;
      seen.add(info.name);
      if (!info.outline) noOutline.push(info.name);
    }
    assert.ok(seen.size >= 5, `controls reached with Tab: ${[...seen].join(', ')}`);
    assert.deepEqual(noOutline, [], 'focused controls without an outline in forced colors');
    await context.close();
  });

  it('prefers-reduced-motion: reduce — the dialog opens without animation', async () => {
    const { context, page } = await open();
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await page.getByRole('button', { name: FI.signIn, exact: true }).click();
    await page.getByRole('dialog').waitFor();
    const name = await page.evaluate(
      () => getComputedStyle(document.querySelector('city-login')!.shadowRoot!.querySelector('dialog')!).animationName,
    );
    assert.equal(name, 'none');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });

    await page.emulateMedia({ reducedMotion: 'no-preference' });
    await page.getByRole('button', { name: FI.signIn, exact: true }).click();
    await page.getByRole('dialog').waitFor();
    const animated = await page.evaluate(
      () => getComputedStyle(document.querySelector('city-login')!.shadowRoot!.querySelector('dialog')!).animationName,
    );
    assert.notEqual(animated, 'none', 'without the preference the dialog animates (the emulation is effective)');
    await context.close();
  });
});
