/**
 * `<city-login>` on a real auth server: the example in examples/better-auth/ (better-auth on
 * PostgreSQL in WebAssembly, the contract through the bridge `city-login/better-auth`),
 * started in this process. The contract kit passes against it, the example's code
 * type-checks against better-auth's own types, and a resident's journey in Chromium signs in
 * with an email and with a username, is told a wrong password, keeps the session across a
 * reload, signs out, asks for a password reset, follows the mailed link (#reset-token=), sets a
 * new password on the element and signs in with it; the used link and an expired one say so.
 * The reset link's calls are checked over HTTP too: verify spends nothing, better-auth's
 * length rules come back as the contract's weak_password rules.
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
import { CALLS, CSRF_HEADER, WIRE_ERRORS, statusFor, successStatus, type CallName } from '../../src/contract/contract.js';
import { isContractReport, type ContractReport } from '../../src/contract-kit/report.js';
import { FI, RESET_FI as RESET, launchBrowser, watchPage } from './helpers.js';
import { ERKKI_ACCOUNT, VIRVE_ACCOUNT } from '../fixtures/accounts.js';

const EXAMPLE = resolve('examples/better-auth');
const PAGE_ORIGIN = 'http://127.0.0.1:5173';
// The demo accounts, as examples/better-auth/server.mjs seeds them.
const ERKKI = ERKKI_ACCOUNT;
const VIRVE = VIRVE_ACCOUNT;
const PASSWORD = ERKKI_ACCOUNT.password;

/** What examples/better-auth/server.mjs exports (plain JavaScript, loaded from its own folder so it finds its own node_modules). */
interface ExampleModule {
  startExample(options: { port?: number; pageOrigins?: string[]; log?: (line: string) => void }): Promise<{
    url: string;
    csrfToken: string;
    /** The better-auth instance: the tests make an expired reset token the way better-auth stores one. */
    auth: {
      $context: Promise<{
        internalAdapter: {
          findUserByEmail(email: string): Promise<{ user: { id: string } } | null>;
          createVerificationValue(data: { value: string; identifier: string; expiresAt: Date }): Promise<unknown>;
        };
      }>;
    };
    close(): Promise<void>;
  }>;
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
    const args = [
      'bin/city-login-contract.mjs',
      `${example.url}/auth`,
      '--user',
      ERKKI.identifier,
      '--password',
      PASSWORD,
      '--locked',
      'lukittu@example.com',
      '--reset-email',
      'someone@example.com',
      // With "=": a random token may start with "-" (base64url), which a separate argument would
      // make look like an option (the kit then exits 2, "argument is ambiguous").
      `--csrf-token=${example.csrfToken}`,
      '--origin',
      PAGE_ORIGIN,
      '--max-requests',
      '30',
      '--json',
    ];
    const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
      child.on('error', fail);
      child.on('close', (exit) => done({ code: exit, stdout: out, stderr: err }));
    });
    assert.ok(stdout.trim(), `the kit printed no report (exit ${code}): ${stderr}`);
    const report: unknown = JSON.parse(stdout);
    assert.ok(isContractReport(report), stderr);
    const failing = (report as ContractReport).results.filter((r) => r.verdict === 'fail' || r.verdict === 'warn');
    assert.deepEqual(
      failing.map((r) => `${r.id}: ${r.got}`),
      [],
    );
    assert.equal(code, 0, stdout);
    const verdicts = Object.fromEntries((report as ContractReport).results.map((r) => [r.id, r.verdict]));
    for (const id of [
      'session-signed-out',
      'identify',
      'login-wrong-password',
      'login',
      'cookie-browser-session',
      'login-remember',
      'logout',
      'session-after-logout',
      'session-replay-after-logout',
      'password-reset',
      'reset-link-unknown',
      'locked',
      'csrf-missing',
      'cors-preflight',
      'cors-responses',
      'no-redirect',
    ]) {
      assert.equal(verdicts[id], 'pass', id);
    }
  });
});

