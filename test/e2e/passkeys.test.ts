/**
 * Passkeys (issue 16) end to end: the demo page (Vite + the msw mock backend, which verifies
 * real WebAuthn assertions and attestations with @simplewebauthn/server) in Chromium with the
 * DevTools protocol's virtual authenticator (ctap2, internal, resident keys, user verification).
 * Chromium only: the `WebAuthn` domain of CDP has no counterpart in Firefox or WebKit drivers.
 *
 * The page is opened at `localhost` (a WebAuthn relying party must be a domain, not an IP).
 */
import assert from 'node:assert/strict';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import { ERKKI, FI, useDemo, watchPage } from './helpers.js';
import { words } from '../fixtures/texts-node.js';
import { scaled } from '../timing.mjs';

const demo = useDemo();

/** The passkey button, offer and creation, by message id; each language's text is read from locales/*.xlf. */
const PASSKEY_IDS = { signIn: 'passkey.sign-in', offer: 'passkey.offer', create: 'passkey.create' } as const;
const PASSKEY = words('fi', { ...PASSKEY_IDS, created: 'passkey.created', unknown: 'passkey.error.unknown' });

/** Waits for what a resident sees may take long on a busy shared machine (scaled, test/timing.mjs). */
const WAIT = { timeout: scaled(30_000) };

/** Records the element's calls to signalUnknownCredential and the passkey verify bodies (for the replay). */
const RECORDER = `
  window.__signalled = [];
  window.__verifyBodies = [];
  if (window.PublicKeyCredential && PublicKeyCredential.signalUnknownCredential) {
    const original = PublicKeyCredential.signalUnknownCredential.bind(PublicKeyCredential);
    PublicKeyCredential.signalUnknownCredential = (options) => (window.__signalled.push(options), original(options));
  }
  const fetch0 = window.fetch.bind(window);
  window.fetch = (input, init) => {
    if (String(input).endsWith('/passkey/verify') && init && typeof init.body === 'string') window.__verifyBodies.push(init.body);
    return fetch0(input, init);
  };
`;

/** Turns off the identifier's passkey autofill (to try the button alone). */
const NO_CONDITIONAL = `PublicKeyCredential.isConditionalMediationAvailable = async () => false;`;

interface Opened {
  context: BrowserContext;
  page: Page;
  cdp: CDPSession;
  authenticatorId: string;
  errors: string[];
}

async function open(path = '/', scripts: string[] = []): Promise<Opened> {
  const context = await demo.browser.newContext();
  for (const script of [RECORDER, ...scripts]) await context.addInitScript(script);
  const page = await context.newPage();
  const { errors } = watchPage(page);
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable', { enableUI: false });
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  await page.goto(`${demo.url.replace('127.0.0.1', 'localhost')}${path}`);
  return { context, page, cdp, authenticatorId, errors };
}

async function credentials(opened: Opened) {
  return (await opened.cdp.send('WebAuthn.getCredentials', { authenticatorId: opened.authenticatorId })).credentials;
}

async function signInWithPassword(page: Page): Promise<void> {
  await page.getByRole('button', { name: FI.signIn }).click();
  await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
  await page.getByRole('button', { name: FI.continue }).click();
  await page.getByLabel(FI.password, { exact: true }).fill(ERKKI.password);
  await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
  await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
}

/** Signs in with the password, accepts the offer, and signs out: the authenticator then holds a passkey the server knows. */
async function createPasskey(opened: Opened): Promise<void> {
  const { page } = opened;
  await signInWithPassword(page);
  await page.getByText(PASSKEY.offer).waitFor(WAIT);
  await page.getByRole('button', { name: PASSKEY.create }).click();
  await page.getByText(PASSKEY.created).waitFor(WAIT);
  assert.equal((await credentials(opened)).length, 1, 'the authenticator holds the new passkey');
  await page.getByRole('button', { name: FI.close, exact: true }).click();
  await page.getByRole('button', { name: FI.signOut }).click();
  await page.getByRole('button', { name: FI.signIn }).waitFor(WAIT);
}

