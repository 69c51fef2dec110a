/**
 * <city-login> in Finnish (source), Swedish and English: every step, status and
 * error as a resident reads or hears it in each language; the language switch
 * (FIN / SWE / ENG) by mouse and keyboard; switching mid-flow without losing
 * anything; which `lang` wins; the cancelable language event; and the
 * `Accept-Language` the built-in HTTP client sends. Every state of
 * test/fixtures/states.ts is swept in sv and en for Finnish left in the view.
 *
 * The expected texts are read from locales/sv.xlf and locales/en.xlf (the
 * `<target>`s, and the `<source>`s for Finnish) by message id, through
 * test/fixtures/texts.ts: a test fails if what is rendered is not that file's
 * text in that language (a stale build, a message left unlocalized or under the
 * wrong id), and the lookup throws if a translation goes missing. A reworded
 * translation no longer needs this file to change; the Finnish of the seed's
 * strings stays pinned (test/fixtures/seed-fi.ts, test/node/locales.test.ts).
 */
import { aTimeout, expect, fixture, html, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import { http, HttpResponse } from 'msw';
import { setupWorker } from 'msw/browser';
import '../../src/define.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import type { AuthErrorCode } from '../../src/auth/auth-client.js';
import { LANGUAGE_CHANGE_EVENT, REDIRECT_EVENT, type LanguageChangeEvent } from '../../src/events.js';
import { between, text, words } from '../fixtures/texts.js';
import { UI_IDS } from '../fixtures/xliff.js';
import { BAR_STATES, MODES, PANEL_STATES, reachState, type Kit } from '../fixtures/states.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import {
  alerts,
  alertTexts,
  allText,
  deepActiveElement,
  dialog,
  flush,
  getButton,
  getInput,
  isRendered,
  mount,
  normalize,
  queryInput,
  queryLink,
  shadow,
  statusText,
  submitButton,
  theAlert,
  typeInto,
  type MountOptions,
} from './helpers.js';
import { scaled } from '../browser-timing.js';

// Page-global, once per page (the element never configures @lit/localize itself).
const runtime = configureCityLoginLocalization();

type Lang = 'fi' | 'sv' | 'en';
const LANGS: readonly Lang[] = ['fi', 'sv', 'en'];

type ShownError =
  | 'identifier_required'
  | 'password_required'
  | 'email_required'
  | 'email_invalid'
  | 'invalid_credentials'
  | 'locked'
  | 'rate_limited'
  | 'delivery_failed'
  | 'session_expired'
  | 'offline'
  | 'network'
  | 'timeout'
  | 'server'
  | 'bad_response'
  | 'unexpected';

interface Words {
  /** The switch's visible code, and the rest of its accessible name. */
  code: string;
  choose: string;
  title: string;
  signIn: string;
  signOut: string;
  close: string;
  retry: string;
  identifier: string;
  password: string;
  email: string;
  remember: string;
  continue: string;
  send: string;
  forgot: string;
  back: string;
  change: string;
  changeName: string;
  show: string;
  showName: string;
  hide: string;
  hideName: string;
  shownSaid: string;
  notice: string;
  authority: string;
  helpLine: string;
  helpLink: string;
  signupLine: string;
  signupLink: string;
  contact: string;
  /** Under a message that already says to get in touch: the address's label alone. */
  contactEmail: string;
  passwordHint: string;
  forgotHint: string;
  sent: string;
  step1: string;
  step2: string;
  stepForgot: string;
  checking: string;
  identifying: string;
  signingIn: string;
  sending: string;
  signingOut: string;
  signedOut: string;
  retryReady: string;
  checkFailed: string;
  signOutFailed: string;
  errors: Record<ShownError, string>;
  /** The wait sentence after a 429: 1 s, 45 s, 119 s, 120 s (2 min), 90 000 s (1 500 min, grouped per locale). */
  wait: { 1: string; 45: string; 119: string; 120: string; 90000: string };
}

/** The texts of `Words` that are each one whole message without placeholders, by message id in locales/*.xlf. */
const IDS = {
  ...UI_IDS,
  choose: 'language.choose',
  change: 'action.change',
  changeName: 'action.change-identifier',
  show: 'action.show',
  showName: 'action.show-password',
  hide: 'action.hide',
  hideName: 'action.hide-password',
  shownSaid: 'status.password-shown',
  notice: 'intro.notice',
  authority: 'intro.authority',
  contact: 'contact.line',
  contactEmail: 'contact.email',
  passwordHint: 'intro.password',
  forgotHint: 'intro.forgot',
  sent: 'intro.forgot-sent',
  step1: 'step.identify',
  step2: 'step.password',
  stepForgot: 'step.forgot',
  checking: 'status.checking',
  identifying: 'status.identifying',
  signingIn: 'status.signing-in',
  sending: 'status.sending',
  signingOut: 'status.signing-out',
  signedOut: 'notice.signed-out',
  retryReady: 'notice.retry-ready',
  checkFailed: 'error.check-failed',
  signOutFailed: 'error.sign-out-failed',
} as const satisfies Partial<Record<keyof Words, string>>;

const ERROR_IDS = {
  identifier_required: 'error.identifier-required',
  password_required: 'error.password-required',
  email_required: 'error.email-required',
  email_invalid: 'error.email-invalid',
  invalid_credentials: 'error.invalid-credentials',
  locked: 'error.locked',
  rate_limited: 'error.rate-limited',
  delivery_failed: 'error.delivery-failed',
  session_expired: 'error.session-expired',
  offline: 'error.offline',
  network: 'error.network',
  timeout: 'error.timeout',
  server: 'error.server',
  bad_response: 'error.bad-response',
  unexpected: 'error.unexpected',
} as const satisfies Record<ShownError, string>;

/** The switch's codes: not messages (never translated; src/login/login.types.ts, as in the seed), so typed here. */
const CODES: Record<Lang, string> = { fi: 'FIN', sv: 'SWE', en: 'ENG' };

/** 1 500 as each locale groups it (Intl's no-break space in fi and sv; normalize() makes it a space): the test's number, not copy. */
const GROUPED_1500: Record<Lang, string> = { fi: '1 500', sv: '1 500', en: '1,500' };

/** What a resident reads and hears in `lang`: read from locales/*.xlf (Finnish is the source; sv and en the targets). */
function wordsIn(lang: Lang): Words {
  return {
    ...words(lang, IDS),
    code: CODES[lang],
    // Derived from messages with link placeholders. The help paragraph as seen: the words, without
    // the screen-reader-only "(opens in a new tab)" (placeholders 1–2); the link's name has it.
    helpLine: text(lang, 'intro.help', { 0: '', 1: '', 2: '' }).replace(between(lang, 'intro.help', '1', '2'), ''),
    helpLink: between(lang, 'intro.help', '0', '2'),
    signupLine: text(lang, 'intro.signup', { 0: '', 1: '' }),
    signupLink: between(lang, 'intro.signup', '0', '1'),
    errors: words(lang, ERROR_IDS),
    // The plural form each count takes, and its number as the locale writes it, are the test's own.
    wait: {
      1: text(lang, 'wait.seconds.one', { n: 1 }),
      45: text(lang, 'wait.seconds.other', { n: 45 }),
      119: text(lang, 'wait.seconds.other', { n: 119 }),
      120: text(lang, 'wait.minutes.other', { n: 2 }),
      90000: text(lang, 'wait.minutes.other', { n: GROUPED_1500[lang] }),
    },
  };
}

