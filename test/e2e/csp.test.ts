/**
 * The built dist/city-login.js in a plain page with no build step, under a strict
 * Content-Security-Policy with Trusted Types, against the mock backend over real
 * HTTP (HttpOnly session cookie, CSRF token required), in Chromium, Firefox and WebKit.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startMockServer, type MockServer } from '../../mock/node-server.js';
import { E2E_ENGINES, ENGINE_NAMES, launchEngine } from './engines.js';
import { ERKKI, FI, signInWithMouse, STRICT_CSP, distFiles, watchPage } from './helpers.js';
import { withInitScript } from './init-script.js';
import { words, type Lang } from '../fixtures/texts-node.js';

/** What the language journey reads, in each language (locales/*.xlf). */
const IDS = {
  choose: 'language.choose',
  signIn: 'action.sign-in',
  title: 'title.sign-in',
  identifier: 'field.identifier',
  continue: 'action.continue',
  password: 'field.password',
  invalid: 'error.invalid-credentials',
  account: 'badge.account',
  signOut: 'action.sign-out',
} as const;
const T = { fi: words('fi', IDS), sv: words('sv', IDS), en: words('en', IDS) };
const SWITCH: ReadonlyArray<{ lang: Exclude<Lang, 'fi'>; from: Lang; code: string; name: string }> = [
  { lang: 'sv', from: 'fi', code: 'FIN', name: 'Svenska' },
  { lang: 'en', from: 'sv', code: 'SWE', name: 'English' },
];

const CSP = STRICT_CSP;

for (const engine of E2E_ENGINES) {
  describe(ENGINE_NAMES[engine], () => {
    let browser: Browser;
    let server: MockServer;

    before(async () => {
      browser = await launchEngine(engine);
      server = await startMockServer({
        // WebKit: the page starts with the script that stands in for init scripts (init-script.ts).
        files: { ...withInitScript(engine, '/', 'test/e2e/csp-page.html'), ...distFiles() },
        pageHeaders: { 'Content-Security-Policy': CSP },
        csrfToken: 'e2e-csrf-token',
      });
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    describe('dist/city-login.js under a strict CSP', () => {
      it('signs in and out with zero CSP violations', async () => {
        const context = await browser.newContext();
        await context.addInitScript(() => {
          const w = window as unknown as { __violations: string[] };
          w.__violations = [];
          document.addEventListener('securitypolicyviolation', (e) => w.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
        });
        const page = await context.newPage();
        const { errors } = watchPage(page);
        await page.goto(server.url);

        await signInWithMouse(page, ERKKI.identifier, ERKKI.password);
        await page.getByRole('link', { name: ERKKI.badge }).waitFor();

        // The session cookie is HttpOnly: out of reach of scripts, and still a session.
        assert.equal(await page.evaluate(() => document.cookie.includes('city_demo_session')), false);
        await page.reload();
        await page.getByRole('link', { name: ERKKI.badge }).waitFor();

        await page.getByRole('button', { name: FI.signOut }).click();
        await page.getByRole('button', { name: FI.signIn }).waitFor();

        const violations = await page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);
        assert.deepEqual(violations, []);
        assert.deepEqual(errors, []);

        const login = server.requests.find((r) => r.path === '/login');
        assert.ok(login, 'a login request was made');
        assert.equal(login.headers['x-csrf-token'], 'e2e-csrf-token');
        assert.equal(login.headers['content-type'], 'application/json');
        assert.equal(login.headers['accept'], 'application/json');
        assert.equal(login.headers['accept-language'], 'fi');
        assert.deepEqual(JSON.parse(login.body), { username: ERKKI.identifier, password: ERKKI.password, remember: false });
        assert.ok(
          server.requests.every((r) => !r.path.includes('Salasana')),
          'no password in any URL',
        );
        await context.close();
      });

      // The bundle's messages have no translators' notes and no id generation (scripts/localize-build.mjs):
      // each language's strings are found by their ids, and nothing throws.
      it('switched to Swedish, then English: the bar, the form, an error and the badge in that language, with no error', async () => {
        const context = await browser.newContext();
        const page = await context.newPage();
        const { errors } = watchPage(page);
        await page.goto(server.url);
        const element = page.locator('city-login');
        for (const { lang, from, code, name } of SWITCH) {
          const t = T[lang];
          await element.getByRole('button', { name: `${code}, ${T[from].choose}` }).click();
          await element.getByRole('button', { name, exact: true }).click();
          await element.getByRole('button', { name: t.signIn, exact: true }).click();
          await page.getByRole('dialog', { name: t.title }).waitFor();
          await page.getByLabel(t.identifier).fill(ERKKI.identifier);
          await page.getByRole('button', { name: t.continue }).click();
          await page.getByLabel(t.password, { exact: true }).fill('not the password');
          const submit = page.locator('city-login form').getByRole('button', { name: t.signIn });
          await submit.click();
          await page.getByRole('alert').filter({ hasText: t.invalid }).waitFor();
          await page.getByLabel(t.password, { exact: true }).fill(ERKKI.password);
          await submit.click();
          await element.getByRole('link', { name: `${ERKKI.badge}, ${t.account}`, exact: true }).waitFor();
          await element.getByRole('button', { name: t.signOut }).click();
          await element.getByRole('button', { name: t.signIn, exact: true }).waitFor();
        }
        assert.deepEqual(errors, []);
        await context.close();
      });
    });
  });
}
