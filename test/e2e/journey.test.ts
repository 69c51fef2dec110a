/**
 * The resident's journeys through the demo page (Vite + the msw mock backend),
 * by role and label as a resident sees them, in each engine: Chromium (playwright-core),
 * Firefox ESR and WebKitGTK (test/e2e/engines.ts).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { E2E_ENGINES, ENGINE_NAMES, launchEngine } from './engines.js';
import { ERKKI, FI, FLASH_PROBE, openPage, signInWithMouse, startDemo } from './helpers.js';
import { text, words } from '../fixtures/texts-node.js';

/** The Swedish journey's words, read from locales/sv.xlf. */
const SV = words('sv', {
  title: 'title.sign-in',
  identifier: 'field.identifier',
  continue: 'action.continue',
  passwordIntro: 'intro.password',
  password: 'field.password',
  remember: 'field.remember',
  signIn: 'action.sign-in',
  signOut: 'action.sign-out',
});

let demo: Awaited<ReturnType<typeof startDemo>>;

before(async () => {
  demo = await startDemo();
});
after(async () => {
  await demo?.close();
});

for (const engine of E2E_ENGINES) {
  describe(ENGINE_NAMES[engine], () => {
    let browser: Browser;
    before(async () => {
      browser = await launchEngine(engine);
    });
    after(async () => {
      await browser?.close();
    });

    const open = (path = '/') => openPage(browser, `${demo.url}${path}`);

    describe('header use, by mouse', () => {
      it('signs in, stays signed in across a reload without a flash, and signs out', async () => {
        const { context, page, errors } = await open();
        await signInWithMouse(page, ERKKI.identifier, ERKKI.password);
        const badge = page.getByRole('link', { name: ERKKI.badge });
        await badge.waitFor();
        assert.equal(await badge.getAttribute('href'), `${demo.url}/omat-tiedot`);
        assert.equal(await page.getByRole('dialog').count(), 0, 'the dialog is closed');

        await context.addInitScript(FLASH_PROBE);
        await page.reload();
        await page.getByRole('link', { name: ERKKI.badge }).waitFor();
        assert.equal(
          await page.evaluate(() => (window as unknown as { __sawSignInButton: boolean }).__sawSignInButton),
          false,
          'the sign-in button never showed while the session was checked',
        );

        await page.getByRole('button', { name: FI.signOut }).click();
        await page.getByRole('button', { name: FI.signIn }).waitFor();
        await page.reload();
        await page.getByRole('button', { name: FI.signIn }).waitFor();
        assert.deepEqual(errors, []);
        await context.close();
      });

      it('tells a wrong password, keeps the identifier, clears the password', async () => {
        const { context, page } = await open();
        await signInWithMouse(page, 'virve.viranomainen', 'väärä');
        const dialog = page;
        await dialog.getByRole('alert').filter({ hasText: 'Käyttäjätunnus tai salasana on väärin' }).waitFor();
        assert.equal(await dialog.getByLabel(FI.identifier).inputValue(), 'virve.viranomainen');
        assert.equal(await dialog.getByLabel(FI.password, { exact: true }).inputValue(), '');
        await context.close();
      });

      it('explains a locked account with the customer-service address', async () => {
        const { context, page } = await open();
        await signInWithMouse(page, 'lukittu@example.com', 'mitä tahansa');
        const alert = page.getByRole('alert').filter({ hasText: 'Käyttäjätunnuksesi on lukittu' });
        await alert.waitFor();
        assert.ok((await alert.textContent())?.includes('kaupunkitekniikka@espoo.fi'));
        await context.close();
      });

      it('sends an SSO identifier to its external sign-in', async () => {
        const { context, page } = await open();
        await page.getByRole('button', { name: FI.signIn }).click();
        await page.getByLabel(FI.identifier).fill('sso@espoo.fi');
        await page.getByRole('button', { name: FI.continue }).click();
        await page.waitForURL(`${demo.url}/sso-demo`);
        await context.close();
      });

      it('identifies strongly through the demo’s Suomi.fi stand-in, and signs out there too (single logout)', async () => {
        const { context, page } = await open();
        await page.getByRole('button', { name: FI.signIn }).click();
        // The demo page names its strong identification "Suomi.fi" (strong-auth-name in index.html).
        await page.getByRole('link', { name: text('fi', 'action.strong-auth-named', { name: 'Suomi.fi' }) }).click();
        await page.waitForURL(`${demo.url}/tunnistus-demo`);
        await page.getByRole('button', { name: 'Tunnistaudu (demo)' }).click();
        await page.waitForURL(`${demo.url}/`);
        await page.getByRole('link', { name: ERKKI.badge }).waitFor();
        const assurance = await page.evaluate(
          () => (document.querySelector('city-login') as HTMLElement & { user: { assurance?: string } | null }).user?.assurance,
        );
        assert.equal(assurance, 'strong', 'the element says how the resident was identified');
        await page.getByRole('button', { name: FI.signOut }).click();
        await page.waitForURL(`${demo.url}/tunnistus-demo?uloskirjautuminen`);
        await page.getByText('Tunnistuspalvelu päätti myös oman istuntonsa').waitFor();
        await page.getByRole('button', { name: FI.signIn }).waitFor();
        await context.close();
      });

      it('closes with Escape and gives focus back to the button', async () => {
        const { context, page } = await open();
        const button = page.getByRole('button', { name: FI.signIn });
        await button.click();
        await page.getByRole('dialog').waitFor();
        await page.keyboard.press('Escape');
        await page.getByRole('dialog').waitFor({ state: 'hidden' });
        assert.equal(await button.evaluate((b) => (b.getRootNode() as ShadowRoot).activeElement === b), true);
        await context.close();
      });
    });

    describe('forgot password', () => {
      it('pre-fills the address, confirms neutrally, and explains a failed delivery', async () => {
        const { context, page } = await open();
        await page.getByRole('button', { name: FI.signIn }).click();
        await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
        await page.getByRole('button', { name: FI.forgot }).click();
        const email = page.getByLabel(FI.email, { exact: true });
        assert.equal(await email.inputValue(), ERKKI.identifier);
        await page.getByRole('button', { name: FI.send }).click();
        await page.getByText('lähetimme siihen linkin salasanan vaihtamiseen').waitFor();

        await page.getByRole('button', { name: FI.back }).click();
        assert.equal(await page.getByLabel(FI.identifier).inputValue(), ERKKI.identifier);
        await page.getByRole('button', { name: FI.forgot }).click();
        await page.getByLabel(FI.email, { exact: true }).fill('virhe@example.com');
        await page.getByRole('button', { name: FI.send }).click();
        await page
          .getByRole('alert')
          .filter({ hasText: text('fi', 'error.delivery-failed') })
          .waitFor();
        await context.close();
      });
    });

    describe('keyboard only', () => {
      it('signs in and out with Tab, Enter and Space alone', async () => {
        const { context, page } = await open();
        const focused = () =>
          page.evaluate(() => {
            let active: Element | null = document.activeElement;
            while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
            return active
              ? `${active.tagName.toLowerCase()}:${active.getAttribute('name') ?? active.getAttribute('part') ?? active.textContent?.trim()}`
              : '';
          });
        await page.getByRole('button', { name: FI.signIn }).waitFor();
        // From the top of the page to the sign-in button.
        for (let i = 0; i < 10 && (await focused()) !== 'button:sign-in-button'; i += 1) await page.keyboard.press('Tab');
        assert.equal(await focused(), 'button:sign-in-button');
        await page.keyboard.press('Enter');
        await page.getByRole('dialog').waitFor();
        assert.equal(await focused(), 'input:username');
        await page.keyboard.type(ERKKI.identifier);
        await page.keyboard.press('Enter');
        await page.getByLabel(FI.password, { exact: true }).waitFor();
        await page.waitForFunction(() => document.activeElement?.getAttribute('name') === 'password');
        await page.keyboard.type(ERKKI.password);
        await page.keyboard.press('Tab');
        assert.equal(await focused(), `button:${text('fi', 'action.show')}`);
        await page.keyboard.press('Tab');
        assert.equal(await focused(), 'input:remember');
        await page.keyboard.press('Space');
        await page.keyboard.press('Enter');
        await page.getByRole('link', { name: ERKKI.badge }).waitFor();
        assert.equal(await focused(), 'a:badge');
        await page.keyboard.press('Tab');
        assert.equal(await focused(), 'button:sign-out-button');
        await page.keyboard.press('Enter');
        await page.getByRole('button', { name: FI.signIn }).waitFor();
        assert.equal(await focused(), 'button:sign-in-button');
        await context.close();
      });
    });

    describe('inline sign-in page', () => {
      it('signs an authority user in with a classic username', async () => {
        const { context, page, errors } = await open('/sign-in.html');
        await page.getByRole('heading', { name: FI.title, level: 1 }).waitFor();
        assert.equal(await page.getByRole('dialog').count(), 0);
        await page.getByLabel(FI.identifier).fill('virve.viranomainen');
        await page.getByRole('button', { name: FI.continue }).click();
        await page.getByText(text('fi', 'intro.password')).waitFor();
        await page.getByLabel(FI.password, { exact: true }).fill('Salasana123');
        await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
        await page.getByRole('link', { name: 'Virve Viranomainen (virve.viranomainen@espoo.fi)' }).waitFor();
        assert.deepEqual(errors, []);
        await context.close();
      });
    });

    describe('in Swedish', () => {
      it('switches to Swedish mid-flow, keeps what was typed, and signs in and out', async () => {
        const { context, page, errors } = await open('/sign-in.html');
        await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
        await page.getByRole('button', { name: /^FIN/ }).click();
        await page.getByRole('button', { name: 'Svenska' }).click();
        await page.getByRole('heading', { name: SV.title, level: 1 }).waitFor();
        assert.equal(await page.locator('city-login').getAttribute('lang'), 'sv');
        assert.equal(await page.getByLabel(SV.identifier).inputValue(), ERKKI.identifier);
        await page.getByRole('button', { name: SV.continue }).click();
        await page.getByText(SV.passwordIntro).waitFor();
        await page.getByLabel(SV.password, { exact: true }).fill('fel');
        await page.keyboard.press('Enter');
        await page.getByRole('alert').filter({ hasText: 'Användarnamnet eller lösenordet är fel' }).waitFor();
        await page.getByLabel(SV.password, { exact: true }).fill(ERKKI.password);
        await page.getByLabel(SV.remember).check();
        await page.locator('city-login form').getByRole('button', { name: SV.signIn }).click();
        await page.getByRole('link', { name: ERKKI.badge }).waitFor();
        await page.getByRole('button', { name: SV.signOut }).click();
        await page.getByRole('heading', { name: SV.title, level: 1 }).waitFor();
        assert.deepEqual(errors, []);
        await context.close();
      });
    });
  });
}