/** A call of the contract to the example, as the page makes it (its Origin and CSRF token). */
async function call(name: CallName, body: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${example.url}/auth${CALLS[name].path}`, {
    method: CALLS[name].method,
    headers: { 'Content-Type': 'application/json', Origin: example.url, [CSRF_HEADER]: example.csrfToken },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
}

/** The last reset link the example's mailer "sent" to `email` (its console line). */
function mailedLink(email: string): string {
  const prefix = `[mail] password reset for ${email}: `;
  const line = [...serverLog].reverse().find((l) => l.startsWith(prefix));
  assert.ok(line, serverLog.join('\n'));
  return line.slice(prefix.length);
}

/** A reset token for `email` that expired a minute ago, stored as better-auth stores its own (a verification row). */
async function expiredToken(email: string): Promise<string> {
  const context = await example.auth.$context;
  const found = await context.internalAdapter.findUserByEmail(email);
  assert.ok(found, email);
  const token = `vanhentunut${Date.now()}${Math.random().toString(36).slice(2)}`;
  await context.internalAdapter.createVerificationValue({
    value: found.user.id,
    identifier: `reset-password:${token}`,
    expiresAt: new Date(Date.now() - 60_000),
  });
  return token;
}

/** The console errors a page may show for the contract's refusals (the browser logs every 4xx). */
const unexpected = (errors: string[]) => errors.filter((e) => !/status of (400|401|410|422)/.test(e));

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
    await page.getByRole('button', { name: FI.signIn }).click();
    await page.getByLabel(FI.identifier).fill(identifier);
    // better-auth has no identify step: the bridge answers 404, and the element goes to the password.
    await page.getByRole('button', { name: FI.continue }).click();
    await page.getByLabel(FI.password, { exact: true }).fill(password);
    await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
  }

  it('signs in with the email and with the username, is told a wrong password, keeps the session across a reload, signs out, asks for a reset, follows the mailed link, sets a new password and signs in with it; the used link says so', async () => {
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
    assert.ok(
      cookies.some((c) => c.name === 'better-auth.session_token' && c.httpOnly),
      "better-auth's HttpOnly session cookie",
    );
    await page.getByRole('button', { name: FI.signOut }).click();
    await page.getByRole('button', { name: FI.signIn }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: FI.signIn }).waitFor();

    // A wrong password: told, the identifier kept.
    await signIn(page, VIRVE.identifier, 'väärä salasana');
    await page.getByRole('alert').filter({ hasText: 'Käyttäjätunnus tai salasana on väärin' }).waitFor();
    assert.equal(await page.getByLabel(FI.identifier).inputValue(), VIRVE.identifier);

    // The username (better-auth's username plugin), from the same form.
    await page.getByLabel(FI.password, { exact: true }).fill(PASSWORD);
    await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
    await badge(page, VIRVE.badge).waitFor();
    await page.reload();
    await badge(page, VIRVE.badge).waitFor();
    await page.getByRole('button', { name: FI.signOut }).click();
    await page.getByRole('button', { name: FI.signIn }).waitFor();

    // A password reset: better-auth creates the token and calls the mailer.
    await page.getByRole('button', { name: FI.signIn }).click();
    await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
    await page.getByRole('button', { name: FI.forgot }).click();
    await page.getByRole('button', { name: FI.send }).click();
    await page.getByText('lähetimme siihen linkin salasanan vaihtamiseen').waitFor();
    // The mail links to the page, the token in the fragment (never a query).
    const link = mailedLink(ERKKI.identifier);
    assert.match(link, /^http:\/\/127\.0\.0\.1:\d+\/#reset-token=[A-Za-z0-9]+$/);
    assert.ok(link.startsWith(`${example.url}/#`), link);
    const token = decodeURIComponent(new URL(link).hash.slice('#reset-token='.length));

    // Over HTTP: verify answers whose link it is and better-auth's rules, and spends nothing;
    // a password better-auth refuses is the contract's weak_password with the rule, and leaves the link valid.
    const ticket = { username: ERKKI.identifier, policy: { minLength: 8, maxLength: 128 } };
    assert.deepEqual(await call('password-reset-verify', { token }), { status: successStatus('password-reset-verify'), body: ticket });
    assert.deepEqual(await call('password-reset-verify', { token }), { status: successStatus('password-reset-verify'), body: ticket });
    const weak = statusFor('password-reset-complete', 'weak_password');
    assert.deepEqual(await call('password-reset-complete', { token, password: 'lyhyt' }), {
      status: weak,
      body: { error: WIRE_ERRORS.weakPassword, rule: 'min_length' },
    });
    assert.deepEqual(await call('password-reset-complete', { token, password: 'x'.repeat(129) }), {
      status: weak,
      body: { error: WIRE_ERRORS.weakPassword, rule: 'max_length' },
    });
    // better-auth's own reset-link route (its redirect carries the token in a query) is closed in the example.
    assert.equal((await fetch(`${example.url}/api/auth/reset-password/${token}?callbackURL=/`, { redirect: 'manual' })).status, 404);
    assert.deepEqual(errors, []);
    await context.close();

    // The resident opens the mail's link (a new tab): the element asks for a new password.
    const mailTab = await browser.newContext();
    const resetPage = await mailTab.newPage();
    const resetErrors = watchPage(resetPage).errors;
    await resetPage.goto(link);
    await resetPage.getByRole('heading', { name: RESET.title }).waitFor();
    assert.equal(new URL(resetPage.url()).hash, '', 'the token left the address bar at once');
    assert.equal(await resetPage.getByLabel(RESET.username, { exact: true }).inputValue(), ERKKI.identifier);
    const newPassword = `Uusi-${Date.now().toString(36)}-salasana`;
    await resetPage.getByLabel(RESET.newPassword, { exact: true }).fill(newPassword);
    await resetPage.getByLabel(RESET.confirmPassword).fill(newPassword);
    await resetPage.getByRole('button', { name: RESET.save }).click();
    // better-auth does not sign in after a reset: the bridge answers 204, "sign in yourself".
    await resetPage.getByRole('heading', { name: RESET.changed }).waitFor();
    await resetPage.getByText('Voit nyt kirjautua sisään uudella salasanalla.').waitFor();

    // Signing in takes the new password (the username is already filled in).
    // The step's own button (the header's sign-in button is there too).
    await resetPage.getByRole('dialog').getByRole('button', { name: FI.signIn }).click();
    const identifier = resetPage.getByLabel(FI.identifier);
    await identifier.waitFor();
    if ((await identifier.inputValue()) !== ERKKI.identifier) await identifier.fill(ERKKI.identifier);
    await resetPage.getByRole('button', { name: FI.continue }).click();
    await resetPage.getByLabel(FI.password, { exact: true }).fill(newPassword);
    await resetPage.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
    await badge(resetPage, ERKKI.badge).waitFor();
    await resetPage.getByRole('button', { name: FI.signOut }).click();
    await resetPage.getByRole('button', { name: FI.signIn }).waitFor();

    // The same link again: spent.
    const again = await mailTab.newPage();
    const againErrors = watchPage(again).errors;
    await again.goto(link);
    await again.getByText('Salasanan vaihtolinkki ei kelpaa.').waitFor();
    assert.deepEqual(await call('password-reset-complete', { token, password: newPassword }), {
      status: statusFor('password-reset-complete', 'invalid_token'),
      body: { error: WIRE_ERRORS.invalidToken },
    });
    assert.deepEqual([...unexpected(resetErrors), ...unexpected(againErrors)], []);
    await mailTab.close();
  });

  it('an expired reset link says so (410 expired_token), on both calls and in the element', async () => {
    // Each token is looked up once: better-auth deletes expired rows on a lookup (at most once a minute).
    assert.deepEqual(await call('password-reset-verify', { token: await expiredToken(ERKKI.identifier) }), {
      status: statusFor('password-reset-verify', 'expired_token'),
      body: { error: WIRE_ERRORS.expiredToken },
    });
    assert.deepEqual(
      await call('password-reset-complete', { token: await expiredToken(ERKKI.identifier), password: 'Kelpaava-salasana-1' }),
      {
        status: statusFor('password-reset-complete', 'expired_token'),
        body: { error: WIRE_ERRORS.expiredToken },
      },
    );
    const context = await browser.newContext();
    const page = await context.newPage();
    const { errors } = watchPage(page);
    await page.goto(`${example.url}/#reset-token=${await expiredToken(ERKKI.identifier)}`);
    await page.getByText('Salasanan vaihtolinkki on vanhentunut.').waitFor();
    await page.getByRole('button', { name: RESET.newLink }).waitFor();
    assert.deepEqual(unexpected(errors), []);
    await context.close();
  });
});
