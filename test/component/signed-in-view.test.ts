/**
 * Issue 13, signed in: the badge link says that it opens the account settings (its name ends in
 * ", omat tiedot"; what is seen stays "Name (email)"), and `inline`
 * keeps a real panel when signed in: its heading, "Olet kirjautunut sisään." with the badge, and
 * "Jatka palveluun" to the return address (`return-href`, else the page's `?return=` or
 * `?next=`), offered only for the page's own origin and never followed by itself. fi, sv and en;
 * axe; 320 px.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import { REDIRECT_EVENT } from '../../src/events.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import { expectNoAxeViolations } from './axe.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import {
  accessibleName,
  continueTo,
  deepActiveElement,
  flush,
  getButton,
  mount,
  normalize,
  queryInput,
  queryLink,
  shadow,
  submitPassword,
  IDENTIFIER,
  type MountOptions,
} from './helpers.js';
import { scaled } from '../browser-timing.js';
import { words } from '../fixtures/texts.js';

const runtime = configureCityLoginLocalization();
const WAIT = { timeout: scaled(10_000) };
const BADGE = `${ERKKI.name} (${ERKKI.email})`;
const isChromium = /Chrom(e|ium)\//.test(navigator.userAgent);

/** What the signed-in view says, by the message ids of locales/*.xlf; each language's text is read from there. */
const IDS = {
  account: 'badge.account',
  title: 'title.sign-in',
  signedIn: 'notice.signed-in',
  onward: 'action.return',
  signOut: 'action.sign-out',
} as const;
const T = { fi: words('fi', IDS), sv: words('sv', IDS), en: words('en', IDS) };
type Lang = keyof typeof T;

/** Signed in on load, in `lang`, with account-href (and `options`). */
async function signedIn(lang: Lang, options: MountOptions = {}): Promise<CityLogin> {
  const el = await mount(new FakeAuthClient().answer('session', ERKKI), {
    ...options,
    attrs: { 'account-href': '/omat-tiedot', lang, ...options.attrs },
  });
  await waitUntil(() => runtime.getLocale() === lang, `the runtime in ${lang}`, WAIT);
  await waitUntil(() => normalize(shadow(el).textContent).includes(T[lang].signOut), `the view in ${lang}`, WAIT);
  await flush(el);
  return el;
}

function badge(el: CityLogin): HTMLAnchorElement {
  const link = shadow(el).querySelector<HTMLAnchorElement>('a[part=badge]');
  if (!link) throw new Error('no badge link');
  return link;
}

/** What the panel shows (rendered text of the shadow root's panel). */
function panelText(el: CityLogin): string {
  return normalize(shadow(el).querySelector<HTMLElement>('section[part=panel]')?.innerText);
}

function onward(el: CityLogin): HTMLAnchorElement | null {
  return shadow(el).querySelector<HTMLAnchorElement>('[part=return-link]');
}

/** Adds `params` to the page's address for one test (restored after it; the runner's own stay). */
let address = '';
function withSearch(params: string): void {
  address ||= location.href;
  const url = new URL(address);
  for (const [name, value] of new URLSearchParams(params)) url.searchParams.append(name, value);
  history.replaceState(history.state, '', url.href);
}

afterEach(async () => {
  if (address) history.replaceState(history.state, '', address);
  address = '';
  await setViewport({ width: 800, height: 600 }).catch(() => undefined);
});

describe('the badge link says it opens the account settings', () => {
  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`${lang}: named "${BADGE}, ${T[lang].account}"; seen as "${BADGE}"`, async () => {
      const el = await signedIn(lang);
      const link = badge(el);
      expect(accessibleName(link)).to.equal(`${BADGE}, ${T[lang].account}`);
      expect(queryLink(el, `${BADGE}, ${T[lang].account}`)).to.equal(link);
      // Seen: the name and address only; the name begins with what is seen (WCAG 2.5.3).
      expect(normalize(link.textContent)).to.equal(BADGE);
      expect(normalize(link.innerText)).to.equal(BADGE);
      await expectNoAxeViolations(el, `badge ${lang}`);
    });
  }

  it('keeps focus on the badge when the page changes the language; its name follows', async () => {
    const el = await signedIn('fi');
    const link = badge(el);
    link.focus();
    el.lang = 'sv';
    await waitUntil(() => accessibleName(badge(el)) === `${BADGE}, ${T.sv.account}`, 'the badge named in Swedish', WAIT);
    expect(badge(el)).to.equal(link);
    expect(deepActiveElement()).to.equal(link);
  });

  it('without account-href the badge is text: nothing said about settings', async () => {
    const el = await mount(new FakeAuthClient().answer('session', ERKKI));
    const plain = shadow(el).querySelector('[part=badge]')!;
    expect(plain.localName).to.equal('span');
    expect(normalize(plain.textContent)).to.equal(BADGE);
  });
});

