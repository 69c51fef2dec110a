/**
 * Issue 17 in the demo, by keyboard alone (Chromium): sign in, the warning before the session
 * ends (focus moves into it; Tab stays in it), "Jatka istuntoa" with Enter and with Escape (one
 * refresh each; focus back on the badge), then "Kirjaudu ulos" from the warning. The demo's
 * sessions here last 66 s and its page warns 60 s before the end: the warning is due 6 s after
 * signing in and after each refresh. The page's clock (Playwright's, which the in-page mock
 * backend reads too) is moved on to it rather than waited for; it keeps running meanwhile, so
 * the warning never comes back within the steps between.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { ERKKI, FI, openPage, useDemo } from './helpers.js';
import { words } from '../fixtures/texts-node.js';

const demo = useDemo();

/** The warning's name and its button, read from locales/*.xlf. */
const WARNING = words('fi', { title: 'session.ending-title', continue: 'session.continue' });

/** The focused element through shadow roots: its tag and its part, name or text. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    return active
      ? `${active.tagName.toLowerCase()}:${active.getAttribute('part') ?? active.getAttribute('name') ?? active.textContent?.trim()}`
      : '';
  });
}

describe('the warning before the session ends, by keyboard alone (demo, Chromium)', () => {
  it('continues with Enter and with Escape, one refresh each, focus back where it was; signs out from the warning', async () => {
    const { context, page, errors } = await openPage(demo.browser, `${demo.url}/?session-seconds=66`, (page) => page.clock.install());
    /** The 6 s until the warning, at once. */
    const untilWarning = () => page.clock.fastForward(6_000);
    const refreshes: string[] = [];
    page.on('request', (request) => request.url().endsWith('/auth/session/refresh') && refreshes.push(request.method()));
    const warning = page.getByRole('alertdialog', { name: WARNING.title });
    await page.getByRole('button', { name: FI.signIn }).waitFor();
    for (let i = 0; i < 10 && (await focused(page)) !== 'button:sign-in-button'; i += 1) await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await page.keyboard.type(ERKKI.identifier);
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'password');
    await page.keyboard.type(ERKKI.password);
    await page.keyboard.press('Enter');
    await page.getByRole('link', { name: new RegExp(ERKKI.badge.replace(/[()]/g, '\\$&')) }).waitFor();
    assert.equal(await focused(page), 'a:badge');

    await untilWarning();
    await warning.waitFor();
    assert.match((await warning.textContent()) ?? '', /Aikaa on jäljellä (1 minuutti|\d+ sekuntia)\./);
    assert.equal(await focused(page), `button:${WARNING.continue}`, 'focus moves into the warning');
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), `button:${FI.signOut}`);
    await page.keyboard.press('Tab');
    assert.equal(await focused(page), `button:${WARNING.continue}`, 'Tab stays in the warning');
    await page.keyboard.press('Enter');
    await warning.waitFor({ state: 'detached' });
    assert.deepEqual(refreshes, ['POST']);
    assert.equal(await focused(page), 'a:badge', 'focus back where it was');

    await untilWarning();
    await warning.waitFor();
    await page.keyboard.press('Escape');
    await warning.waitFor({ state: 'detached' });
    assert.deepEqual(refreshes, ['POST', 'POST'], 'Escape continues the session');
    assert.equal(await focused(page), 'a:badge');

    await untilWarning();
    await warning.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: FI.signIn }).waitFor();
    await warning.waitFor({ state: 'detached' });
    assert.equal(await focused(page), 'button:sign-in-button');
    assert.deepEqual(refreshes, ['POST', 'POST']);
    assert.deepEqual(errors, []);
    await context.close();
  });
});
