/**
 * The language chosen in the switch is remembered on the site (issue 13): after a reload, or a
 * round trip through an external sign-in, the element shows it again. Only the language code is
 * stored (localStorage). An explicit `lang` on the element still wins; a canceled language event
 * (the page switches its own language) stores nothing; junk or blocked storage is ignored.
 *
 * A "reload" here is a new element on a page whose localization runtime is back in Finnish.
 */
import { expect, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import { LANGUAGE_CHANGE_EVENT } from '../../src/events.js';
import { FakeAuthClient } from './fake-client.js';
import { flush, getButton, mount, normalize, shadow } from './helpers.js';
import { scaled } from '../browser-timing.js';

const runtime = configureCityLoginLocalization();
const Element = customElements.get('city-login') as typeof CityLogin;
/** A key of this file's own: other test files run on the same origin at the same time. */
const KEY = `city-login-lang-test-${Math.random().toString(36).slice(2)}`;
const WAIT = { timeout: scaled(10_000) };

/** What the bar's language button shows (FIN / SWE / ENG). */
function code(el: CityLogin): string {
  const button = shadow(el).querySelector('[part=language-button]')?.cloneNode(true) as Element | undefined;
  button?.querySelectorAll('span').forEach((span) => span.remove());
  return normalize(button?.textContent);
}

/** FIN ▼ → a language, by mouse. */
async function choose(el: CityLogin, name: 'Suomi' | 'Svenska' | 'English'): Promise<void> {
  shadow(el).querySelector<HTMLButtonElement>('[part=language-button]')!.click();
  await flush(el);
  getButton(el, name).click();
  await flush(el);
}

/** As after a reload: the element gone, the page's runtime back in Finnish, a new element. */
async function reload(el: CityLogin, attrs: Record<string, string> = {}): Promise<CityLogin> {
  el.remove();
  await runtime.setLocale('fi');
  return mount(new FakeAuthClient(), { attrs });
}

describe('the language chosen in the switch', () => {
  let lang: string | null;
  beforeEach(async () => {
    Element.languageKey = KEY;
    localStorage.removeItem(KEY);
    lang = document.documentElement.getAttribute('lang');
    document.documentElement.setAttribute('lang', 'fi');
    await runtime.setLocale('fi');
  });
  afterEach(() => {
    Element.languageKey = null;
    localStorage.removeItem(KEY);
    if (lang === null) document.documentElement.removeAttribute('lang');
    else document.documentElement.setAttribute('lang', lang);
  });

  it('is remembered (only its code) and shown again after a reload, on a page in Finnish', async () => {
    const el = await mount(new FakeAuthClient());
    expect(code(el)).to.equal('FIN');
    await choose(el, 'Svenska');
    await waitUntil(() => code(el) === 'SWE', 'SWE shown', WAIT);
    expect(localStorage.getItem(KEY), 'only the code').to.equal('sv');

    const again = await reload(el);
    await waitUntil(() => code(again) === 'SWE' && runtime.getLocale() === 'sv', 'SWE again after the reload', WAIT);
    getButton(again, 'Logga in');
    // On the element itself, so assistive technology reads its text as Swedish.
    expect(again.getAttribute('lang')).to.equal('sv');
  });

  it('a later choice replaces it (back to Finnish is remembered too)', async () => {
    const el = await mount(new FakeAuthClient());
    await choose(el, 'English');
    await waitUntil(() => code(el) === 'ENG', 'ENG shown', WAIT);
    await choose(el, 'Suomi');
    await waitUntil(() => code(el) === 'FIN', 'FIN shown', WAIT);
    expect(localStorage.getItem(KEY)).to.equal('fi');
    document.documentElement.setAttribute('lang', 'en');
    const again = await reload(el);
    await flush(again);
    expect(code(again), 'the choice beats the page').to.equal('FIN');
  });

  it("the page's own lang on the element still wins", async () => {
    localStorage.setItem(KEY, 'sv');
    const el = await mount(new FakeAuthClient(), { attrs: { lang: 'en' } });
    await waitUntil(() => code(el) === 'ENG', 'ENG (the attribute) shown', WAIT);
    expect(el.getAttribute('lang')).to.equal('en');
    getButton(el, 'Sign in');
  });

  it('a canceled language event (the page switches its own language) stores nothing', async () => {
    const el = await mount(new FakeAuthClient(), { listeners: { [LANGUAGE_CHANGE_EVENT]: (event) => event.preventDefault() } });
    await choose(el, 'Svenska');
    expect(localStorage.getItem(KEY)).to.equal(null);
    expect(code(el)).to.equal('FIN');
  });

  it('junk in the storage is ignored', async () => {
    localStorage.setItem(KEY, '"><img src=x onerror=alert(1)>');
    const el = await mount(new FakeAuthClient());
    expect(el.hasAttribute('lang'), 'no lang set from junk').to.be.false;
    expect(code(el)).to.equal('FIN');
  });

  it('storage that throws (blocked by the browser) is ignored: the switch still works', async () => {
    const { getItem, setItem } = Storage.prototype;
    Storage.prototype.getItem = () => {
      throw new DOMException('blocked', 'SecurityError');
    };
    Storage.prototype.setItem = Storage.prototype.getItem;
    try {
      const el = await mount(new FakeAuthClient());
      expect(code(el)).to.equal('FIN');
      await choose(el, 'Svenska');
      await waitUntil(() => code(el) === 'SWE', 'SWE shown', WAIT);
    } finally {
      Storage.prototype.getItem = getItem;
      Storage.prototype.setItem = setItem;
    }
  });
});
