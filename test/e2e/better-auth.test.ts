/**
 * `<city-login>` on a real auth server: the example in examples/better-auth/ (better-auth on
 * PostgreSQL in WebAssembly, the contract through the bridge `city-login/better-auth`),
 * started in this process. The contract kit passes against it, the example's code
 * type-checks against better-auth's own types, and a resident's journey in Chromium signs in
 * with an email and with a username, is told a wrong password, keeps the session across a
 * reload, signs out, and asks for a password reset.
 *
 * Needs the example's dependencies (test/run.mjs runs `npm ci` there when they are missing)
 * and the builds (dist/city-login.js, dist/npm/).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { isContractReport, type ContractReport } from '../../src/contract-kit/report.js';
import { launchBrowser, watchPage } from './helpers.js';

const EXAMPLE = resolve('examples/better-auth');
const PAGE_ORIGIN = 'http://127.0.0.1:5173';
const ERKKI = { identifier: 'esimerkki.erkki@example.com', badge: 'Erkki Esimerkki (esimerkki.erkki@example.com)' };
const VIRVE = { identifier: 'virve.viranomainen', badge: 'Virve Viranomainen (virve.viranomainen@espoo.fi)' };
const PASSWORD = 'Salasana123';

/** What examples/better-auth/server.mjs exports (plain JavaScript, loaded from its own folder so it finds its own node_modules). */
interface ExampleModule {
  startExample(options: { port?: number; pageOrigins?: string[]; log?: (line: string) => void }): Promise<{ url: string; csrfToken: string; close(): Promise<void> }>;
}

let example: Awaited<ReturnType<ExampleModule['startExample']>>;
const serverLog: string[] = [];

before(async () => {
  assert.ok(existsSync(`${EXAMPLE}/node_modules/better-auth`), 'the example is installed (npm ci --prefix examples/better-auth)');
  // A computed URL: esbuild leaves the import alone, and Node resolves better-auth from the example's folder.
  const module = (await import(pathToFileURL(`${EXAMPLE}/server.mjs`).href)) as ExampleModule;
  const started = Date.now();
  example = await module.startExample({ port: 0, pageOrigins: [PAGE_ORIGIN], log: (line) => serverLog.push(line) });
  console.log(`# the example started (PGlite, migrations, demo accounts) in ${Date.now() - started} ms`);
});
after(async () => {
  await example?.close();
});

describe('the example on better-auth', () => {
  it('type-checks against better-auth and the bridge (tsc on its JSDoc)', () => {
    const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', `${EXAMPLE}/tsconfig.json`], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stdout + result.stderr);
  });

  it('passes the contract kit, cross-origin with CORS, locked account and CSRF token included', async () => {
    const args = ['bin/city-login-contract.mjs', `${example.url}/auth`, '--user', ERKKI.identifier, '--password', PASSWORD, '--locked', 'lukittu@example.com',
      '--reset-email', 'someone@example.com', '--csrf-token', example.csrfToken, '--origin', PAGE_ORIGIN, '--max-requests', '30', '--json'];
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', fail);
      child.on('close', (exit) => done({ code: exit, stdout: out, stderr: err }));
    });
    const report: unknown = JSON.parse(stdout);
    assert.ok(isContractReport(report), stderr);
    const failing = (report as ContractReport).results.filter((r) => r.verdict === 'fail' || r.verdict === 'warn');
    assert.deepEqual(failing.map((r) => `${r.id}: ${r.got}`), []);
    assert.equal(code, 0, stdout);
    const verdicts = Object.fromEntries((report as ContractReport).results.map((r) => [r.id, r.verdict]));
    for (const id of ['session-signed-out', 'identify', 'login-wrong-password', 'login', 'cookie-browser-session', 'login-remember', 'logout', 'session-after-logout',
      'session-replay-after-logout', 'password-reset', 'locked', 'csrf-missing', 'cors-preflight', 'cors-responses', 'no-redirect']) {
      assert.equal(verdicts[id], 'pass', id);
    }
  });
});

describe('a resident on the example page, in Chromium', () => {
  let browser: Browser;
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  /** The user badge (a plain badge: the example page sets no account-href). */
  const badge = (page: Page, text: string) => page.locator('city-login [part="badge"]').filter({ hasText: text });

  async function signIn(page: Page, identifier: string, password: string): Promise<void> {
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
    await page.getByLabel('Sähköpostiosoite / käyttäjätunnus').fill(identifier);
    // better-auth has no identify step: the bridge answers 404, and the element goes to the password.
    await page.getByRole('button', { name: 'Jatka' }).click();
    await page.getByLabel('Salasana', { exact: true }).fill(password);
    await page.locator('city-login form').getByRole('button', { name: 'Kirjaudu sisään' }).click();
  }

  it('signs in with the email and with the username, is told a wrong password, keeps the session across a reload, signs out, asks for a reset', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const { errors } = watchPage(page);
    const response = await page.goto(`${example.url}/`);
    const csp = response?.headers()['content-security-policy'] ?? '';
    assert.match(csp, /script-src 'self';/);
    assert.match(csp, /require-trusted-types-for 'script'/);

    // Email.
    await signIn(page, ERKKI.identifier, PASSWORD);
    await badge(page, ERKKI.badge).waitFor();
    // Reload: the session comes from better-auth's cookie, through GET /auth/session.
    await page.reload();
    await badge(page, ERKKI.badge).waitFor();
    const cookies = await context.cookies();
    assert.ok(cookies.some((c) => c.name === 'better-auth.session_token' && c.httpOnly), 'better-auth\'s HttpOnly session cookie');
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).waitFor();

    // A wrong password: told, the identifier kept.
    await signIn(page, VIRVE.identifier, 'väärä salasana');
    await page.getByRole('alert').filter({ hasText: 'Käyttäjätunnus tai salasana on väärin' }).waitFor();
    assert.equal(await page.getByLabel('Sähköpostiosoite / käyttäjätunnus').inputValue(), VIRVE.identifier);

    // The username (better-auth's username plugin), from the same form.
    await page.getByLabel('Salasana', { exact: true }).fill(PASSWORD);
    await page.locator('city-login form').getByRole('button', { name: 'Kirjaudu sisään' }).click();
    await badge(page, VIRVE.badge).waitFor();
    await page.reload();
    await badge(page, VIRVE.badge).waitFor();
    await page.getByRole('button', { name: 'Kirjaudu ulos' }).click();
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).waitFor();

    // A password reset: better-auth creates the token and calls the mailer.
    await page.getByRole('button', { name: 'Kirjaudu sisään' }).click();
    await page.getByLabel('Sähköpostiosoite / käyttäjätunnus').fill(ERKKI.identifier);
    await page.getByRole('button', { name: 'Unohtuiko käyttäjätunnus tai salasana?' }).click();
    await page.getByRole('button', { name: 'Lähetä' }).click();
    await page.getByText('lähetimme siihen linkin salasanan vaihtamiseen').waitFor();
    assert.ok(serverLog.some((line) => line.startsWith(`[mail] password reset for ${ERKKI.identifier}: ${example.url}/api/auth/reset-password/`)), serverLog.join('\n'));

    assert.deepEqual(errors, []);
    await context.close();
  });
});
