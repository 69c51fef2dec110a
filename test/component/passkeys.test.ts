/**
 * Issue 16's passkeys as a resident meets them, with a fake `navigator.credentials` (and the
 * statics of `PublicKeyCredential` the element asks): no UI without WebAuthn methods on the
 * adapter or without passkeys on the server; step 1's autofill (conditional mediation) and its
 * abort before any other submit; the "Kirjaudu pääsyavaimella" button; each failure; the offer
 * after a password sign-in and its creation; in fi, sv and en; at 320 px; axe in each state.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import { AuthError, type AuthErrorCode, type PasskeyOptionsJSON, type User } from '../../src/auth/auth-client.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import { OFFER_DISMISSED_KEY } from '../../src/login/passkeys.js';
import { expectNoAxeViolations } from './axe.js';
import { describeNeeding } from './engine.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import { FI_ERRORS } from '../fixtures/fi-errors.js';
import {
  IDENTIFIER,
  alertTexts,
  allText,
  deepActiveElement,
  dialog,
  getButton,
  getInput,
  mount,
  queryButton,
  queryInput,
  shadow,
  statusText,
  submitPassword,
  typeInto,
} from './helpers.js';
import { scaled } from '../browser-timing.js';

const runtime = configureCityLoginLocalization();
const WAIT = { timeout: scaled(10_000) };

/** An adapter with the passkey methods; each test scripts them. */
class PasskeyClient extends FakeAuthClient {
  options: PasskeyOptionsJSON | null = { challenge: 'Y2hhbGxlbmdlLTE', rpId: location.hostname, userVerification: 'preferred' };
  optionsCalls = 0;
  signIns: unknown[] = [];
  verify: () => Promise<User> = async () => ERKKI;
  registrations: unknown[] = [];
  register: () => Promise<void> = async () => undefined;
  registrationOptions: PasskeyOptionsJSON | null = {
    challenge: 'Y2hhbGxlbmdlLTI',
    rp: { id: location.hostname, name: 'Espoo' },
    user: { id: 'dXNlcg', name: ERKKI.email, displayName: ERKKI.name },
    pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
  };

  async passkeyOptions(signal: AbortSignal): Promise<PasskeyOptionsJSON | null> {
    this.optionsCalls++;
    signal.throwIfAborted();
    return this.options;
  }

  passkeySignIn(credential: unknown, signal: AbortSignal): Promise<User> {
    signal.throwIfAborted();
    this.signIns.push(credential);
    return this.verify();
  }

  async passkeyRegistrationOptions(signal: AbortSignal): Promise<PasskeyOptionsJSON | null> {
    signal.throwIfAborted();
    return this.registrationOptions;
  }

  registerPasskey(credential: unknown, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted();
    this.registrations.push(credential);
    return this.register();
  }
}

interface Request {
  readonly kind: 'get' | 'create';
  readonly mediation: string | undefined;
  readonly signal: AbortSignal | undefined;
}

/** The fake browser: each request is answered by the next scripted answer (default: a conditional waits until aborted, a modal one resolves). */
let requests: Request[];
let answers: Array<(request: Request) => Promise<unknown>>;
let conditional: boolean;
let platform: boolean;
let signalled: Array<{ rpId: string; credentialId: string }>;
const restore: Array<() => void> = [];

const CREDENTIAL = {
  id: 'cred-1',
  type: 'public-key',
  toJSON: () => ({ id: 'cred-1', type: 'public-key', response: { clientDataJSON: 'e30' } }),
};
const rejectWith = (name: string) => () => Promise.reject(new DOMException('fake', name));

function fake<T extends object>(target: T, name: string, value: unknown): void {
  const had = Object.prototype.hasOwnProperty.call(target, name);
  const before = (target as Record<string, unknown>)[name];
  Object.defineProperty(target, name, { value, configurable: true, writable: true });
  restore.push(() =>
    had
      ? Object.defineProperty(target, name, { value: before, configurable: true, writable: true })
      : delete (target as Record<string, unknown>)[name],
  );
}

function request(kind: 'get' | 'create', options: CredentialRequestOptions | CredentialCreationOptions): Promise<unknown> {
  const made: Request = { kind, mediation: (options as CredentialRequestOptions).mediation, signal: options.signal ?? undefined };
  requests.push(made);
  const waitForAbort = () =>
    new Promise((_, reject) =>
      made.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), { once: true }),
    );
  const answer = answers.shift() ?? (made.mediation === 'conditional' ? waitForAbort : async () => CREDENTIAL);
  if (made.signal?.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
  return answer(made);
}