describe('passkeys in Chromium (virtual authenticator)', () => {
  it('offers a passkey after a password sign-in, creates it, and signs in with it from the identifier field’s autofill', async () => {
    const opened = await open();
    const { page, context, errors } = opened;
    await createPasskey(opened);
    // Once created, the offer is not made again on this browser.
    assert.equal(await page.evaluate(() => localStorage.getItem('city-login:passkey-offer-dismissed')), '1');
    // Conditional mediation: the virtual authenticator answers the identifier field's autofill at once.
    await page.getByRole('button', { name: FI.signIn }).click();
    assert.equal(await page.getByLabel(FI.identifier).getAttribute('autocomplete'), 'username webauthn');
    await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
    assert.equal(await page.getByLabel(FI.password, { exact: true }).count(), 0, 'no password step');
    assert.equal(await page.getByText('Luo pääsyavain, niin').count(), 0, 'no offer after a passkey sign-in');
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('signs in with the button (a modal request), never opening a prompt by itself', async () => {
    const opened = await open('/', [NO_CONDITIONAL]);
    const { page, context, errors } = opened;
    await createPasskey(opened);
    await page.getByRole('button', { name: FI.signIn }).click();
    const button = page.getByRole('button', { name: PASSKEY.signIn });
    await button.waitFor(WAIT);
    // Nothing was asked of the authenticator before the click: the resident is still signed out.
    assert.equal(await page.getByRole('link', { name: ERKKI.badge }).count(), 0);
    await button.click();
    await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a cancelled (or empty) prompt says nothing and leaves the resident on step 1 with the password path', async () => {
    const opened = await open('/', [NO_CONDITIONAL]);
    const { page, context, errors } = opened;
    await page.getByRole('button', { name: FI.signIn }).click();
    // No passkey in the authenticator: Chromium rejects with NotAllowedError, as for a cancel.
    await page.getByRole('button', { name: PASSKEY.signIn }).click();
    await page.waitForFunction(
      () => {
        const button = document.querySelector('city-login')?.shadowRoot?.querySelector('[id$="-passkey"]');
        return (
          button?.getAttribute('aria-disabled') === 'false' && document.querySelector('city-login')?.shadowRoot?.activeElement === button
        );
      },
      undefined,
      WAIT,
    );
    assert.equal(await page.getByRole('alert').count(), 0, 'no error');
    await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
    await page.getByRole('button', { name: FI.continue }).click();
    await page.getByLabel(FI.password, { exact: true }).fill(ERKKI.password);
    await page.locator('city-login form').getByRole('button', { name: FI.signIn }).click();
    await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
    assert.deepEqual(errors, []);
    await context.close();
  });

  it('a passkey the server does not know: its own message, and the browser is told to forget it', async () => {
    const opened = await open('/', [NO_CONDITIONAL]);
    const { page, context, cdp, authenticatorId } = opened;
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    await cdp.send('WebAuthn.addCredential', {
      authenticatorId,
      credential: {
        credentialId: randomBytes(16).toString('base64'),
        isResidentCredential: true,
        rpId: 'localhost',
        privateKey: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
        userHandle: Buffer.from('someone-else').toString('base64'),
        signCount: 0,
      },
    });
    await page.getByRole('button', { name: FI.signIn }).click();
    await page.getByRole('button', { name: PASSKEY.signIn }).click();
    await page.getByRole('alert').filter({ hasText: PASSKEY.unknown }).waitFor(WAIT);
    const signalled = await page.evaluate(() => (window as unknown as { __signalled: Array<{ rpId: string }> }).__signalled);
    assert.equal(signalled.length, 1, 'signalUnknownCredential was called once');
    assert.equal(signalled[0]!.rpId, 'localhost');
    // The password path stays.
    await page.getByLabel(FI.identifier).fill(ERKKI.identifier);
    await page.getByRole('button', { name: FI.continue }).click();
    await page.getByLabel(FI.password, { exact: true }).waitFor(WAIT);
    await context.close();
  });

  it('refuses a replayed assertion: each challenge works once', async () => {
    const opened = await open('/', [NO_CONDITIONAL]);
    const { page, context } = opened;
    await createPasskey(opened);
    await page.getByRole('button', { name: FI.signIn }).click();
    await page.getByRole('button', { name: PASSKEY.signIn }).click();
    await page.getByRole('link', { name: ERKKI.badge }).waitFor(WAIT);
    await page.getByRole('button', { name: FI.signOut }).click();
    await page.getByRole('button', { name: FI.signIn }).waitFor(WAIT);
    const replay = await page.evaluate(async () => {
      const [body] = (window as unknown as { __verifyBodies: string[] }).__verifyBodies;
      const response = await fetch('/auth/passkey/verify', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
      return { status: response.status, body: (await response.json()) as unknown };
    });
    assert.deepEqual(replay, { status: 401, body: { error: 'invalid_credentials' } });
    const session = await page.evaluate(async () => (await fetch('/auth/session')).status);
    assert.equal(session, 401, 'the replay made no session');
    await context.close();
  });

  it('in Swedish and English: the button, the offer and the creation', async () => {
    // `created`: the first sentence of passkey.created, typed.
    for (const [language, names] of [
      ['Svenska', { ...words('sv', PASSKEY_IDS), created: 'Lösennyckeln har skapats.' }],
      ['English', { ...words('en', PASSKEY_IDS), created: 'Your passkey has been created.' }],
    ] as const) {
      const opened = await open('/sign-in.html', [NO_CONDITIONAL]);
      const { page, context, errors } = opened;
      await page.getByRole('button', { name: /^FIN/ }).click();
      await page.getByRole('button', { name: language }).click();
      await page.getByRole('button', { name: names.signIn }).waitFor(WAIT);
      await page.getByRole('textbox').first().fill(ERKKI.identifier);
      await page.keyboard.press('Enter');
      const password = page.locator('city-login input[type=password]');
      await password.waitFor(WAIT);
      await password.fill(ERKKI.password);
      await page.keyboard.press('Enter');
      await page.getByText(names.offer).waitFor(WAIT);
      await page.getByRole('button', { name: names.create }).click();
      await page.getByText(names.created).waitFor(WAIT);
      assert.equal((await credentials(opened)).length, 1);
      assert.deepEqual(errors, []);
      await context.close();
    }
  });
});