const T: Record<Lang, Words> = { fi: wordsIn('fi'), sv: wordsIn('sv'), en: wordsIn('en') };

/** What the badge link adds to its name: it opens the account settings. */
const ACCOUNT: Record<Lang, string> = { fi: text('fi', 'badge.account'), sv: text('sv', 'badge.account'), en: text('en', 'badge.account') };

/** Each language named in itself, with its own `lang`. */
const OPTIONS: ReadonlyArray<{ lang: Lang; name: string }> = [
  { lang: 'fi', name: 'Suomi' },
  { lang: 'sv', name: 'Svenska' },
  { lang: 'en', name: 'English' },
];

/** The element's other error messages (no flow here shows them), whose Finnish may not be left in a view either. */
const OTHER_ERROR_IDS = [
  'passkey.error.unknown',
  'error.redirected',
  'error.invalid-token',
  'error.expired-token',
  'error.weak-password',
  'error.breached-password',
  'error.new-password-required',
  'error.password-mismatch',
] as const;

/** Every Finnish text of the table (but the switch's code), and those errors: none may be left in a Swedish or English view. */
const FINNISH: readonly string[] = (() => {
  const { code: _code, errors, wait, ...rest } = T.fi;
  return [...Object.values(rest), ...Object.values(errors), ...OTHER_ERROR_IDS.map((id) => text('fi', id)), ...Object.values(wait)];
})();

const SUPPORT = 'kaupunkitekniikka@espoo.fi';
const LINES = { 'help-href': '/ohje.pdf', 'signup-href': '/rekisteroidy', 'support-email': SUPPORT };

// ------------------------------------------------------------------ set-up

/** Safety net: nothing in this file may navigate the test page. */
function cancelRedirect(event: Event): void {
  event.preventDefault();
}
before(() => window.addEventListener(REDIRECT_EVENT, cancelRedirect));
after(() => window.removeEventListener(REDIRECT_EVENT, cancelRedirect));

/** Ancestors with a `lang` a test appended to the body; removed after each test. */
const ancestors: HTMLElement[] = [];

// The locale is page-global: every test starts in Finnish, whatever the one before did.
beforeEach(async () => {
  await runtime.setLocale('fi');
  expect(runtime.getLocale(), 'the runtime starts in fi').to.equal('fi');
});

afterEach(() => {
  for (const ancestor of ancestors.splice(0)) ancestor.remove();
});

/** Waits until the page-global runtime shows `lang` and the element has rendered in it. */
async function settleIn(el: CityLogin, lang: Lang): Promise<void> {
  await waitUntil(() => runtime.getLocale() === lang, `the runtime is in ${lang} (it is in ${runtime.getLocale()})`, {
    timeout: scaled(5000),
  });
  await flush(el);
  await waitUntil(() => toggleCodes(el).every((code) => code === T[lang].code), `the switch shows ${T[lang].code}`, {
    timeout: scaled(2000),
  });
}

/** Mounts with `lang` on the element (and the optional lines), and waits until it shows that language. */
async function mountIn(fake: FakeAuthClient, lang: Lang, options: MountOptions = {}): Promise<CityLogin> {
  const el = await mount(fake, { ...options, attrs: { ...LINES, ...options.attrs, lang } });
  await settleIn(el, lang);
  return el;
}

/** Creates `<div lang=…>` in the body (removed after the test). */
function ancestorWithLang(lang: string): HTMLDivElement {
  const div = document.createElement('div');
  div.setAttribute('lang', lang);
  document.body.append(div);
  ancestors.push(div);
  return div;
}

/** Mounts an inline `<city-login>` (no own `lang`) inside `parent`, using `fake`. */
async function mountInside(parent: HTMLElement, fake: FakeAuthClient, attrs: Record<string, string> = {}): Promise<CityLogin> {
  const el = document.createElement('city-login');
  (el.constructor as typeof CityLogin).sessionCheckRetryDelays = [];
  el.auth = fake;
  el.setAttribute('inline', '');
  for (const [name, value] of Object.entries(attrs)) el.setAttribute(name, value);
  parent.append(el);
  await el.updateComplete;
  await flush(el);
  return el;
}

// ------------------------------------------------------------------ queries

/** Text as heard: `aria-hidden` parts left out. */
function spokenText(element: Element): string {
  const clone = element.cloneNode(true) as Element;
  clone.querySelectorAll('[aria-hidden="true"]').forEach((hidden) => hidden.remove());
  return normalize(clone.textContent);
}

/** Text as seen: screen-reader-only parts left out. */
function seenText(element: Element): string {
  const clone = element.cloneNode(true) as Element;
  clone.querySelectorAll('.sr-only').forEach((hidden) => hidden.remove());
  return normalize(clone.textContent);
}

type Place = 'bar' | 'panel';

/** The rendered language toggles. */
function toggles(el: CityLogin): HTMLButtonElement[] {
  return [...shadow(el).querySelectorAll<HTMLButtonElement>('[part=language-button]')].filter(isRendered);
}

/** The visible code on each rendered toggle ("FIN"). */
function toggleCodes(el: CityLogin): string[] {
  return toggles(el).map((toggle) => normalize(seenText(toggle).replace('▼', '')));
}

function toggleAt(el: CityLogin, place: Place): HTMLButtonElement {
  const toggle = shadow(el).querySelector<HTMLButtonElement>(`[part=language-button][data-place=${place}]`);
  if (!toggle || !isRendered(toggle)) throw new Error(`No language toggle rendered in the ${place}`);
  return toggle;
}

function listOf(toggle: HTMLButtonElement): HTMLElement {
  const id = toggle.getAttribute('aria-controls');
  const list = id ? (toggle.getRootNode() as ShadowRoot).getElementById(id) : null;
  if (!list) throw new Error(`The toggle controls no element (aria-controls=${JSON.stringify(id)})`);
  return list;
}

function optionsOf(toggle: HTMLButtonElement): HTMLButtonElement[] {
  return [...listOf(toggle).querySelectorAll<HTMLButtonElement>('button')];
}

function option(toggle: HTMLButtonElement, name: string): HTMLButtonElement {
  const found = optionsOf(toggle).find((button) => spokenText(button) === name);
  if (!found) throw new Error(`No language option "${name}"; options: ${JSON.stringify(optionsOf(toggle).map(spokenText))}`);
  return found;
}

/** Chooses a language with the mouse: the toggle, then the option. */
async function choose(el: CityLogin, place: Place, name: string): Promise<void> {
  const toggle = toggleAt(el, place);
  toggle.click();
  await flush(el);
  expect(toggle.getAttribute('aria-expanded'), 'list open').to.equal('true');
  const chosen = option(toggle, name);
  expect(isRendered(chosen), `"${name}" shown`).to.be.true;
  chosen.click();
  await flush(el);
}

