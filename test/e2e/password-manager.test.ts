/**
 * Chromium's own password manager on the two-step form (issue 13): its internals page
 * (chrome://password-manager-internals) logs what its form parser sees. On step 2 the parser
 * must pair the read-only identifier (autocomplete=username) with the password, and the
 * sign-in must end in the save prompt, so a saved entry carries the identifier.
 *
 * Why DevTools still logs "[DOM] Password forms should have (optionally hidden) username
 * fields" on step 2: that message comes from a separate DevTools analyser
 * (page_form_analyser.cc), which analyses each control once (TrackElementByRendererIdIfUntracked)
 * and skips it afterwards. Step 2 keeps step 1's identifier input (the same element, as it
 * should: focus, value and the password manager's renderer id stay), so the analyser's second
 * pass counts only the new password field and warns. The password manager itself, asserted
 * here, sees both.
 *
 * Chromium only: a persistent profile with the password manager on (playwright's defaults turn
 * it off with --password-store=basic and --enable-automation, left out here).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { startMockServer, type MockServer } from '../../mock/node-server.js';
import { CHROME_ARGS, chromePath } from '../chrome.mjs';
import { scaled } from '../timing.mjs';
import { E2E_ENGINES } from './engines.js';
import { ERKKI, signInWithMouse, distFiles } from './helpers.js';

/** One "Form parsing output" block of the internals log: the elements the parser chose. */
interface Parsed {
  username: string;
  password: string;
}

function parsedForms(log: string): Parsed[] {
  return [...log.matchAll(/Form parsing output: \{([\s\S]*?)Username element renderer id/g)].map(([, block]) => ({
    password: /\n\s*Password element :\s*(\S*)\s*,/.exec(block!)?.[1] ?? '',
    username: /Username element :\s*(\S*)\s*,?\s*$/.exec(block!.trim())?.[1] ?? '',
  }));
}

describe(
  'Chromium password manager on the two-step form',
  { skip: !E2E_ENGINES.includes('chromium') && 'Chromium is not among ENGINES' },
  () => {
    let server: MockServer;
    let context: BrowserContext;
    let profile: string;

    before(async () => {
      server = await startMockServer({ files: { '/': 'test/e2e/csp-page.html', ...distFiles() }, csrfToken: 'e2e-csrf-token' });
      profile = mkdtempSync(join(tmpdir(), 'city-login-pm-'));
      context = await chromium.launchPersistentContext(profile, {
        executablePath: chromePath(),
        headless: true,
        args: CHROME_ARGS,
        ignoreDefaultArgs: ['--enable-automation', '--password-store=basic', '--use-mock-keychain'],
      });
    });
    after(async () => {
      await context?.close();
      await server?.close();
      if (profile) rmSync(profile, { recursive: true, force: true });
    });

    it('pairs the identifier with the password on step 2 and offers to save them after sign-in', async () => {
      const internals = await context.newPage();
      await internals.goto('chrome://password-manager-internals/');
      const page: Page = await context.newPage();
      await page.goto(server.url);
      await signInWithMouse(page, ERKKI.identifier, ERKKI.password);
      await page.getByRole('link', { name: ERKKI.badge }).waitFor();
      const text = () => internals.evaluate(() => document.body.innerText);
      // The log is written as the browser works: wait for the prompt, not for a fixed time.
      for (let waited = 0; !(await text()).includes('Show password prompt'); waited += 100) {
        assert.ok(waited < scaled(15_000), `no save prompt in the password manager's log:\n${(await text()).slice(-3000)}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const log = await text();
      const withPassword = parsedForms(log).filter((form) => form.password !== '');
      assert.ok(withPassword.length > 0, 'the parser saw a form with a password field');
      for (const form of withPassword) {
        assert.deepEqual(form, { username: 'username', password: 'password' }, 'the identifier is the username of the password form');
      }
      assert.match(log, /Successful submission indicator event: XHR_SUCCEEDED/, 'the sign-in is seen as a submission');
      assert.match(
        log,
        /username: signature=\d+, type=text, renderer_id=\d+, visible, non-empty, autocomplete=username/,
        'the identifier carries what was typed',
      );
    });
  },
);