beforeEach(async () => {
  requests = [];
  answers = [];
  conditional = false;
  platform = true;
  signalled = [];
  localStorage.removeItem(OFFER_DISMISSED_KEY);
  if (typeof PublicKeyCredential !== 'function') fake(window, 'PublicKeyCredential', class PublicKeyCredential {});
  if (!navigator.credentials) fake(navigator, 'credentials', {});
  fake(navigator.credentials, 'get', (options: CredentialRequestOptions) => request('get', options));
  fake(navigator.credentials, 'create', (options: CredentialCreationOptions) => request('create', options));
  fake(PublicKeyCredential, 'isConditionalMediationAvailable', async () => conditional);
  fake(PublicKeyCredential, 'isUserVerifyingPlatformAuthenticatorAvailable', async () => platform);
  fake(
    PublicKeyCredential,
    'signalUnknownCredential',
    async (options: { rpId: string; credentialId: string }) => void signalled.push(options),
  );
  await runtime.setLocale('fi');
});

afterEach(() => {
  while (restore.length) restore.pop()!();
  localStorage.removeItem(OFFER_DISMISSED_KEY);
});

const PASSKEY = 'Kirjaudu pääsyavaimella';

/** Opens the dialog and waits for step 1's field. */
async function open(el: CityLogin): Promise<HTMLInputElement> {
  getButton(el, 'Kirjaudu sisään').click();
  await waitUntil(() => queryInput(el, IDENTIFIER), 'step 1 shows', WAIT);
  return getInput(el, IDENTIFIER);
}

/** Opens the dialog and waits for the passkey button. */
async function openWithPasskeys(el: CityLogin, name = PASSKEY): Promise<HTMLButtonElement> {
  getButton(el, 'Kirjaudu sisään').click();
  await waitUntil(() => queryButton(el, name), `"${name}" shows`, WAIT);
  return getButton(el, name);
}

const signedIn = (el: CityLogin) => waitUntil(() => allText(el).includes(`${ERKKI.name} (${ERKKI.email})`), 'signed in', WAIT);
const alertSays = (el: CityLogin, text: string) =>
  waitUntil(() => alertTexts(el).some((t) => t.includes(text)), `the alert says "${text}"`, WAIT);

describe('passkeys: no UI where they cannot be used', () => {
  it('an adapter without the passkey methods: no button, no passkey autofill, nothing asked of the browser', async () => {
    const el = await mount(new FakeAuthClient());
    const input = await open(el);
    await el.updateComplete;
    expect(input.getAttribute('autocomplete')).to.equal('username');
    expect(queryButton(el, PASSKEY)).to.equal(null);
    expect(requests).to.deep.equal([]);
  });

  it('a server without passkeys (options answer null, i.e. 404): no button, and the autofill goes back to username', async () => {
    const client = new PasskeyClient();
    client.options = null;
    conditional = true;
    const el = await mount(client);
    const input = await open(el);
    await waitUntil(() => client.optionsCalls > 0 && input.getAttribute('autocomplete') === 'username', 'autofill without webauthn', WAIT);
    expect(queryButton(el, PASSKEY)).to.equal(null);
    expect(requests, 'no request to the browser').to.deep.equal([]);
  });

  it('a browser without WebAuthn: no button, no request', async () => {
    fake(window, 'PublicKeyCredential', undefined);
    const client = new PasskeyClient();
    const el = await mount(client);
    const input = await open(el);
    await el.updateComplete;
    expect(input.getAttribute('autocomplete')).to.equal('username');
    expect(queryButton(el, PASSKEY)).to.equal(null);
    expect(client.optionsCalls).to.equal(0);
  });
});

