/**
 * The recovery loop in the demo, as a new resident would go through it (Chromium): forgot
 * password in the header's dialog, the link the demo shows for the "email", the sign-in page
 * sets a new password (generated, as a password manager would), signed in; signing in later
 * takes the new password; the used link and an expired one each say so and offer a new link.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { ERKKI, FI, RESET_FI as RESET, openPage, useDemo } from './helpers.js';

const demo = useDemo();

/** A password as a password manager generates one. */
const generated = () => `${randomBytes(9).toString('base64url')}Aa1`;

describe('the reset link in the demo', () => {
  it('forgot password → the link → a new password → signed in; the new password signs in later; the link works once', async () => {
    const { page, errors } = await openPage(demo.browser, demo.url);
    await page.getByRole('button', { name: FI.signIn }).click();
    await page.getByRole('button', { name: FI.forgot }).click();
    await page.getByLabel(FI.email, { exact: true }).fill(ERKKI.identifier);
    await page.locator('city-login form').getByRole('button', { name: FI.send }).click();
    const link = page.locator('#demo-reset-link a');
    await link.waitFor();
    const href = await link.getAttribute('href');
    assert.match(href ?? '', /^\/sign-in\.html#reset-token=[0-9a-f]{32}$/, 'the token is in the fragment, not the query');

    // The "email" arrived: close the dialog (the demo panel is behind it) and follow the link.
    await page.getByRole('button', { name: FI.close }).click();
    await link.click();
    await page.getByRole('heading', { name: RESET.title }).waitFor();
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar at once');
    assert.equal(await page.getByLabel(RESET.username, { exact: true }).inputValue(), ERKKI.identifier);
    const password = generated();
    await page.getByLabel(RESET.newPassword, { exact: true }).fill(password);
    await page.getByLabel(RESET.confirmPassword).fill(password);
    await page.getByRole('button', { name: RESET.save }).click();
    await page.getByRole('link', { name: ERKKI.badge }).waitFor();

    // Later: the old password no longer works, the new one does.
    await page.getByRole('button', { name: FI.signOut }).click();
    await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
    await page.getByRole('button', { name: FI.continue }).click();
    await page.getByLabel(FI.password, { exact: true }).fill(ERKKI.password);
    await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
    await page.getByText('Käyttäjätunnus tai salasana on väärin.').waitFor();
    await page.getByLabel(FI.password, { exact: true }).fill(password);
    await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
    await page.getByRole('link', { name: ERKKI.badge }).waitFor();
    await page.getByRole('button', { name: FI.signOut }).click();
    await page.getByLabel(FI.identifier).waitFor();

    // The same link again: used.
    await page.goto(`${demo.url}${href}`);
    await page.getByText('Salasanan vaihtolinkki ei kelpaa.').waitFor();
    await page.getByRole('button', { name: RESET.newLink }).click();
    assert.equal(await page.getByLabel(FI.email, { exact: true }).inputValue(), '');
    assert.deepEqual(errors, []);
  });

  it('an expired link says so and offers a new one', async () => {
    const { page } = await openPage(demo.browser, `${demo.url}/sign-in.html#reset-token=vanhentunut-linkki`);
    await page.getByText('Salasanan vaihtolinkki on vanhentunut.').waitFor();
    await page.getByRole('button', { name: RESET.newLink }).click();
    await page.getByRole('button', { name: FI.send }).waitFor();
  });
});