describe('inline, signed in: the panel stays, says so, and offers the way on', () => {
  for (const lang of ['fi', 'sv', 'en'] as const) {
    it(`${lang}: the heading, "${T[lang].signedIn}" with the badge, "${T[lang].onward}" and "${T[lang].signOut}"`, async () => {
      const el = await signedIn(lang, { inline: true, attrs: { 'return-href': '/palvelu/hakemus?id=7' } });
      const title = shadow(el).querySelector('[part=title]')!;
      expect(normalize(title.textContent)).to.equal(T[lang].title);
      expect(title.getAttribute('role')).to.equal('heading');
      const region = shadow(el).querySelector('section[part=panel]')!;
      expect(region.getAttribute('aria-labelledby')).to.equal(title.id);
      expect(panelText(el)).to.contain(T[lang].signedIn);
      expect(region.contains(badge(el)), 'the badge in the panel').to.be.true;
      const link = onward(el)!;
      expect(normalize(link.textContent)).to.equal(T[lang].onward);
      expect(link.href).to.equal(new URL('/palvelu/hakemus?id=7', location.href).href);
      getButton(el, T[lang].signOut);
      await expectNoAxeViolations(el, `inline signed in ${lang}`);
    });
  }

  it('the return address from the page: ?return=, else ?next=; return-href wins', async () => {
    withSearch('next=/seuraava&return=%2Fpalvelu%3Fa%3D1');
    let el = await signedIn('fi', { inline: true });
    expect(onward(el)!.href).to.equal(new URL('/palvelu?a=1', location.href).href);
    el.remove();
    withSearch('next=/seuraava');
    history.replaceState(
      history.state,
      '',
      (() => {
        const u = new URL(location.href);
        u.searchParams.delete('return');
        return u.href;
      })(),
    );
    el = await signedIn('fi', { inline: true });
    expect(onward(el)!.href).to.equal(new URL('/seuraava', location.href).href);
    el.remove();
    el = await signedIn('fi', { inline: true, attrs: { 'return-href': '/oma' } });
    expect(onward(el)!.href).to.equal(new URL('/oma', location.href).href);
  });

  for (const [what, value] of [
    ['another origin', 'https://evil.example/palvelu'],
    ['a protocol-relative other host', '//evil.example/'],
    ['javascript:', 'javascript:alert(1)'],
    ['data:', 'data:text/html,<p>x</p>'],
    ['credentials', `${location.protocol}//user:pass@${location.host}/palvelu`],
    ['more than 2 048 characters', `/palvelu?${'a'.repeat(2100)}`],
  ] as const) {
    it(`not offered: ${what} (the panel still says signed in; one warning)`, async () => {
      const warnings: unknown[][] = [];
      const warn = console.warn;
      console.warn = (...args: unknown[]) => void warnings.push(args);
      try {
        withSearch(`return=${encodeURIComponent(value)}`);
        const el = await signedIn('fi', { inline: true });
        expect(onward(el)).to.equal(null);
        expect(panelText(el)).to.contain(T.fi.signedIn);
        expect(normalize(shadow(el).innerHTML)).not.to.contain('evil.example');
        expect(warnings.filter((w) => String(w[0]).includes('return address')).length).to.equal(1);
      } finally {
        console.warn = warn;
      }
    });
  }

  it('without a return address: no link, the rest stays', async () => {
    const el = await signedIn('fi', { inline: true });
    expect(onward(el)).to.equal(null);
    expect(panelText(el)).to.contain(T.fi.signedIn);
    getButton(el, T.fi.signOut);
  });

  it('signing in through the form ends there, focus on the badge; nothing navigates or redirects', async () => {
    const redirects: Event[] = [];
    const before = location.href;
    const el = await mount(new FakeAuthClient(), {
      inline: true,
      attrs: { 'account-href': '/omat-tiedot', 'return-href': '/palvelu' },
      listeners: { [REDIRECT_EVENT]: (e) => redirects.push(e) },
    });
    await continueTo(el, ERKKI.email);
    await submitPassword(el, 'Salasana123');
    await waitUntil(() => onward(el), 'Jatka palveluun', WAIT);
    await waitUntil(() => deepActiveElement() === badge(el), 'focus on the badge', WAIT);
    expect(redirects).to.have.length(0);
    expect(location.href).to.equal(before);
    // Signing out brings the form back in the same panel.
    getButton(el, T.fi.signOut).click();
    await flush(el);
    await waitUntil(() => queryInput(el, IDENTIFIER), 'the form again', WAIT);
  });

  (isChromium ? it : it.skip)(
    '320 × 640: heading, confirmation, badge, the link and sign-out inside the viewport, no overflow',
    async () => {
      await setViewport({ width: 320, height: 640 });
      const el = await signedIn('sv', { inline: true, attrs: { 'return-href': '/palvelu' } });
      for (const part of ['[part=title]', '[part=confirmation]', '[part=badge]', '[part=return-link]', '[part=sign-out-button]']) {
        const box = shadow(el).querySelector(part)!.getBoundingClientRect();
        expect(box.left >= 0 && box.right <= 320 && box.top >= 0 && box.bottom <= 640, `${part} in view: ${JSON.stringify(box)}`).to.be
          .true;
      }
      expect(document.documentElement.scrollWidth).to.be.at.most(320);
    },
  );
});