describe('passkeys on step 1', () => {
  it('the button signs in with a modal request, on the click only (axe clean with the button)', async () => {
    const client = new PasskeyClient();
    const el = await mount(client);
    const button = await openWithPasskeys(el);
    expect(getInput(el, IDENTIFIER).getAttribute('autocomplete')).to.equal('username webauthn');
    expect(requests, 'no prompt by itself (no conditional mediation here)').to.deep.equal([]);
    await expectNoAxeViolations(el, 'step 1 with the passkey button');
    button.click();
    await signedIn(el);
    expect(requests.map((r) => [r.kind, r.mediation])).to.deep.equal([['get', undefined]]);
    expect(client.signIns).to.deep.equal([CREDENTIAL.toJSON()]);
    expect(client.count('signIn'), 'no password sign-in').to.equal(0);
    await el.updateComplete;
    expect(allText(el)).not.to.contain('Luo pääsyavain', 'no offer after a passkey sign-in');
  });

  it('autofill: a conditional request runs while step 1 shows, and is aborted before identify is sent', async () => {
    conditional = true;
    const client = new PasskeyClient();
    let abortedBeforeIdentify: boolean | undefined;
    client.respond('identify', () => {
      abortedBeforeIdentify = requests[0]?.signal?.aborted;
      return { next: 'password' };
    });
    const el = await mount(client);
    const input = await open(el);
    await waitUntil(() => requests.length === 1, 'the conditional request', WAIT);
    expect(requests[0]!.mediation).to.equal('conditional');
    typeInto(input, ERKKI.email);
    getButton(el, 'Jatka').click();
    await waitUntil(() => client.count('identify') === 1, 'identify sent', WAIT);
    expect(abortedBeforeIdentify, 'aborted before identify').to.equal(true);
  });

  it('autofill: no request while the form waits, rendered, behind the closed dialog (a pointer over "Kirjaudu sisään"); it starts when the dialog opens', async () => {
    conditional = true;
    // The passkeys' part asks this when it starts: then it has seen the form (an update follows).
    let started = false;
    fake(PublicKeyCredential, 'isUserVerifyingPlatformAuthenticatorAvailable', async () => ((started = true), platform));
    const client = new PasskeyClient();
    const el = await mount(client);
    getButton(el, 'Kirjaudu sisään').dispatchEvent(new PointerEvent('pointerenter'));
    await waitUntil(() => queryInput(el, IDENTIFIER) && started, 'the form rendered ahead, and the passkeys part started', WAIT);
    await el.updateComplete;
    expect(dialog(el)?.open, 'the dialog stays closed').to.equal(false);
    expect(client.optionsCalls, 'no options asked for a closed dialog').to.equal(0);
    expect(requests, 'nothing asked of the browser').to.deep.equal([]);
    getButton(el, 'Kirjaudu sisään').click();
    await waitUntil(() => requests.length === 1, 'the conditional request, once open', WAIT);
    expect(requests[0]!.mediation).to.equal('conditional');
    expect(client.optionsCalls).to.equal(1);
  });

  it('autofill: a passkey chosen in the identifier field signs in, no password step', async () => {
    conditional = true;
    let choose!: (credential: unknown) => void;
    answers.push(() => new Promise((resolve) => (choose = resolve)));
    const client = new PasskeyClient();
    const el = await mount(client);
    await open(el);
    await waitUntil(() => requests.length === 1, 'the conditional request', WAIT);
    choose(CREDENTIAL);
    await signedIn(el);
    expect(client.signIns).to.have.length(1);
    expect(client.count('identify')).to.equal(0);
  });

  it('the autofill request ends when the resident goes to the forgot step, and starts again back on step 1', async () => {
    conditional = true;
    const client = new PasskeyClient();
    const el = await mount(client);
    await open(el);
    await waitUntil(() => requests.length === 1, 'the conditional request', WAIT);
    getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?').click();
    await waitUntil(() => requests[0]!.signal?.aborted === true, 'aborted on the step change', WAIT);
    getButton(el, 'Takaisin kirjautumiseen').click();
    await waitUntil(() => requests.length === 2 && requests[1]!.mediation === 'conditional', 'armed again', WAIT);
  });

  it('cancelled (NotAllowedError): nothing is said, the button keeps focus, step 1 stays', async () => {
    answers.push(rejectWith('NotAllowedError'));
    const el = await mount(new PasskeyClient());
    const button = await openWithPasskeys(el);
    button.click();
    await waitUntil(
      () => shadow(el).activeElement?.id.endsWith('-passkey') && button.getAttribute('aria-disabled') === 'false',
      'back on the button',
      WAIT,
    );
    expect(alertTexts(el)).to.deep.equal([]);
    expect(queryInput(el, IDENTIFIER)).not.to.equal(null);
  });

  it('no passkey here (SecurityError): its own message; the password path stays', async () => {
    answers.push(rejectWith('SecurityError'));
    const el = await mount(new PasskeyClient());
    (await openWithPasskeys(el)).click();
    await alertSays(el, 'Tällä laitteella ei ole pääsyavainta tähän palveluun. Kirjaudu salasanalla.');
    await expectNoAxeViolations(el, 'no passkey here');
    expect(queryInput(el, IDENTIFIER)).not.to.equal(null);
    expect(queryButton(el, 'Jatka')).not.to.equal(null);
  });

  it('a passkey the server does not know: its message, and the browser is told to forget it', async () => {
    const client = new PasskeyClient();
    client.verify = () => Promise.reject(new AuthError('unknown_credential'));
    const el = await mount(client);
    (await openWithPasskeys(el)).click();
    await alertSays(el, FI_ERRORS.unknown_credential);
    expect(signalled).to.deep.equal([{ rpId: location.hostname, credentialId: 'cred-1' }]);
    await expectNoAxeViolations(el, 'unknown passkey');
  });

  it('an assertion the server refuses (invalid_credentials): its own message, not the password one', async () => {
    const client = new PasskeyClient();
    client.verify = () => Promise.reject(new AuthError('invalid_credentials'));
    const el = await mount(client);
    (await openWithPasskeys(el)).click();
    await alertSays(el, 'Kirjautuminen pääsyavaimella ei onnistunut. Yritä uudelleen tai kirjaudu salasanalla.');
    expect(alertTexts(el).join(' ')).not.to.contain(FI_ERRORS.invalid_credentials);
    expect(signalled).to.deep.equal([]);
  });

  for (const code of ['network', 'timeout', 'server'] as const satisfies readonly AuthErrorCode[]) {
    it(`${code} while signing in with a passkey: its message`, async () => {
      const client = new PasskeyClient();
      client.verify = () => Promise.reject(new AuthError(code));
      const el = await mount(client);
      (await openWithPasskeys(el)).click();
      await alertSays(el, FI_ERRORS[code]);
    });
  }
});

