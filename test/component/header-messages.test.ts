/**
 * The header bar's messages (issue 13): "sign-out failed", "session check failed" and the notice
 * "Olet kirjautunut ulos." show in a popover under the bar. It never changes the host's layout
 * (the host's height is the same before and after: the site's logo and navigation stay put),
 * the × ("Sulje ilmoitus") or Escape dismisses it, and what it says is announced (an alert for
 * an error, the polite status region, present before, for the notice). In fi, sv and en, at
 * 320 px and on a desktop, with axe in each state.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys, setViewport } from '@web/test-runner-commands';
import '../../src/define.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import { expectNoAxeViolations } from './axe.js';
import { describeNeeding } from './engine.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import { alerts, deepActiveElement, flush, getButton, isRendered, mount, normalize, queryButton, shadow } from './helpers.js';
import { scaled } from '../browser-timing.js';
import { words } from '../fixtures/texts.js';

const runtime = configureCityLoginLocalization();
const WAIT = { timeout: scaled(10_000) };

/** What the bar says, by the message ids of locales/*.xlf; each language's text is read from there. */
const IDS = {
  signOut: 'action.sign-out',
  signIn: 'action.sign-in',
  dismiss: 'action.dismiss',
  signedOut: 'notice.signed-out',
  failed: 'error.sign-out-failed',
  checkFailed: 'error.check-failed',
  retry: 'action.retry',
} as const;
const T = { fi: words('fi', IDS), sv: words('sv', IDS), en: words('en', IDS) };
type Lang = keyof typeof T;

/** The popover under the bar, when shown. */
function popover(el: CityLogin): HTMLElement | null {
  const pop = shadow(el).querySelector<HTMLElement>('[part=message].pop');
  return pop && isRendered(pop) ? pop : null;
}

function height(el: CityLogin): number {
  return el.getBoundingClientRect().height;
}

/** Mounts in `lang` (a page in that language) and waits until the bar speaks it. */
async function mountIn(fake: FakeAuthClient, lang: Lang, button: string): Promise<CityLogin> {
  await runtime.setLocale(lang);
  const el = await mount(fake, { attrs: { lang } });
  await waitUntil(() => queryButton(el, button), `"${button}" in ${lang}`, WAIT);
  return el;
}

/** Every corner of `box` inside a width × height viewport. */
function inside(box: DOMRect, width: number, heightPx: number): boolean {
  return box.left >= 0 && box.top >= 0 && box.right <= width + 0.5 && box.bottom <= heightPx + 0.5;
}

