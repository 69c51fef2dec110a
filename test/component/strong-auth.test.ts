/**
 * Issue 17's single logout and strong identification, as a resident and a host meet them:
 * logout's `{redirect}` goes through the cancelable redirect event (after the sign-out event,
 * only where `redirect-origins` allows); `strong-auth-href` puts "Tunnistaudu vahvasti" first on
 * step 1 (alone with `strong-auth-only`); `user.assurance` reaches the host, never the badge.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import { CityLogin } from '../../src/login/login.js';
import { REDIRECT_EVENT, SIGNED_IN_EVENT, SIGNED_OUT_EVENT, type RedirectEvent, type SignedInEvent } from '../../src/events.js';
import { expectNoAxeViolations } from './axe.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import {
  IDENTIFIER,
  allText,
  continueTo,
  deepActiveElement,
  flush,
  getButton,
  getInput,
  mount,
  queryButton,
  queryInput,
  queryLink,
  shadow,
  typeInto,
} from './helpers.js';
import { scaled } from '../browser-timing.js';

const runtime = configureCityLoginLocalization();
const IDP_LOGOUT = 'https://tunnistus.example.fi/logout?id=1';
const SUPPORT = 'kaupunkitekniikka@espoo.fi';
const STRONG = { 'strong-auth-href': '/tunnistus/aloita', 'strong-auth-name': 'Suomi.fi', 'support-email': SUPPORT };

let fake: FakeAuthClient;
/** Every redirect event of a test, in order with the sign-out events; all are cancelled (the page must not navigate). */
let seen: string[];
function record(event: Event): void {
  if (event.type === REDIRECT_EVENT) {
    event.preventDefault();
    seen.push(`redirect ${JSON.stringify((event as RedirectEvent).detail)}`);
  } else seen.push(event.type);
}

beforeEach(async () => {
  fake = new FakeAuthClient();
  seen = [];
  window.addEventListener(REDIRECT_EVENT, record);
  window.addEventListener(SIGNED_OUT_EVENT, record);
  await runtime.setLocale('fi');
});

afterEach(() => {
  window.removeEventListener(REDIRECT_EVENT, record);
  window.removeEventListener(SIGNED_OUT_EVENT, record);
});

/** Waits until the form's module is here (single logout continues through it). */
async function formModuleLoaded(el: CityLogin): Promise<void> {
  await waitUntil(() => CityLogin.panelModule !== undefined, 'the form module loaded', { timeout: scaled(10_000) });
  await flush(el);
}

describe('single logout: logout answers where the identity provider ends its session', () => {
  it('signs out here first, then fires a cancelable city-login-redirect {url, purpose: sign-out}; cancelled, the resident stays, signed out', async () => {
    fake.answer('session', ERKKI).answer('signOut', { redirect: IDP_LOGOUT });
    const el = await mount(fake, { attrs: { 'redirect-origins': 'https://tunnistus.example.fi' } });
    let cancelable = false;
    el.addEventListener(REDIRECT_EVENT, (event) => (cancelable = event.cancelable));
    const redirected = oneEvent(el, REDIRECT_EVENT) as Promise<RedirectEvent>;
    getButton(el, 'Kirjaudu ulos').click();
    await redirected;
    expect(seen).to.deep.equal([SIGNED_OUT_EVENT, `redirect ${JSON.stringify({ url: IDP_LOGOUT, purpose: 'sign-out' })}`]);
    expect(cancelable, 'cancelable').to.be.true;
    await flush(el);
    expect(el.user).to.be.null;
    getButton(el, 'Kirjaudu sisään');
    expect(location.href).not.to.contain('tunnistus.example.fi');
  });

  it('an origin that redirect-origins does not allow: signed out here, no redirect, a warning for the developer', async () => {
    fake.answer('session', ERKKI).answer('signOut', { redirect: 'https://evil.example.com/logout' });
    const warnings: string[] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warnings.push(args.join(' '));
    try {
      const el = await mount(fake, { attrs: { 'redirect-origins': 'https://tunnistus.example.fi' } });
      getButton(el, 'Kirjaudu ulos').click();
      await waitUntil(() => seen.includes(SIGNED_OUT_EVENT), 'signed out');
      await formModuleLoaded(el);
      await waitUntil(() => warnings.some((w) => w.includes('refused a redirect (origin)')), 'warned');
      expect(seen).to.deep.equal([SIGNED_OUT_EVENT]);
      getButton(el, 'Kirjaudu sisään');
    } finally {
      console.warn = warn;
    }
  });

  it('by default (no redirect-origins) the page’s own origin is allowed, another is not', async () => {
    fake.answer('session', ERKKI).answer('signOut', { redirect: `${location.origin}/tunnistus-demo?uloskirjautuminen` });
    const el = await mount(fake);
    const redirected = oneEvent(el, REDIRECT_EVENT) as Promise<RedirectEvent>;
    getButton(el, 'Kirjaudu ulos').click();
    expect((await redirected).detail).to.deep.equal({ url: `${location.origin}/tunnistus-demo?uloskirjautuminen`, purpose: 'sign-out' });
  });

  it('a logout without redirect (204) fires no redirect event', async () => {
    fake.answer('session', ERKKI);
    const el = await mount(fake);
    getButton(el, 'Kirjaudu ulos').click();
    await waitUntil(() => seen.includes(SIGNED_OUT_EVENT), 'signed out');
    await formModuleLoaded(el);
    expect(seen).to.deep.equal([SIGNED_OUT_EVENT]);
  });

  it('identify’s redirect says purpose: sign-in', async () => {
    fake.answer('identify', { next: 'redirect', url: 'https://sso.example.fi/start' });
    const el = await mount(fake, { inline: true, attrs: { 'redirect-origins': 'https://sso.example.fi' } });
    const redirected = oneEvent(el, REDIRECT_EVENT) as Promise<RedirectEvent>;
    typeInto(getInput(el, IDENTIFIER), 'sso@espoo.fi');
    getButton(el, 'Jatka').click();
    expect((await redirected).detail).to.deep.equal({ url: 'https://sso.example.fi/start', purpose: 'sign-in' });
  });
});