/** Fails when a Finnish text shows in a Swedish or English view. */
function expectNoFinnish(el: CityLogin, lang: Lang): void {
  if (lang === 'fi') return;
  const text = allText(el);
  const left = FINNISH.filter((finnish) => text.includes(finnish));
  expect(left, `Finnish left in the ${lang} view`).to.deep.equal([]);
}

/** Fails unless the view is in `lang`: the runtime, the element's `lang`, and no part of it marked as another language (but the switch's options, each in itself). */
function expectViewIn(el: CityLogin, lang: Lang): void {
  expect(runtime.getLocale(), 'the runtime').to.equal(lang);
  expect(el.closest('[lang]')?.getAttribute('lang'), "the view's lang").to.equal(lang);
  const others = [...shadow(el).querySelectorAll('[lang]'), ...el.querySelectorAll('[lang]')]
    .filter((part) => part.getAttribute('lang') !== lang && !part.closest('[part=language-list]'))
    .map((part) => `<${part.localName} lang="${part.getAttribute('lang')}">`);
  expect(others, `parts not in ${lang}`).to.deep.equal([]);
}

function heading(el: CityLogin): string {
  return normalize(shadow(el).querySelector('[role=heading]')?.textContent);
}

/** Step 1 → step 2 in `t`'s words. */
async function toPassword(el: CityLogin, t: Words, identifier: string = ERKKI.email): Promise<HTMLInputElement> {
  typeInto(getInput(el, t.identifier), identifier);
  getButton(el, t.continue).click();
  await flush(el);
  return getInput(el, t.password);
}

async function toForgot(el: CityLogin, t: Words): Promise<void> {
  getButton(el, t.forgot).click();
  await flush(el);
  getInput(el, t.email);
}

async function submit(el: CityLogin): Promise<void> {
  submitButton(el).click();
  await flush(el);
}

function recordLanguageEvents(target: EventTarget): LanguageChangeEvent[] {
  const seen: LanguageChangeEvent[] = [];
  target.addEventListener(LANGUAGE_CHANGE_EVENT, (event) => seen.push(event as LanguageChangeEvent));
  return seen;
}

// ------------------------------------------------------------------ 1. every text in every language