describe('passkeys: the offer after a password sign-in', () => {
  async function signInWithPassword(el: CityLogin): Promise<void> {
    const input = await open(el);
    typeInto(input, ERKKI.email);
    getButton(el, 'Jatka').click();
    await waitUntil(() => queryInput(el, 'Salasana'), 'step 2', WAIT);
    await submitPassword(el, 'Salasana123');
    await signedIn(el);
  }
  const OFFER = 'Luo pääsyavain, niin kirjaudut ensi kerralla ilman salasanaa.';
  const offered = (el: CityLogin) => waitUntil(() => allText(el).includes(OFFER), 'the offer is said', WAIT);

  it('offers once, politely (a status region), dismissible; dismissed, it is not made again on this browser', async () => {
    const client = new PasskeyClient();
    const el = await mount(client);
    await signInWithPassword(el);
    await offered(el);
    expect(shadow(el).querySelector('.passkey-offer [role=status]')?.textContent).to.contain(OFFER);
    await expectNoAxeViolations(el, 'the offer');
    getButton(el, 'Ei kiitos').click();
    await waitUntil(() => !allText(el).includes(OFFER), 'the offer goes', WAIT);
    expect(localStorage.getItem(OFFER_DISMISSED_KEY)).to.equal('1');
    getButton(el, 'Kirjaudu ulos').click();
    await waitUntil(() => queryButton(el, 'Kirjaudu sisään'), 'signed out', WAIT);
    await signInWithPassword(el);
    await el.updateComplete;
    expect(allText(el)).not.to.contain(OFFER);
  });

  it('no offer on a browser without a platform authenticator', async () => {
    platform = false;
    const el = await mount(new PasskeyClient());
    await signInWithPassword(el);
    await el.updateComplete;
    expect(allText(el)).not.to.contain(OFFER);
  });

  it('creates a passkey: the credential goes to the server, and the offer says it is done', async () => {
    const client = new PasskeyClient();
    const el = await mount(client);
    await signInWithPassword(el);
    await offered(el);
    getButton(el, 'Luo pääsyavain').click();
    await waitUntil(() => allText(el).includes('Pääsyavain on luotu.'), 'created', WAIT);
    await waitUntil(() => shadow(el).activeElement?.id.endsWith('-passkey-close'), 'focus on Sulje', WAIT);
    expect(requests.filter((r) => r.kind === 'create')).to.have.length(1);
    expect(client.registrations).to.deep.equal([CREDENTIAL.toJSON()]);
    expect(localStorage.getItem(OFFER_DISMISSED_KEY)).to.equal('1');
    await expectNoAxeViolations(el, 'passkey created');
  });

  it('creation cancelled: no error, the offer stays; a server failure has its message', async () => {
    const client = new PasskeyClient();
    const el = await mount(client);
    await signInWithPassword(el);
    await offered(el);
    answers.push(rejectWith('NotAllowedError'));
    getButton(el, 'Luo pääsyavain').click();
    await waitUntil(() => getButton(el, 'Luo pääsyavain').getAttribute('aria-disabled') === 'false', 'back to asking', WAIT);
    expect(alertTexts(el)).to.deep.equal([]);
    client.register = () => Promise.reject(new AuthError('server'));
    getButton(el, 'Luo pääsyavain').click();
    await alertSays(el, FI_ERRORS.server);
    expect(localStorage.getItem(OFFER_DISMISSED_KEY)).to.equal(null);
  });

  it('a passkey that exists already on this device: said as a fact (no error, no "Luo pääsyavain"), "Sulje" focused, not offered again', async () => {
    const client = new PasskeyClient();
    const el = await mount(client);
    await signInWithPassword(el);
    await offered(el);
    answers.push(rejectWith('InvalidStateError'));
    getButton(el, 'Luo pääsyavain').click();
    await waitUntil(() => statusText(el).includes('Tällä laitteella on jo pääsyavain tähän palveluun.'), 'the fact said', WAIT);
    expect(alertTexts(el)).to.deep.equal([]);
    expect(queryButton(el, 'Luo pääsyavain'), 'nothing left to create').to.equal(null);
    await waitUntil(() => deepActiveElement() === getButton(el, 'Sulje'), 'focus on "Sulje"', WAIT);
    expect(localStorage.getItem(OFFER_DISMISSED_KEY), 'not offered again').to.equal('1');
    await expectNoAxeViolations(el, 'passkey exists');
    getButton(el, 'Sulje').click();
    await waitUntil(() => !allText(el).includes('Tällä laitteella on jo pääsyavain'), 'closed', WAIT);
  });
});