/** The strong-identification link, found by its name. */
function strongLink(el: CityLogin, name: string): HTMLAnchorElement {
  const link = queryLink(el, name);
  expect(link, `a link "${name}"`).to.exist;
  return link!;
}

describe('strong identification on step 1 (strong-auth-href)', () => {
  it('offers "Tunnistaudu vahvasti: Suomi.fi" first, before the password copy and the identifier field, as a plain link', async () => {
    const el = await mount(fake, { inline: true, attrs: STRONG });
    const link = strongLink(el, 'Tunnistaudu vahvasti: Suomi.fi');
    expect(link.href).to.equal(new URL('/tunnistus/aloita', location.href).href);
    expect(link.getAttribute('part')).to.equal('strong-auth-link');
    const notice = shadow(el).querySelector('[part=notice]')!;
    const slot = shadow(el).querySelector('slot[name=form]')!;
    expect(link.compareDocumentPosition(notice) & Node.DOCUMENT_POSITION_FOLLOWING, 'before the notice').to.be.ok;
    expect(link.compareDocumentPosition(slot) & Node.DOCUMENT_POSITION_FOLLOWING, 'before the form').to.be.ok;
    expect(queryInput(el, IDENTIFIER), 'the password path stays').to.exist;
    await expectNoAxeViolations(el, 'step 1 with strong identification');
  });

  it('without a provider name: "Tunnistaudu vahvasti"; not on step 2', async () => {
    const el = await mount(fake, { inline: true, attrs: { 'strong-auth-href': '/tunnistus/aloita' } });
    strongLink(el, 'Tunnistaudu vahvasti');
    await continueTo(el, ERKKI.email);
    expect(queryLink(el, 'Tunnistaudu vahvasti')).to.be.null;
  });

  it('an unsafe strong-auth-href gives no link', async () => {
    const el = await mount(fake, { inline: true, attrs: { 'strong-auth-href': 'javascript:alert(1)' } });
    expect(allText(el)).not.to.contain('Tunnistaudu vahvasti');
  });

  for (const [lang, text] of [
    ['sv', 'Logga in med stark autentisering: Suomi.fi'],
    ['en', 'Sign in with strong identification: Suomi.fi'],
  ] as const) {
    it(`in ${lang}: "${text}"`, async () => {
      const el = await mount(fake, { inline: true, attrs: { ...STRONG, lang } });
      await waitUntil(() => queryLink(el, text) !== null, `the ${lang} link`, { timeout: scaled(10_000) });
    });
  }
});

describe('strong identification only (strong-auth-only)', () => {
  it('step 1 is the link alone: no identifier, no forgotten-password link; opening the dialog focuses it', async () => {
    const el = await mount(fake, { attrs: { ...STRONG, 'strong-auth-only': true } });
    getButton(el, 'Kirjaudu sisään').click();
    await flush(el);
    const link = strongLink(el, 'Tunnistaudu vahvasti: Suomi.fi');
    await waitUntil(() => deepActiveElement() === link, 'focus on the strong-identification link', { timeout: scaled(10_000) });
    expect(queryInput(el, IDENTIFIER)).to.be.null;
    expect(el.querySelector('form'), 'no light-DOM form').to.be.null;
    expect(queryButton(el, 'Unohtuiko käyttäjätunnus tai salasana?'), 'no forgotten-password link').to.be.null;
    expect(allText(el)).not.to.contain('Unohtuiko');
    expect(allText(el)).not.to.contain('Kirjautumisjärjestelmä on hiljattain muuttunut');
    expect(allText(el), 'the contact line stays').to.contain(SUPPORT);
    await expectNoAxeViolations(el, 'strong identification only');
  });

  it('without a usable strong-auth-href the password form stays', async () => {
    const el = await mount(fake, { inline: true, attrs: { 'strong-auth-only': true } });
    expect(queryInput(el, IDENTIFIER)).to.exist;
  });
});

describe('assurance: how strongly the resident was identified', () => {
  it('reaches the user property and the signed-in event, never the badge', async () => {
    fake.answer('session', { ...ERKKI, assurance: 'strong' });
    let detail: SignedInEvent['detail'] | undefined;
    const el = await mount(fake, { listeners: { [SIGNED_IN_EVENT]: (event) => (detail = (event as SignedInEvent).detail) } });
    expect(el.user?.assurance).to.equal('strong');
    expect(detail?.user.assurance).to.equal('strong');
    expect(allText(el)).not.to.match(/strong|vahv/i);
  });
});