for (const lang of LANGS) {
  const t = T[lang];

  describe(`<city-login lang="${lang}">: what a resident reads`, () => {
    let fake: FakeAuthClient;
    beforeEach(() => {
      fake = new FakeAuthClient();
    });

    it('step 1: title, field, buttons, forgot link, notice, authority, help, signup and contact lines', async () => {
      const el = await mountIn(fake, lang, { inline: true });
      expect(heading(el)).to.equal(t.title);
      const input = getInput(el, t.identifier);
      expect(input.readOnly).to.be.false;
      expect(normalize(submitButton(el).textContent)).to.equal(t.continue);
      getButton(el, t.continue);
      getButton(el, t.forgot);
      const text = allText(el);
      expect(text).to.contain(t.notice);
      expect(text).to.contain(t.authority);
      expect(text).to.contain(`${t.contact} ${SUPPORT}`);
      // The help line reads as one sentence; its link says (to screen readers) that it opens a new tab.
      const help = queryLink(el, t.helpLink);
      expect(help, `help link "${t.helpLink}"`).to.exist;
      expect(seenText(help!.closest('p')!)).to.equal(t.helpLine);
      const signup = queryLink(el, t.signupLink);
      expect(signup, `signup link "${t.signupLink}"`).to.exist;
      expect(normalize(signup!.closest('p')!.textContent)).to.equal(t.signupLine);
      // The form is named by its step (a live region's first text is not announced; the form's name is read on entry).
      const formLabel = el.querySelector('form')!.getAttribute('aria-labelledby')!;
      expect(normalize(el.querySelector(`[id="${formLabel}"]`)?.textContent), 'the form named by its step').to.equal(t.step1);
      expect(statusText(el), 'not in the live region from the start').not.to.contain(t.step1);
      expect(alertTexts(el)).to.deep.equal([]);
      expectNoFinnish(el, lang);
    });

    it('step 1 is accessible', async () => {
      const el = await mountIn(fake, lang, { inline: true });
      await expect(el).to.be.accessible();
    });

    it('header use: the sign-in button, and the dialog with its title and close button', async () => {
      const el = await mountIn(fake, lang);
      const opener = getButton(el, t.signIn);
      expect(opener.getAttribute('aria-haspopup')).to.equal('dialog');
      opener.click();
      await flush(el);
      const d = dialog(el)!;
      expect(d.open, 'dialog open').to.be.true;
      expect(normalize(shadow(el).getElementById(d.getAttribute('aria-labelledby') ?? '')?.textContent)).to.equal(t.title);
      getButton(el, t.close);
      getInput(el, t.identifier);
      expectNoFinnish(el, lang);
    });

    it('step 2: hint, password field, show password, remember me, submit, and the change button', async () => {
      const el = await mountIn(fake, lang, { inline: true });
      const password = await toPassword(el, t);
      expect(password.type).to.equal('password');
      expect(allText(el)).to.contain(t.passwordHint);
      const identifier = getInput(el, t.identifier);
      expect(identifier.readOnly).to.be.true;
      expect(identifier.value).to.equal(ERKKI.email);
      expect(getInput(el, t.remember).type).to.equal('checkbox');
      expect(normalize(submitButton(el).textContent)).to.equal(t.signIn);
      const change = getButton(el, t.changeName);
      expect(normalize(change.textContent), 'visible text of the change button').to.equal(t.change);
      expect(t.changeName.startsWith(t.change), 'the visible text starts the accessible name').to.be.true;
      const show = getButton(el, t.showName);
      expect(normalize(show.textContent)).to.equal(t.show);
      expect(statusText(el), 'step announced').to.contain(t.step2);
      expectNoFinnish(el, lang);
      // Shown: the button says what it will do now, and the change is said.
      show.click();
      await flush(el);
      const hide = getButton(el, t.hideName);
      expect(normalize(hide.textContent)).to.equal(t.hide);
      expect(statusText(el), 'password shown, said').to.contain(t.shownSaid);
      expectNoFinnish(el, lang);
      // "Change" goes back to step 1 in the same language.
      change.click();
      await flush(el);
      expect(getInput(el, t.identifier).readOnly).to.be.false;
      getButton(el, t.continue);
    });

    it('step 2 with an error is accessible', async () => {
      const el = await mountIn(fake, lang, { inline: true });
      await toPassword(el, t);
      fake.fail('signIn', 'invalid_credentials');
      typeInto(getInput(el, t.password), 'väärä');
      await submit(el);
      expect(alertTexts(el)).to.deep.equal([t.errors.invalid_credentials]);
      await expect(el).to.be.accessible();
    });

    it('forgot: title, hint, email field, send and back; then the confirmation', async () => {
      const el = await mountIn(fake, lang, { inline: true });
      await toForgot(el, t);
      expect(heading(el)).to.equal(t.stepForgot);
      expect(allText(el)).to.contain(t.forgotHint);
      expect(getInput(el, t.email).type).to.equal('email');
      expect(normalize(submitButton(el).textContent)).to.equal(t.send);
      getButton(el, t.back);
      expect(statusText(el), 'step announced').to.contain(t.stepForgot);
      expectNoFinnish(el, lang);

      typeInto(getInput(el, t.email), ERKKI.email);
      await submit(el);
      expect(fake.count('requestPasswordReset')).to.equal(1);
      expect(heading(el)).to.equal(t.stepForgot);
      const sent = shadow(el).querySelector('[part=notice]');
      expect(normalize(sent?.textContent)).to.equal(t.sent);
      getButton(el, t.back).click();
      await flush(el);
      expect(heading(el)).to.equal(t.title);
      getInput(el, t.identifier);
    });

    it('forgot is accessible', async () => {
      const el = await mountIn(fake, lang, { inline: true });
      await toForgot(el, t);
      await expect(el).to.be.accessible();
    });

    it('signed in: the badge and the sign-out button; signed out: the notice', async () => {
      fake.answer('session', ERKKI);
      const el = await mountIn(fake, lang, { attrs: { 'account-href': '/omat-tiedot' } });
      expect(queryLink(el, `${ERKKI.name} (${ERKKI.email}), ${ACCOUNT[lang]}`), 'badge').to.exist;
      const signOut = getButton(el, t.signOut);
      expectNoFinnish(el, lang);
      signOut.click();
      await flush(el);
      getButton(el, t.signIn);
      expect(statusText(el)).to.contain(t.signedOut);
    });

    it('signed in is accessible', async () => {
      fake.answer('session', ERKKI);
      const el = await mountIn(fake, lang, { attrs: { 'account-href': '/omat-tiedot' } });
      getButton(el, t.signOut);
      await expect(el).to.be.accessible();
    });

    it('statuses while waiting: checking, identifying, signing in, sending, signing out', async () => {
      // The header bar while the session check runs (an inline page shows its form meanwhile).
      const session = fake.defer('session');
      const bar = await mount(fake, { noFlush: true, attrs: { lang } });
      await waitUntil(() => runtime.getLocale() === lang, `the runtime is in ${lang}`, { timeout: scaled(5000) });
      await flush(bar);
      expect(statusText(bar)).to.contain(t.checking);
      session.resolve(null);
      await flush(bar);
      bar.remove();

      const el = await mount(fake, { inline: true, attrs: { lang } });

      const identify = fake.defer('identify');
      typeInto(getInput(el, t.identifier), ERKKI.email);
      getButton(el, t.continue).click();
      await flush(el);
      expect(statusText(el)).to.contain(t.identifying);
      identify.resolve({ next: 'password' });
      await flush(el);

      const signIn = fake.defer('signIn');
      typeInto(getInput(el, t.password), 'x');
      await submit(el);
      expect(statusText(el)).to.contain(t.signingIn);
      signIn.reject(new Error('cancelled by the test'));
      await flush(el);

      await toForgot(el, t);
      const reset = fake.defer('requestPasswordReset');
      typeInto(getInput(el, t.email), ERKKI.email);
      await submit(el);
      expect(statusText(el)).to.contain(t.sending);
      reset.resolve(undefined);
      await flush(el);

      const signedIn = await mountIn(new FakeAuthClient().answer('session', ERKKI), lang);
      const signOutFake = signedIn.auth as FakeAuthClient;
      const out = signOutFake.defer('signOut');
      getButton(signedIn, t.signOut).click();
      await flush(signedIn);
      expect(statusText(signedIn)).to.contain(t.signingOut);
      out.resolve(undefined);
      await flush(signedIn);
    });

    describe('every error', () => {
      it('identifier_required', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await submit(el);
        expect(alertTexts(el)).to.deep.equal([t.errors.identifier_required]);
        expect(getInput(el, t.identifier).getAttribute('aria-invalid')).to.equal('true');
      });

      it('password_required', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toPassword(el, t);
        await submit(el);
        expect(alertTexts(el)).to.deep.equal([t.errors.password_required]);
      });

      it('email_required and email_invalid', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toForgot(el, t);
        typeInto(getInput(el, t.email), '');
        await submit(el);
        expect(alertTexts(el)).to.deep.equal([t.errors.email_required]);
        typeInto(getInput(el, t.email), 'erkki.example.com');
        await submit(el);
        expect(alertTexts(el)).to.deep.equal([t.errors.email_invalid]);
        expect(fake.count('requestPasswordReset')).to.equal(0);
      });

      it('invalid_credentials', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toPassword(el, t);
        fake.fail('signIn', 'invalid_credentials');
        typeInto(getInput(el, t.password), 'väärä');
        await submit(el);
        expect(alertTexts(el)).to.deep.equal([t.errors.invalid_credentials]);
        expectNoFinnish(el, lang);
      });

      it('locked, with the support address (the message says to get in touch)', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toPassword(el, t);
        fake.fail('signIn', 'locked');
        typeInto(getInput(el, t.password), 'x');
        await submit(el);
        expect(normalize(theAlert(el).textContent)).to.equal(`${t.errors.locked} ${t.contactEmail} ${SUPPORT}`);
      });

      it('delivery_failed, with the support address (the message says to get in touch)', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toForgot(el, t);
        fake.fail('requestPasswordReset', 'delivery_failed');
        typeInto(getInput(el, t.email), ERKKI.email);
        await submit(el);
        expect(normalize(theAlert(el).textContent)).to.equal(`${t.errors.delivery_failed} ${t.contactEmail} ${SUPPORT}`);
        expectNoFinnish(el, lang);
      });

      for (const seconds of [45, 119, 120, 90000] as const) {
        it(`rate_limited with a wait of ${seconds} s`, async () => {
          const el = await mountIn(fake, lang, { inline: true });
          await toPassword(el, t);
          fake.fail('signIn', 'rate_limited', { retryAfterSeconds: seconds });
          typeInto(getInput(el, t.password), 'x');
          await submit(el);
          expect(normalize(theAlert(el).textContent)).to.equal(`${t.errors.rate_limited} ${t.wait[seconds]}`);
          expectNoFinnish(el, lang);
        });
      }

      it('rate_limited with a wait of 1 s (singular), then "you can try again"', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toPassword(el, t);
        fake.fail('signIn', 'rate_limited', { retryAfterSeconds: 1 });
        typeInto(getInput(el, t.password), 'x');
        await submit(el);
        expect(normalize(theAlert(el).textContent)).to.equal(`${t.errors.rate_limited} ${t.wait[1]}`);
        await waitUntil(() => statusText(el).includes(t.retryReady), `"${t.retryReady}" once the wait is over`, { timeout: scaled(4000) });
        expect(alertTexts(el)).to.deep.equal([]);
      });

      it('the number in the wait is formatted per locale (1 500 / 1,500)', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        await toPassword(el, t);
        fake.fail('signIn', 'rate_limited', { retryAfterSeconds: 90000 });
        typeInto(getInput(el, t.password), 'x');
        await submit(el);
        const raw = theAlert(el).textContent ?? '';
        if (lang === 'en') expect(raw).to.contain('1,500');
        else expect(/1[\u00a0\u202f]500/.test(raw), `grouped with a no-break space: ${JSON.stringify(raw)}`).to.be.true;
      });

      for (const code of [
        'offline',
        'network',
        'timeout',
        'server',
        'bad_response',
        'unexpected',
      ] as const satisfies readonly AuthErrorCode[]) {
        it(`${code} (identify failed)`, async () => {
          const el = await mountIn(fake, lang, { inline: true });
          fake.fail('identify', code);
          typeInto(getInput(el, t.identifier), ERKKI.email);
          getButton(el, t.continue).click();
          await flush(el);
          expect(alertTexts(el)).to.deep.equal([t.errors[code]]);
          expectNoFinnish(el, lang);
        });
      }

      it('unexpected (a plain Error from the client)', async () => {
        const el = await mountIn(fake, lang, { inline: true });
        fake.fail('identify', new Error('boom'));
        typeInto(getInput(el, t.identifier), ERKKI.email);
        getButton(el, t.continue).click();
        await flush(el);
        expect(alertTexts(el)).to.deep.equal([t.errors.unexpected]);
      });

      it('check-failed: the title, the reason and "try again"', async () => {
        fake.fail('session', 'server');
        const el = await mountIn(fake, lang);
        expect(normalize(theAlert(el).textContent)).to.equal(`${t.checkFailed} ${t.errors.server}`);
        getButton(el, t.retry).click();
        await flush(el);
        getButton(el, t.signIn);
        expect(alertTexts(el)).to.deep.equal([]);
      });

      it('sign-out failed: the title and the reason', async () => {
        fake.answer('session', ERKKI);
        fake.fail('signOut', 'network');
        const el = await mountIn(fake, lang);
        getButton(el, t.signOut).click();
        await flush(el);
        expect(normalize(theAlert(el).textContent)).to.equal(`${t.signOutFailed} ${t.errors.network}`);
        expectNoFinnish(el, lang);
      });

      it('session_expired on sign-out: signed out, with the notice', async () => {
        fake.answer('session', ERKKI);
        fake.fail('signOut', 'session_expired');
        const el = await mountIn(fake, lang);
        getButton(el, t.signOut).click();
        await flush(el);
        getButton(el, t.signIn);
        expect(statusText(el)).to.contain(t.errors.session_expired);
        expectNoFinnish(el, lang);
      });
    });
  });
}