describe('passkeys in Swedish and English', () => {
  for (const [locale, signIn, offer] of [
    ['sv', 'Logga in med lösennyckel', 'Skapa en lösennyckel, så loggar du in utan lösenord nästa gång.'],
    ['en', 'Sign in with a passkey', 'Create a passkey, and next time you can sign in without a password.'],
  ] as const) {
    it(`${locale}: the button and the offer`, async () => {
      await runtime.setLocale(locale);
      const client = new PasskeyClient();
      const el = await mount(client, { attrs: { lang: locale } });
      getButton(el, locale === 'sv' ? 'Logga in' : 'Sign in').click();
      await waitUntil(() => queryButton(el, signIn), `"${signIn}"`, WAIT);
      await expectNoAxeViolations(el, `${locale} step 1`);
      queryButton(el, signIn)!.click();
      await waitUntil(() => allText(el).includes(ERKKI.name), 'signed in', WAIT);
      // The offer's words (after a password sign-in, in another element).
      const other = await mount(new PasskeyClient(), { attrs: { lang: locale } });
      getButton(other, locale === 'sv' ? 'Logga in' : 'Sign in').click();
      const input = await waitUntil(() => other.querySelector('input[name=username]'), 'step 1', WAIT).then(() =>
        other.querySelector<HTMLInputElement>('input[name=username]')!,
      );
      typeInto(input, ERKKI.email);
      other.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
      await waitUntil(() => other.querySelector('input[type=password]'), 'step 2', WAIT);
      typeInto(other.querySelector<HTMLInputElement>('input[type=password]')!, 'Salasana123');
      other.querySelector<HTMLButtonElement>('form button[type=submit]')!.click();
      await waitUntil(() => allText(other).includes(offer), 'the offer', WAIT);
      await expectNoAxeViolations(other, `${locale} offer`);
    });
  }
});

describeNeeding('setViewport', 'passkeys at 320 × 640', () => {
  afterEach(async () => {
    await setViewport({ width: 800, height: 600 });
  });

  for (const width of [320, 1280]) {
    it(`at ${width} px: the button and the offer fit in the viewport`, async () => {
      await setViewport({ width, height: width === 320 ? 640 : 800 });
      const client = new PasskeyClient();
      const el = await mount(client);
      const button = await openWithPasskeys(el);
      const box = button.getBoundingClientRect();
      expect(box.left >= 0 && box.right <= innerWidth, `button ${box.left}..${box.right} in ${innerWidth}`).to.equal(true);
      client.verify = () => Promise.reject(new AuthError('unknown_credential'));
      button.click();
      await alertSays(el, FI_ERRORS.unknown_credential);
    });
  }
});
