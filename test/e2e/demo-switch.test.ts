/**
 * Issue 13, the demo's mock backend box (Chromium): the failure switch is one-shot, as its label
 * says (the next call of that kind fails once, then the backend works again and the box says so:
 * nothing stays on behind the modal dialog or across reloads), and DevTools' offline (playwright's
 * setOffline) is demonstrable: the page's msw mock fails its calls as the network would while
 * navigator.onLine is false.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { scaled } from '../timing.mjs';
import { ERKKI, FI, useDemo } from './helpers.js';

const WAIT = { timeout: scaled(30_000) };

describe('the demo: the failure switch and offline', () => {
  const demo = useDemo();

  /** Opens the dialog and continues to step 2 with Erkki's address. */
  async function toPassword(page: Page): Promise<void> {
    await page.getByRole('button', { name: FI.signIn }).first().click();
    await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
    await page.getByRole('button', { name: FI.continue }).click();
    await page.getByLabel(FI.password, { exact: true }).waitFor(WAIT);
  }

  it('a failure chosen in the box hits the next call of its kind once; then the backend works and the box says so', async () => {
    const context = await demo.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.url}/?session-seconds=0`);
      await page.getByRole('button', { name: FI.signIn }).first().waitFor(WAIT);
      await page.getByLabel(/Simulate a failure/).selectOption('login:server-error');
      await page.getByText('The next login call fails (server-error), once.').waitFor(WAIT);
      // Chosen before a reload, it waits for its call.
      await page.reload();
      await page.waitForFunction(
        () => document.querySelector<HTMLSelectElement>('#demo-fault')?.value === 'login:server-error',
        null,
        WAIT,
      );
      await toPassword(page);
      await page.getByLabel(FI.password, { exact: true }).fill(ERKKI.password);
      await page.locator('form').getByRole('button', { name: FI.signIn }).click();
      await page.getByRole('alert').filter({ hasText: 'häiriö' }).waitFor(WAIT);
      assert.equal(await page.getByLabel(/Simulate a failure/).inputValue(), '', 'the switch is off again');
      assert.match((await page.locator('#demo-fault-status').textContent()) ?? '', /Failed once: login\. The backend works again\./);
      // The same press again signs in.
      await page.getByLabel(FI.password, { exact: true }).fill(ERKKI.password);
      await page.locator('form').getByRole('button', { name: FI.signIn }).click();
      await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
      // And it stays off across a reload.
      await page.reload();
      await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
    } finally {
      await context.close();
    }
  });

  it("offline (DevTools' network emulation): the mock's calls fail as the network would, and work again online", async () => {
    const context = await demo.browser.newContext({ viewport: { width: 320, height: 640 } });
    try {
      const page = await context.newPage();
      await page.goto(`${demo.url}/?session-seconds=0`);
      await page.getByRole('button', { name: FI.signIn }).first().waitFor(WAIT);
      await page.getByRole('button', { name: FI.signIn }).first().click();
      await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
      await context.setOffline(true);
      await page.waitForFunction(() => navigator.onLine === false, null, WAIT);
      // The call fails as on a real network (without the mock's offline rule it would succeed).
      const failed = page.waitForEvent('requestfailed', { predicate: (request) => request.url().endsWith('/auth/identify'), ...WAIT });
      await page.getByRole('button', { name: FI.continue }).click();
      await failed;
      await page.getByText('Laitteesi ei ole yhteydessä verkkoon', { exact: false }).first().waitFor(WAIT);
      assert.equal(await page.getByLabel(FI.password, { exact: true }).count(), 0, 'still on step 1: the call failed');
      await context.setOffline(false);
      await page.waitForFunction(() => navigator.onLine === true, null, WAIT);
      await page.getByRole('button', { name: FI.continue }).click();
      await page.getByLabel(FI.password, { exact: true }).waitFor(WAIT);
    } finally {
      await context.close();
    }
  });
});