// ------------------------------------------------------------------ 1b. every state, in sv and en

/** The page's tools for the list of states (test/fixtures/states.ts): this file's mount, with the account link too. */
const KIT: Kit = {
  ui: { alerts, dialog, flush, getButton, getInput, isRendered, normalize, queryInput, shadow, submitButton, typeInto },
  expect,
  words,
  mountIn: (fake, lang, options = {}) => mountIn(fake, lang, { ...options, attrs: { 'account-href': '/omat-tiedot', ...options.attrs } }),
};

describe('every state of test/fixtures/states.ts in sv and en: no Finnish text left, and the view in that language', () => {
  let fake: FakeAuthClient;
  // The state "redirecting to an external sign-in" follows its redirect: a fragment of this page
  // (SSO_URL), so the page stays. The file's safety net would cancel it; not here.
  before(() => window.removeEventListener(REDIRECT_EVENT, cancelRedirect));
  after(() => window.addEventListener(REDIRECT_EVENT, cancelRedirect));
  beforeEach(() => {
    fake = new FakeAuthClient();
  });
  afterEach(() => {
    if (location.hash) history.replaceState(null, '', `${location.pathname}${location.search}`);
  });

  for (const lang of ['sv', 'en'] as const) {
    describe(`in ${lang}`, () => {
      for (const state of BAR_STATES) {
        it(`header bar: ${state.name}`, async () => {
          const el = await reachState(KIT, state, fake, lang);
          expectNoFinnish(el, lang);
          expectViewIn(el, lang);
        });
      }
      for (const mode of MODES) {
        for (const state of PANEL_STATES) {
          it(`${mode}: ${state.name}`, async () => {
            const el = await reachState(KIT, state, fake, lang, mode);
            expectNoFinnish(el, lang);
            expectViewIn(el, lang);
          });
        }
      }
    });
  }
});

// ------------------------------------------------------------------ 2. the language switch