describe('the header bar’s messages: a popover that never moves the page', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });
  afterEach(async () => {
    await runtime.setLocale('fi');
  });

  for (const lang of ['fi', 'sv', 'en'] as const) {
    const t = T[lang];

    it(`${lang}: sign-out failed: the host keeps its height; the alert in a popover; × dismisses it, focus back on the bar`, async () => {
      fake.answer('session', ERKKI);
      fake.fail('signOut', 'network');
      const el = await mountIn(fake, lang, t.signOut);
      const before = height(el);
      const signOut = getButton(el, t.signOut);
      signOut.focus();
      signOut.click();
      await flush(el);
      const pop = await waitUntil(() => popover(el), 'the popover', WAIT).then(() => popover(el)!);
      expect(height(el), 'the host did not grow').to.equal(before);
      expect(getComputedStyle(pop).position).to.equal('absolute');
      const [alert] = alerts(el);
      expect(alert && pop.contains(alert), 'the alert is in the popover').to.be.true;
      expect(normalize(alert!.textContent)).to.contain(t.failed);
      expect(isRendered(alert!), 'seen, not only announced').to.be.true;
      await expectNoAxeViolations(el, `${lang}: sign-out failed, popover`);

      getButton(el, t.dismiss).click();
      await flush(el);
      expect(popover(el), 'dismissed').to.equal(null);
      expect(alerts(el)).to.have.length(0);
      expect(height(el)).to.equal(before);
      await waitUntil(() => deepActiveElement() === getButton(el, t.signOut), 'focus back on the bar', WAIT);
    });

    it(`${lang}: session check failed: the host keeps its height; Escape dismisses it; "${t.retry}" stays in the bar`, async () => {
      const deferred = fake.defer('session');
      await runtime.setLocale(lang);
      const el = await mount(fake, { attrs: { lang }, noFlush: true });
      await flush(el);
      const before = height(el);
      expect(before, 'the bar has its height while checking').to.be.greaterThan(40);
      deferred.fail('network');
      await waitUntil(() => popover(el), 'the popover', WAIT);
      expect(height(el), 'the host did not grow').to.equal(before);
      expect(normalize(popover(el)!.textContent)).to.contain(t.checkFailed);
      await expectNoAxeViolations(el, `${lang}: session check failed, popover`);
      const retry = getButton(el, t.retry);
      retry.focus();
      await sendKeys({ press: 'Escape' });
      await flush(el);
      expect(popover(el), 'Escape dismissed it').to.equal(null);
      expect(getButton(el, t.retry), 'the way on stays').to.equal(retry);
    });

    it(`${lang}: signed out: "${t.signedOut}" is seen in the popover and said by the status region that was there before`, async () => {
      fake.answer('session', ERKKI);
      const el = await mountIn(fake, lang, t.signOut);
      const before = height(el);
      const region = shadow(el).querySelector('[role=status]');
      expect(region, 'the live region exists before').to.not.equal(null);
      getButton(el, t.signOut).click();
      await waitUntil(() => popover(el), 'the popover', WAIT);
      const pop = popover(el)!;
      const status = pop.querySelector<HTMLElement>('[role=status]')!;
      expect(status === region, 'the same live region, so the change is announced').to.be.true;
      expect(normalize(status.textContent)).to.equal(t.signedOut);
      expect(isRendered(status) && status.getBoundingClientRect().width > 20, 'seen, not only announced').to.be.true;
      expect(height(el), 'the host did not grow').to.equal(before);
      await expectNoAxeViolations(el, `${lang}: signed out, popover`);
      getButton(el, t.dismiss).click();
      await flush(el);
      expect(popover(el)).to.equal(null);
    });
  }

  it('a new failure after one was dismissed shows again', async () => {
    fake.answer('session', ERKKI);
    fake.fail('signOut', 'server').fail('signOut', 'server');
    const el = await mountIn(fake, 'fi', T.fi.signOut);
    getButton(el, T.fi.signOut).click();
    await waitUntil(() => popover(el), 'the popover', WAIT);
    getButton(el, T.fi.dismiss).click();
    await flush(el);
    expect(popover(el)).to.equal(null);
    getButton(el, T.fi.signOut).click();
    await waitUntil(() => popover(el), 'the popover again', WAIT);
  });

  it('opening the sign-in dialog puts the notice away; a second sign-out shows it again', async () => {
    fake.answer('session', ERKKI);
    const el = await mountIn(fake, 'fi', T.fi.signOut);
    getButton(el, T.fi.signOut).click();
    await waitUntil(() => popover(el), 'the notice', WAIT);
    el.open();
    await flush(el);
    expect(popover(el), 'not beside the dialog').to.equal(null);
    el.close();
    await flush(el);
    expect(popover(el), 'not again after the dialog').to.equal(null);
  });

  describeNeeding('setViewport', 'at 320 × 640', () => {
    afterEach(async () => {
      await setViewport({ width: 800, height: 600 });
    });

    it('at the start of the page too (a bar on the left), the popover opens inside the viewport', async () => {
      await setViewport({ width: 320, height: 640 });
      fake.answer('session', ERKKI);
      const el = await mountIn(fake, 'en', T.en.signOut);
      getButton(el, T.en.signOut).click();
      await waitUntil(() => popover(el), 'the popover', WAIT);
      const box = popover(el)!.getBoundingClientRect();
      expect(inside(box, 320, 640), `popover ${JSON.stringify(box)} inside 320 × 640`).to.be.true;
    });

    it('the popover stays inside the viewport, the host keeps its height', async () => {
      await setViewport({ width: 320, height: 640 });
      fake.answer('session', ERKKI);
      fake.fail('signOut', 'network');
      const el = await mountIn(fake, 'fi', T.fi.signOut);
      // A header puts the element at the end of its row.
      el.parentElement!.style.cssText = 'display:flex;justify-content:flex-end';
      await flush(el);
      const before = height(el);
      getButton(el, T.fi.signOut).click();
      await waitUntil(() => popover(el), 'the popover', WAIT);
      expect(height(el)).to.equal(before);
      const box = popover(el)!.getBoundingClientRect();
      expect(inside(box, 320, 640), `popover ${JSON.stringify(box)} inside 320 × 640`).to.be.true;
    });
  });
});
