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
    });
  });
}