describe('the language switch', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });

  for (const lang of LANGS) {
    it(`in ${lang}: shows ${T[lang].code}, is a button with aria-expanded whose name contains the code, lists the languages in themselves`, async () => {
      const el = await mountIn(fake, lang, { inline: true });
      const toggle = toggleAt(el, 'panel');
      expect(toggle.tagName).to.equal('BUTTON');
      expect(toggle.type).to.equal('button');
      expect(seenText(toggle).replace('▼', '').trim(), 'visible code').to.equal(T[lang].code);
      const name = toggle.getAttribute('aria-label') ?? spokenText(toggle);
      expect(name.startsWith(T[lang].code), `accessible name "${name}" starts with the visible code`).to.be.true;
      expect(name).to.equal(`${T[lang].code}, ${T[lang].choose}`);
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
      expect(isRendered(listOf(toggle)), 'list hidden').to.be.false;

      toggle.click();
      await flush(el);
      expect(toggle.getAttribute('aria-expanded')).to.equal('true');
      expect(isRendered(listOf(toggle)), 'list shown').to.be.true;
      const options = optionsOf(toggle);
      expect(options.map(spokenText)).to.deep.equal(OPTIONS.map((o) => o.name));
      expect(options.map((o) => o.getAttribute('lang'))).to.deep.equal(OPTIONS.map((o) => o.lang));
      expect(options.map((o) => o.getAttribute('aria-current'))).to.deep.equal(OPTIONS.map((o) => (o.lang === lang ? 'true' : 'false')));
      expect(options.every((o) => o.type === 'button')).to.be.true;

      toggle.click();
      await flush(el);
      expect(toggle.getAttribute('aria-expanded')).to.equal('false');
    });
  }

  it('is present in the header bar, in the dialog header, in the inline panel and when signed in', async () => {
    const header = await mount(fake);
    expect(toggleCodes(header)).to.deep.equal(['FIN']);
    toggleAt(header, 'bar');
    getButton(header, 'Kirjaudu sisään').click();
    await flush(header);
    expect(dialog(header)!.open).to.be.true;
    const inDialog = toggleAt(header, 'panel');
    expect(inDialog.closest('dialog'), 'in the dialog').to.exist;
    expect(inDialog.closest('[part=header]'), "in the dialog's header").to.exist;

    const inline = await mount(new FakeAuthClient(), { inline: true });
    expect(toggleAt(inline, 'panel').closest('[part=header]'), 'in the panel header').to.exist;
    expect(toggleCodes(inline)).to.deep.equal(['FIN']);

    const signedIn = await mount(new FakeAuthClient().answer('session', ERKKI));
    getButton(signedIn, 'Kirjaudu ulos');
    expect(toggleAt(signedIn, 'bar').closest('[part=base]'), 'in the bar').to.exist;
    expect(toggleCodes(signedIn)).to.deep.equal(['FIN']);
  });

  it('no-language-switch hides it', async () => {
    const el = await mount(fake, { inline: true, attrs: { 'no-language-switch': true } });
    expect(toggles(el)).to.have.length(0);
  });

  it('signed in, it switches the language (the resident stays signed in)', async () => {
    fake.answer('session', ERKKI);
    const el = await mount(fake);
    await choose(el, 'bar', 'English');
    await settleIn(el, 'en');
    getButton(el, T.en.signOut);
    expect(el.user?.email).to.equal(ERKKI.email);
    await waitUntil(() => deepActiveElement() === toggleAt(el, 'bar'), 'focus on the toggle');
  });

  it('works by keyboard: Enter opens, Tab reaches the options, Enter chooses; focus returns to the toggle', async () => {
    const el = await mount(fake, { inline: true });
    const toggle = toggleAt(el, 'panel');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await flush(el);
    expect(toggle.getAttribute('aria-expanded'), 'Enter opens').to.equal('true');
    await sendKeys({ press: 'Tab' });
    expect(normalize(deepActiveElement()?.textContent), 'Tab reaches the first option').to.equal('Suomi');
    await sendKeys({ press: 'Tab' });
    expect(normalize(deepActiveElement()?.textContent)).to.equal('Svenska');
    await sendKeys({ press: 'Enter' });
    await settleIn(el, 'sv');
    expect(toggle.getAttribute('aria-expanded'), 'closed after choosing').to.equal('false');
    getInput(el, T.sv.identifier);
    await waitUntil(() => deepActiveElement() === toggle, 'focus back on the toggle');
  });

  it('works by keyboard: Space opens the list', async () => {
    const el = await mount(fake, { inline: true });
    const toggle = toggleAt(el, 'panel');
    toggle.focus();
    // ' ' is the Space key in every engine's driver (Firefox's refuses the name 'Space').
    await sendKeys({ press: ' ' });
    await flush(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    expect(isRendered(listOf(toggle))).to.be.true;
  });

  it('Escape closes the list, not the dialog, and focus returns to the toggle', async () => {
    const el = await mount(fake);
    getButton(el, 'Kirjaudu sisään').click();
    await flush(el);
    const toggle = toggleAt(el, 'panel');
    toggle.focus();
    await sendKeys({ press: 'Enter' });
    await flush(el);
    await sendKeys({ press: 'Tab' });
    expect(normalize(deepActiveElement()?.textContent)).to.equal('Suomi');
    await sendKeys({ press: 'Escape' });
    await flush(el);
    expect(toggle.getAttribute('aria-expanded'), 'list closed').to.equal('false');
    expect(isRendered(listOf(toggle)), 'list hidden').to.be.false;
    expect(dialog(el)!.open, 'dialog still open').to.be.true;
    await waitUntil(() => deepActiveElement() === toggle, 'focus back on the toggle');
    // A second Escape (list closed) closes the dialog as usual.
    await sendKeys({ press: 'Escape' });
    await flush(el);
    expect(dialog(el)!.open, 'dialog closed').to.be.false;
  });

  it('the list closes when focus leaves it', async () => {
    const el = await mount(fake, { inline: true });
    const toggle = toggleAt(el, 'panel');
    toggle.focus();
    toggle.click();
    await flush(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('true');
    getInput(el, 'Sähköpostiosoite / käyttäjätunnus').focus();
    await flush(el);
    expect(toggle.getAttribute('aria-expanded')).to.equal('false');
  });
});

// ------------------------------------------------------------------ 3. switching keeps the state

describe('switching the language keeps the state', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });

  it('step 2: identifier, typed password, remember me, the error (now in Swedish), and focus on the toggle', async () => {
    const el = await mount(fake, { inline: true });
    const fi = T.fi;
    await toPassword(el, fi);
    fake.fail('signIn', 'invalid_credentials');
    getInput(el, fi.remember).click();
    typeInto(getInput(el, fi.password), 'väärä');
    await submit(el);
    expect(alertTexts(el)).to.deep.equal([fi.errors.invalid_credentials]);
    // The rejected password was cleared; the resident types a new one.
    typeInto(getInput(el, fi.password), 'Uusi-yritys 2');
    expect(getInput(el, fi.remember).checked, 'remember checked').to.be.true;

    await choose(el, 'panel', 'Svenska');
    await settleIn(el, 'sv');
    const sv = T.sv;
    expect(statusText(el)).not.to.contain(sv.step1);
    const identifier = getInput(el, sv.identifier);
    expect(identifier.value).to.equal(ERKKI.email);
    expect(identifier.readOnly, 'still step 2').to.be.true;
    expect(getInput(el, sv.password).value, 'the typed password').to.equal('Uusi-yritys 2');
    expect(getInput(el, sv.remember).checked, 'remember still checked').to.be.true;
    expect(alertTexts(el)).to.deep.equal([sv.errors.invalid_credentials]);
    expect(getInput(el, sv.password).getAttribute('aria-invalid')).to.equal('true');
    expect(allText(el)).to.contain(sv.passwordHint);
    await waitUntil(() => deepActiveElement() === toggleAt(el, 'panel'), 'focus on the language toggle');
    expect(el.getAttribute('lang')).to.equal('sv');
    expectNoFinnish(el, 'sv');

    // And what is sent afterwards is what the resident sees.
    await submit(el);
    expect(fake.last('signIn')!.arg).to.deep.equal({ username: ERKKI.email, password: 'Uusi-yritys 2', remember: true });
  });

  it('step 1: the typed identifier and an error', async () => {
    const el = await mount(fake, { inline: true });
    await submit(el);
    expect(alertTexts(el)).to.deep.equal([T.fi.errors.identifier_required]);
    await choose(el, 'panel', 'English');
    await settleIn(el, 'en');
    expect(alertTexts(el)).to.deep.equal([T.en.errors.identifier_required]);
    await waitUntil(() => deepActiveElement() === toggleAt(el, 'panel'), 'focus on the language toggle');
    // Typed (which fixes the error), then back to Finnish: what was typed stays.
    typeInto(getInput(el, T.en.identifier), 'virve.viranom');
    await choose(el, 'panel', 'Suomi');
    await settleIn(el, 'fi');
    expect(getInput(el, T.fi.identifier).value).to.equal('virve.viranom');
    expect(alertTexts(el)).to.deep.equal([]);
  });

  it('a panel error (rate_limited with its wait) is re-rendered in the new language', async () => {
    const el = await mount(fake, { inline: true });
    await toPassword(el, T.fi);
    fake.fail('signIn', 'rate_limited', { retryAfterSeconds: 90000 });
    typeInto(getInput(el, T.fi.password), 'x');
    await submit(el);
    expect(normalize(theAlert(el).textContent)).to.equal(`${T.fi.errors.rate_limited} ${T.fi.wait[90000]}`);
    await choose(el, 'panel', 'English');
    await settleIn(el, 'en');
    expect(normalize(theAlert(el).textContent)).to.equal(`${T.en.errors.rate_limited} ${T.en.wait[90000]}`);
  });

  it('in the dialog, at the forgot step with a typed email: the dialog stays open, the email stays, focus on the toggle', async () => {
    const el = await mount(fake);
    getButton(el, 'Kirjaudu sisään').click();
    await flush(el);
    await toForgot(el, T.fi);
    typeInto(getInput(el, T.fi.email), 'erkki@exa');
    await choose(el, 'panel', 'Svenska');
    await settleIn(el, 'sv');
    expect(dialog(el)!.open, 'dialog still open').to.be.true;
    expect(heading(el)).to.equal(T.sv.stepForgot);
    expect(getInput(el, T.sv.email).value).to.equal('erkki@exa');
    getButton(el, T.sv.back);
    getButton(el, T.sv.close);
    await waitUntil(() => deepActiveElement() === toggleAt(el, 'panel'), 'focus on the toggle in the dialog');
    // Sending it now shows the error in Swedish.
    await submit(el);
    expect(alertTexts(el)).to.deep.equal([T.sv.errors.email_invalid]);
  });

  it('in the dialog at step 2: the dialog stays open and the password stays', async () => {
    const el = await mount(fake);
    getButton(el, 'Kirjaudu sisään').click();
    await flush(el);
    await toPassword(el, T.fi);
    typeInto(getInput(el, T.fi.password), 'salainen');
    await choose(el, 'panel', 'English');
    await settleIn(el, 'en');
    expect(dialog(el)!.open, 'dialog still open').to.be.true;
    expect(getInput(el, T.en.password).value).to.equal('salainen');
    expect(getInput(el, T.en.identifier).value).to.equal(ERKKI.email);
  });

  it('the forgot-sent confirmation stays', async () => {
    const el = await mount(fake, { inline: true });
    await toForgot(el, T.fi);
    typeInto(getInput(el, T.fi.email), ERKKI.email);
    await submit(el);
    await choose(el, 'panel', 'English');
    await settleIn(el, 'en');
    expect(normalize(shadow(el).querySelector('[part=notice]')?.textContent)).to.equal(T.en.sent);
    getButton(el, T.en.back);
  });
});

// ------------------------------------------------------------------ 4. which lang wins

describe('`lang`', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });

  it("the element's own lang wins over an ancestor's", async () => {
    const el = await mountInside(ancestorWithLang('en'), fake, { lang: 'sv' });
    await settleIn(el, 'sv');
    getInput(el, T.sv.identifier);
    getButton(el, T.sv.continue);
  });

  it('without its own lang, the nearest ancestor lang is used', async () => {
    const outer = ancestorWithLang('sv');
    const inner = document.createElement('section');
    inner.setAttribute('lang', 'en');
    outer.append(inner);
    const el = await mountInside(inner, fake);
    await settleIn(el, 'en');
    expect(el.hasAttribute('lang'), 'no own lang').to.be.false;
    getInput(el, T.en.identifier);
  });

  it('an ancestor lang with a region (sv-FI) is used', async () => {
    const el = await mountInside(ancestorWithLang('sv-FI'), fake);
    await settleIn(el, 'sv');
    getButton(el, T.sv.continue);
    expect(el.hasAttribute('lang'), 'no own lang').to.be.false;
  });

  it('given no lang, the element does not set lang="" on itself', async () => {
    const el = await mountInside(ancestorWithLang('sv'), fake);
    await settleIn(el, 'sv');
    expect(el.getAttribute('lang'), 'no own lang attribute').to.equal(null);
    expect(el.closest('[lang]')?.getAttribute('lang'), 'the language assistive technology uses').to.equal('sv');
  });

  it('a quick change back wins while the other language is still loading', async () => {
    const el = await mount(fake, { inline: true, attrs: { lang: 'fi' } });
    // The Swedish chunk takes a while to arrive (slow network).
    const setLocale = runtime.setLocale;
    runtime.setLocale = (locale: string) => aTimeout(150).then(() => setLocale(locale));
    try {
      el.setAttribute('lang', 'sv');
      await el.updateComplete;
      el.setAttribute('lang', 'fi');
      await el.updateComplete;
      await aTimeout(400);
      await flush(el);
      expect(runtime.getLocale(), 'the last wish').to.equal('fi');
      getButton(el, T.fi.continue);
    } finally {
      runtime.setLocale = setLocale;
    }
  });

  it('an unknown language falls back to Finnish', async () => {
    const el = await mount(fake, { inline: true, attrs: { lang: 'en' } });
    await settleIn(el, 'en');
    el.setAttribute('lang', 'de');
    await settleIn(el, 'fi');
    getInput(el, T.fi.identifier);
    getButton(el, T.fi.continue);
  });

  it('an unknown ancestor language falls back to Finnish', async () => {
    await runtime.setLocale('en');
    const el = await mountInside(ancestorWithLang('de-AT'), fake);
    await settleIn(el, 'fi');
    getButton(el, T.fi.continue);
  });

  it('changing the lang attribute switches the text (no event)', async () => {
    const el = await mount(fake, { inline: true });
    const events = recordLanguageEvents(window);
    getButton(el, T.fi.continue);
    el.setAttribute('lang', 'en');
    await settleIn(el, 'en');
    getButton(el, T.en.continue);
    el.setAttribute('lang', 'sv');
    await settleIn(el, 'sv');
    getButton(el, T.sv.continue);
    expect(events.length, 'no language event').to.equal(0);
  });

  it("changing an ancestor's lang switches the text", async () => {
    const ancestor = ancestorWithLang('sv');
    const el = await mountInside(ancestor, fake);
    await settleIn(el, 'sv');
    ancestor.setAttribute('lang', 'en');
    await settleIn(el, 'en');
    getButton(el, T.en.continue);
    ancestor.removeAttribute('lang');
    await settleIn(el, 'fi');
    getButton(el, T.fi.continue);
  });
});

// ------------------------------------------------------------------ 5. the event

describe('city-login-language-change', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });

  it('choosing a language fires it with {locale}, bubbling and composed; the element then sets its own lang', async () => {
    const el = await mount(fake, { inline: true });
    const events = recordLanguageEvents(window);
    const state: { langWhenFired: string | null } = { langWhenFired: 'sv' };
    el.addEventListener(LANGUAGE_CHANGE_EVENT, () => (state.langWhenFired = el.getAttribute('lang')));
    await choose(el, 'panel', 'Svenska');
    expect(events.length, 'one event, seen on window').to.equal(1);
    const event = events[0]!;
    expect(JSON.stringify(event.detail)).to.equal('{"locale":"sv"}');
    expect(event.bubbles, 'bubbles').to.be.true;
    expect(event.composed, 'composed').to.be.true;
    expect(event.cancelable, 'cancelable').to.be.true;
    expect(state.langWhenFired, 'fired before the switch').not.to.equal('sv');
    await settleIn(el, 'sv');
    expect(el.getAttribute('lang')).to.equal('sv');
    expect(el.lang).to.equal('sv');
    getButton(el, T.sv.continue);
  });

  it('cancelled: the element does not switch and its lang is unchanged', async () => {
    const el = await mount(fake, { inline: true });
    const langBefore = el.getAttribute('lang');
    expect(langBefore, 'no lang of its own').to.equal(null);
    const cancel = (event: Event) => event.preventDefault();
    window.addEventListener(LANGUAGE_CHANGE_EVENT, cancel);
    try {
      await choose(el, 'panel', 'English');
      await aTimeout(200);
      await flush(el);
      expect(el.getAttribute('lang'), 'lang unchanged').to.equal(langBefore);
      expect(runtime.getLocale()).to.equal('fi');
      expect(toggleCodes(el)).to.deep.equal(['FIN']);
      getButton(el, T.fi.continue);
      expect(toggleAt(el, 'panel').getAttribute('aria-expanded'), 'list closed').to.equal('false');
      await waitUntil(() => deepActiveElement() === toggleAt(el, 'panel'), 'focus on the toggle');
    } finally {
      window.removeEventListener(LANGUAGE_CHANGE_EVENT, cancel);
    }
  });

  it('cancelled with an own lang: that lang stays', async () => {
    const el = await mountIn(fake, 'sv', { inline: true });
    el.addEventListener(LANGUAGE_CHANGE_EVENT, (event) => event.preventDefault());
    await choose(el, 'panel', 'English');
    await aTimeout(200);
    await flush(el);
    expect(el.getAttribute('lang')).to.equal('sv');
    expect(runtime.getLocale()).to.equal('sv');
    getButton(el, T.sv.continue);
  });

  it('a host that cancels can switch by setting lang itself', async () => {
    const el = await mount(fake, { inline: true });
    el.addEventListener(LANGUAGE_CHANGE_EVENT, (event) => {
      event.preventDefault();
      el.lang = event.detail.locale;
    });
    await choose(el, 'panel', 'English');
    await settleIn(el, 'en');
    getButton(el, T.en.continue);
  });

  it('not fired when lang is set programmatically', async () => {
    const el = await mount(fake, { inline: true });
    const events = recordLanguageEvents(window);
    el.lang = 'sv';
    await settleIn(el, 'sv');
    getButton(el, T.sv.continue);
    expect(events.length).to.equal(0);
  });

  it('choosing the current language fires nothing and changes nothing', async () => {
    const el = await mountIn(fake, 'en', { inline: true });
    const events = recordLanguageEvents(window);
    await choose(el, 'panel', 'English');
    await aTimeout(50);
    expect(events.length).to.equal(0);
    expect(el.getAttribute('lang')).to.equal('en');
    getButton(el, T.en.continue);
    expect(toggleAt(el, 'panel').getAttribute('aria-expanded')).to.equal('false');
  });

  it('choosing Finnish under an ancestor in Swedish fires the event and sets lang="fi"', async () => {
    const el = await mountInside(ancestorWithLang('sv'), fake);
    await settleIn(el, 'sv');
    const events = recordLanguageEvents(window);
    await choose(el, 'panel', 'Suomi');
    expect(events.map((e) => e.detail.locale)).to.deep.equal(['fi']);
    await settleIn(el, 'fi');
    expect(el.getAttribute('lang')).to.equal('fi');
    getButton(el, T.fi.continue);
  });
});

// ------------------------------------------------------------------ 6. Accept-Language

describe('the built-in HTTP client sends the current language', () => {
  const ENDPOINT = '/i18n-auth';
  const worker = setupWorker();
  const seen: Array<{ path: string; language: string | null }> = [];

  before(async () => {
    await worker.start({ quiet: true, onUnhandledRequest: 'bypass' });
  });

  after(() => {
    worker.stop();
  });

  beforeEach(() => {
    seen.length = 0;
    const record = (request: Request) =>
      seen.push({ path: new URL(request.url).pathname, language: request.headers.get('accept-language') });
    worker.use(
      http.get(`${ENDPOINT}/session`, ({ request }) => {
        record(request);
        return HttpResponse.json({ error: 'unauthenticated' }, { status: 401 });
      }),
      http.post(`${ENDPOINT}/identify`, ({ request }) => {
        record(request);
        return HttpResponse.json({ next: 'password' });
      }),
      http.post(`${ENDPOINT}/password-reset`, ({ request }) => {
        record(request);
        return new HttpResponse(null, { status: 202 });
      }),
    );
  });

  afterEach(() => {
    worker.resetHandlers();
  });

  /** `<city-login inline endpoint="/i18n-auth">` with the built-in client. */
  async function mountReal(): Promise<CityLogin> {
    const el = document.createElement('city-login');
    (el.constructor as typeof CityLogin).sessionCheckRetryDelays = [];
    el.setAttribute('inline', '');
    el.setAttribute('endpoint', ENDPOINT);
    await fixture(html`${el}`);
    await waitUntil(() => queryInput(el, T.fi.identifier) !== null, 'the form', { timeout: scaled(5000) });
    await waitUntil(() => seen.length > 0, 'the session check behind the form', { timeout: scaled(5000) });
    await flush(el);
    return el;
  }

  it('Accept-Language: fi, then sv after switching to Swedish (identify and password reset)', async () => {
    const el = await mountReal();
    expect(seen).to.deep.equal([{ path: `${ENDPOINT}/session`, language: 'fi' }]);

    await choose(el, 'panel', 'Svenska');
    await settleIn(el, 'sv');
    typeInto(getInput(el, T.sv.identifier), ERKKI.email);
    getButton(el, T.sv.continue).click();
    await waitUntil(() => queryInput(el, T.sv.password) !== null, 'password step', { timeout: scaled(5000) });
    expect(seen[1]).to.deep.equal({ path: `${ENDPOINT}/identify`, language: 'sv' });

    await toForgot(el, T.sv);
    await submit(el);
    await waitUntil(() => seen.length === 3, 'the reset request', { timeout: scaled(5000) });
    expect(seen[2]).to.deep.equal({ path: `${ENDPOINT}/password-reset`, language: 'sv' });
    await waitUntil(() => normalize(shadow(el).querySelector('[part=notice]')?.textContent) === T.sv.sent, 'confirmation in Swedish', {
      timeout: scaled(5000),
    });
  });

  it('Accept-Language: en when the page is in English', async () => {
    const el = await mountReal();
    el.lang = 'en';
    await settleIn(el, 'en');
    typeInto(getInput(el, T.en.identifier), 'virve.viranomainen');
    getButton(el, T.en.continue).click();
    await waitUntil(() => seen.some((s) => s.path.endsWith('/identify')), 'the identify request', { timeout: scaled(5000) });
    expect(seen.find((s) => s.path.endsWith('/identify'))!.language).to.equal('en');
  });
});
