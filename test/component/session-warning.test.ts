/**
 * The warning before a session ends and the end (issue 17, WCAG 2.2.1), with a fake clock:
 * when the warning shows, "Jatka istuntoa" (one refresh, focus back where it was), "Kirjaudu
 * ulos" from the warning, Escape, the end (signed out, the event, the notice), a laptop that
 * wakes after the end (no warning on the way), tabs that agree (a BroadcastChannel between two
 * elements of the built-in client), what is said and when, the three languages, and axe.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import { AuthError, type AuthClient, type User } from '../../src/auth/auth-client.js';
import { SESSION_WARNING_EVENT, SIGNED_OUT_EVENT, type SessionWarningEvent, type SignedOutEvent } from '../../src/events.js';
import { clock } from '../../src/flow/clock.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import type { CityLogin } from '../../src/login/login.js';
import { formatTimeLeft, nextAnnouncement, secondsLeft } from '../../src/login/session-warning.js';
import { expectNoAxeViolations } from './axe.js';
import { ERKKI, type FakeAuthClient } from './fake-client.js';
import { FakeClock } from './fake-clock.js';
import { deepActiveElement, flush, mount, normalize, queryButton, shadow, statusText } from './helpers.js';
import { scaled } from '../browser-timing.js';

configureCityLoginLocalization();

/** Every wait for what a resident sees may take long on a busy machine. */
const WAIT = { timeout: scaled(10_000) };
const MINUTE = 60_000;
const LIFETIME = 5 * MINUTE;

/** A client whose sessions end {@link LIFETIME} after each answer (`sessionEnd`), and can be continued. */
class LifetimeClient implements AuthClient {
  signedIn = true;
  end: number | null = null;
  refreshes = 0;
  signOuts = 0;
  /** The next refresh fails with this code. */
  refreshFails: 'session_expired' | 'network' | null = null;

  async session(): Promise<User | null> {
    this.end = this.signedIn ? clock.now() + LIFETIME : null;
    return this.signedIn ? ERKKI : null;
  }
  sessionEnd(): number | null {
    return this.end;
  }
  async refreshSession(): Promise<User> {
    this.refreshes++;
    const fails = this.refreshFails;
    this.refreshFails = null;
    if (fails) throw new AuthError(fails);
    this.end = clock.now() + LIFETIME;
    return ERKKI;
  }
  async signOut(): Promise<void> {
    this.signOuts++;
    this.signedIn = false;
  }
  async identify() {
    return { next: 'password' } as const;
  }
  async signIn(): Promise<User> {
    this.signedIn = true;
    this.end = clock.now() + LIFETIME;
    return ERKKI;
  }
  async requestPasswordReset(): Promise<void> {}
}

function warning(el: CityLogin): HTMLDialogElement | null {
  return shadow(el).querySelector<HTMLDialogElement>('dialog[part=session-warning]');
}

function openWarning(el: CityLogin): HTMLDialogElement {
  const found = warning(el);
  if (!found?.open) throw new Error('the warning is not open');
  return found;
}

/** The warning's accessible description (what is said when it opens). */
function description(dialog: HTMLDialogElement): string {
  const root = dialog.getRootNode() as ShadowRoot;
  return normalize(root.getElementById(dialog.getAttribute('aria-describedby') ?? '')?.textContent);
}

function said(dialog: HTMLDialogElement): string {
  return normalize(dialog.querySelector('[role=status]')?.textContent);
}

function button(dialog: HTMLDialogElement, name: string): HTMLButtonElement {
  const found = [...dialog.querySelectorAll('button')].find((b) => normalize(b.textContent) === name);
  if (!found) throw new Error(`no button "${name}" in the warning`);
  return found;
}

/**
 * A text field of the host page. Not open-wc's `fixture`: for a plain element it waits for an
 * animation frame, which never comes while the runner keeps this page in the background.
 */
function field(): HTMLTextAreaElement {
  const textarea = document.createElement('textarea');
  textarea.setAttribute('aria-label', 'Hakemus');
  document.body.append(textarea);
  return textarea;
}

async function mountWith(client: AuthClient, attrs: Record<string, string> = {}): Promise<CityLogin> {
  const el = await mount(client as unknown as FakeAuthClient, { attrs });
  await waitUntil(() => el.user !== null, 'signed in', WAIT);
  return el;
}

describe('session warning (issue 17)', () => {
  let fake: FakeClock;
  beforeEach(() => {
    fake = new FakeClock();
  });
  afterEach(() => {
    fake.restore();
  });

  describe('timing (pure)', () => {
    it('counts whole seconds left, never below 0', () => {
      expect(secondsLeft(10_000, 0)).to.equal(10);
      expect(secondsLeft(10_001, 0)).to.equal(11);
      expect(secondsLeft(0, 5000)).to.equal(0);
      expect(secondsLeft(null, 0)).to.equal(0);
    });
    it('says the time at each whole minute and at 30 seconds, not every second', () => {
      expect(nextAnnouncement(120)).to.equal(60);
      expect(nextAnnouncement(119)).to.equal(60);
      expect(nextAnnouncement(61)).to.equal(60);
      expect(nextAnnouncement(60)).to.equal(30);
      expect(nextAnnouncement(31)).to.equal(30);
      expect(nextAnnouncement(30)).to.equal(0);
      expect(nextAnnouncement(181)).to.equal(180);
    });
    it('writes the time left in each language', () => {
      expect(formatTimeLeft(105, 'fi')).to.equal('1 minuutti 45 sekuntia');
      expect(formatTimeLeft(120, 'fi')).to.equal('2 minuuttia');
      expect(formatTimeLeft(30, 'sv')).to.equal('30 sekunder');
      expect(formatTimeLeft(61, 'en')).to.equal('1 minute 1 second');
      expect(formatTimeLeft(0, 'en')).to.equal('0 seconds');
    });
  });

  it('opens two minutes before the end, as an alert dialog that says how long is left, with focus on "Jatka istuntoa"', async () => {
    const client = new LifetimeClient();
    const events: SessionWarningEvent[] = [];
    const el = await mountWith(client);
    el.addEventListener(SESSION_WARNING_EVENT, (event) => events.push(event));
    const endsAt = client.end!;
    fake.tick(LIFETIME - 2 * MINUTE - 1000);
    await flush(el);
    expect(warning(el), 'one second before the warning').to.equal(null);
    fake.tick(1000);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    const dialog = openWarning(el);
    expect(dialog.getAttribute('role')).to.equal('alertdialog');
    const root = shadow(el);
    expect(normalize(root.getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent)).to.equal('Istuntosi on päättymässä');
    expect(description(dialog)).to.equal('Aikaa on jäljellä 2 minuuttia. Jatka istuntoa, jos haluat pysyä kirjautuneena.');
    expect(deepActiveElement()).to.equal(button(dialog, 'Jatka istuntoa'));
    expect(events.map((e) => e.detail.endsAt)).to.deep.equal([endsAt]);
    expect(client.refreshes, 'nothing refreshed by itself').to.equal(0);
  });

  it('follows session-warning-seconds', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client, { 'session-warning-seconds': '30' });
    fake.tick(LIFETIME - 31_000);
    await flush(el);
    expect(warning(el)).to.equal(null);
    fake.tick(1000);
    await waitUntil(() => warning(el)?.open, 'the warning opens 30 s before the end', WAIT);
    expect(description(openWarning(el))).to.contain('Aikaa on jäljellä 30 sekuntia.');
  });

  it('"Jatka istuntoa" refreshes once, closes the warning and puts focus back where it was', async () => {
    const client = new LifetimeClient();
    const textarea = field();
    const el = await mountWith(client);
    textarea.focus();
    fake.tick(LIFETIME - 2 * MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    button(openWarning(el), 'Jatka istuntoa').click();
    await waitUntil(() => !warning(el), 'the warning closes', WAIT);
    expect(client.refreshes).to.equal(1);
    expect(document.activeElement).to.equal(textarea);
    expect(el.user).to.deep.equal(ERKKI);
    // The new end: the warning comes again two minutes before it, not before.
    fake.tick(LIFETIME - 2 * MINUTE - 1000);
    await flush(el);
    expect(warning(el)).to.equal(null);
    fake.tick(1000);
    await waitUntil(() => warning(el)?.open, 'the warning opens again', WAIT);
    textarea.remove();
  });

  it('Escape continues the session (keyboard only)', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    fake.tick(LIFETIME - MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    // Tab stays in the dialog: from the last button to the first.
    await sendKeys({ press: 'Tab' });
    expect(normalize(deepActiveElement()?.textContent)).to.equal('Kirjaudu ulos');
    await sendKeys({ press: 'Tab' });
    expect(normalize(deepActiveElement()?.textContent)).to.equal('Jatka istuntoa');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !warning(el), 'the warning closes', WAIT);
    expect(client.refreshes).to.equal(1);
    expect(el.user).to.deep.equal(ERKKI);
  });

  it('"Kirjaudu ulos" in the warning signs out', async () => {
    const client = new LifetimeClient();
    const reasons: string[] = [];
    const el = await mountWith(client);
    el.addEventListener(SIGNED_OUT_EVENT, (event: SignedOutEvent) => reasons.push(event.detail.reason));
    fake.tick(LIFETIME - MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    button(openWarning(el), 'Kirjaudu ulos').click();
    await waitUntil(() => el.user === null && !warning(el), 'signed out, the warning closed', WAIT);
    expect(client.signOuts).to.equal(1);
    expect(client.refreshes).to.equal(0);
    expect(reasons).to.deep.equal(['signed-out']);
    expect(queryButton(el, 'Kirjaudu sisään')).to.not.equal(null);
  });

  it('at the end: signed out, city-login-signed-out {reason: session-expired}, and the notice', async () => {
    const client = new LifetimeClient();
    const reasons: string[] = [];
    const textarea = field();
    const el = await mountWith(client);
    el.addEventListener(SIGNED_OUT_EVENT, (event: SignedOutEvent) => reasons.push(event.detail.reason));
    textarea.focus();
    fake.tick(LIFETIME - MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    fake.tick(MINUTE);
    await waitUntil(() => el.user === null && !warning(el), 'signed out at the end', WAIT);
    expect(reasons).to.deep.equal(['session-expired']);
    expect(statusText(el)).to.contain('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.');
    expect(queryButton(el, 'Kirjaudu sisään')).to.not.equal(null);
    expect(document.activeElement, 'focus back where it was').to.equal(textarea);
    expect(client.signOuts, 'the server ended it: nothing to call').to.equal(0);
    await expectNoAxeViolations(el, 'the session has ended');
    textarea.remove();
  });

  it('a laptop that wakes after the end is signed out at once, with no warning on the way', async () => {
    const client = new LifetimeClient();
    const reasons: string[] = [];
    const el = await mountWith(client);
    el.addEventListener(SIGNED_OUT_EVENT, (event: SignedOutEvent) => reasons.push(event.detail.reason));
    let warned = false;
    const observer = new MutationObserver(() => (warned ||= warning(el) !== null));
    observer.observe(shadow(el), { childList: true, subtree: true });
    fake.tick(MINUTE);
    // Asleep for an hour: no timer ran. The page is seen again.
    fake.sleep(60 * MINUTE);
    document.dispatchEvent(new Event('visibilitychange'));
    await flush(el);
    expect(el.user).to.equal(null);
    expect(reasons).to.deep.equal(['session-expired']);
    // The stale warning timer fires late, as a woken laptop's do: still no warning.
    fake.tick(0);
    await flush(el);
    observer.disconnect();
    expect(warned, 'the warning never showed').to.equal(false);
    expect(statusText(el)).to.contain('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.');
  });

  it('a refresh that finds the session ended ends it; another failure is said in the warning', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    fake.tick(LIFETIME - MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    client.refreshFails = 'network';
    button(openWarning(el), 'Jatka istuntoa').click();
    await waitUntil(() => warning(el)?.querySelector('[role=alert]'), 'the failure is said', WAIT);
    expect(normalize(warning(el)!.querySelector('[role=alert]')!.textContent)).to.contain('Istunnon jatkaminen ei onnistunut.');
    expect(el.user).to.deep.equal(ERKKI);
    client.refreshFails = 'session_expired';
    button(openWarning(el), 'Jatka istuntoa').click();
    await waitUntil(() => el.user === null && !warning(el), 'signed out', WAIT);
    expect(statusText(el)).to.contain('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.');
  });

  it('says the time left when it opens (its description), then at each minute and at 30 s, not every second', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    fake.tick(LIFETIME - 2 * MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    const dialog = openWarning(el);
    expect(description(dialog)).to.contain('Aikaa on jäljellä 2 minuuttia.');
    expect(said(dialog), 'the opening is said by the dialog itself').to.equal('');
    fake.tick(1000);
    await flush(el);
    expect(description(dialog), 'shown to the second').to.contain('Aikaa on jäljellä 1 minuutti 59 sekuntia.');
    expect(said(dialog)).to.equal('');
    fake.tick(59_000);
    await flush(el);
    expect(said(dialog)).to.equal('Aikaa on jäljellä 1 minuutti.');
    fake.tick(29_000);
    await flush(el);
    expect(said(dialog), 'nothing new until 30 s').to.equal('Aikaa on jäljellä 1 minuutti.');
    fake.tick(1000);
    await flush(el);
    expect(said(dialog)).to.equal('Aikaa on jäljellä 30 sekuntia.');
    await expectNoAxeViolations(el, 'the session warning');
  });

  for (const [lang, title, text, buttons] of [
    [
      'sv',
      'Din session går snart ut',
      'Tid kvar: 2 minuter. Fortsätt sessionen om du vill förbli inloggad.',
      ['Fortsätt sessionen', 'Logga ut'],
    ],
    [
      'en',
      'Your session is about to end',
      'Time left: 2 minutes. Continue the session if you want to stay signed in.',
      ['Continue session', 'Sign out'],
    ],
  ] as const) {
    it(`speaks ${lang}`, async () => {
      const client = new LifetimeClient();
      const el = await mountWith(client, { lang });
      fake.tick(LIFETIME - 2 * MINUTE);
      await waitUntil(() => warning(el)?.open && description(warning(el)!).startsWith(text.slice(0, 8)), `the warning in ${lang}`, WAIT);
      const dialog = openWarning(el);
      expect(normalize(shadow(el).getElementById(dialog.getAttribute('aria-labelledby')!)?.textContent)).to.equal(title);
      expect(description(dialog)).to.equal(text);
      expect([...dialog.querySelectorAll('button')].map((b) => normalize(b.textContent))).to.deep.equal([...buttons]);
      await expectNoAxeViolations(el, `the session warning in ${lang}`);
    });
  }

  it('due while the element is out of the page (its module arriving then): no error; it opens, modal, once the element is back', async () => {
    // The warning's module arrives after the element has left the page (a single-page app moving
    // it, Storybook rendering a story again): the update that follows runs on an element in no
    // document, where a dialog cannot be shown modal.
    const Login = customElements.get('city-login') as typeof CityLogin;
    const importWarning = Login.importWarning;
    let arrive!: () => void;
    const arrived = new Promise<void>((resolve) => (arrive = resolve));
    Login.importWarning = () => arrived.then(importWarning);
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in event ? event.reason : event.error);
    window.addEventListener('error', onError);
    window.addEventListener('unhandledrejection', onError);
    try {
      const client = new LifetimeClient();
      // Due at once: the session ends within the warning's time from the start.
      const el = await mountWith(client, { 'session-warning-seconds': String(LIFETIME / 1000 + 60) });
      const parent = el.parentNode!;
      el.remove();
      arrive();
      await waitUntil(() => warning(el) !== null, "the warning's module has arrived and rendered", WAIT);
      await el.updateComplete;
      expect(errors, 'nothing thrown while out of the page').to.deep.equal([]);
      expect(warning(el)!.open, 'not shown while out of the page').to.equal(false);
      parent.append(el);
      await waitUntil(() => warning(el)?.open, 'the warning opens once back', WAIT);
      expect(warning(el)!.matches(':modal'), 'modal').to.equal(true);
      expect(deepActiveElement()).to.equal(button(openWarning(el), 'Jatka istuntoa'));
      expect(errors).to.deep.equal([]);
    } finally {
      Login.importWarning = importWarning;
      window.removeEventListener('error', onError);
      window.removeEventListener('unhandledrejection', onError);
    }
  });

  it('moved in the page while signed in (a layout that moves the header): the warning still comes on time', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    const endsAt = client.end!;
    const parent = el.parentNode!;
    fake.tick(MINUTE);
    el.remove();
    fake.tick(MINUTE);
    parent.append(el);
    await flush(el);
    fake.tick(endsAt - 2 * MINUTE - clock.now() - 1000);
    await flush(el);
    expect(warning(el), 'one second before the warning').to.equal(null);
    fake.tick(1000);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    fake.tick(2 * MINUTE);
    await waitUntil(() => el.user === null, 'signed out at the end', WAIT);
  });

  it('moved in the page while the warning shows: still modal, focus on "Jatka istuntoa"', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    fake.tick(LIFETIME - 2 * MINUTE);
    await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
    const parent = el.parentNode!;
    el.remove();
    parent.append(el);
    await flush(el);
    const dialog = openWarning(el);
    expect(dialog.matches(':modal'), 'modal again').to.equal(true);
    expect(deepActiveElement()).to.equal(button(dialog, 'Jatka istuntoa'));
    button(dialog, 'Jatka istuntoa').click();
    await waitUntil(() => !warning(el)?.open, 'continued: the warning closes', WAIT);
    expect(client.refreshes).to.equal(1);
  });

  it('hidden while the warning shows (display: none): it closes unseen, the page is usable; shown again, it opens modal', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    const page = field();
    try {
      fake.tick(LIFETIME - 2 * MINUTE);
      await waitUntil(() => warning(el)?.open, 'the warning opens', WAIT);
      el.style.display = 'none';
      // The element renders again when its size changes (a ResizeObserver; end to end in
      // test/e2e/hostile.test.ts). This page may be in the runner's background, where no
      // rendering runs: the test asks for the render itself.
      el.requestUpdate();
      await waitUntil(() => !warning(el)?.open, 'the unseen warning closes', WAIT);
      page.focus();
      expect(document.activeElement, 'the page is not inert').to.equal(page);
      expect(client.refreshes, 'nothing continued by itself').to.equal(0);
      el.style.display = '';
      el.requestUpdate();
      await waitUntil(() => warning(el)?.open, 'the warning opens again', WAIT);
      expect(warning(el)!.matches(':modal')).to.equal(true);
      expect(deepActiveElement()).to.equal(button(openWarning(el), 'Jatka istuntoa'));
      button(openWarning(el), 'Jatka istuntoa').click();
      await waitUntil(() => !warning(el), 'continued: the warning closes', WAIT);
      expect(client.refreshes).to.equal(1);
    } finally {
      page.remove();
    }
  });

  it('due while the element is not rendered (display: none): it waits, and opens when the element shows', async () => {
    const client = new LifetimeClient();
    const el = await mountWith(client);
    el.style.display = 'none';
    fake.tick(LIFETIME - 2 * MINUTE);
    await flush(el);
    expect(warning(el)?.open ?? false, 'not open while unseen').to.equal(false);
    el.style.display = '';
    // As its ResizeObserver does when the element shows (see the test above).
    el.requestUpdate();
    await waitUntil(() => warning(el)?.open, 'the warning opens when the element shows', WAIT);
    expect(warning(el)!.matches(':modal')).to.equal(true);
  });

  it('a client that does not say when the session ends gets no warning and no timed end', async () => {
    const client = new LifetimeClient();
    client.sessionEnd = () => null;
    const el = await mountWith(client);
    fake.tick(24 * 60 * MINUTE);
    await flush(el);
    expect(warning(el)).to.equal(null);
    expect(el.user).to.deep.equal(ERKKI);
  });
});

describe('session warning across tabs (the built-in client, a BroadcastChannel)', () => {
  let fake: FakeClock;
  const realFetch = window.fetch;
  /** The server: its clock runs an hour ahead of the browser's (skew must not matter). */
  const SKEW = 60 * MINUTE;
  let ends = 0;
  let signedIn = true;
  let refreshes = 0;

  beforeEach(() => {
    fake = new FakeClock();
    ends = fake.time + SKEW + LIFETIME;
    signedIn = true;
    refreshes = 0;
    window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      const headers = { 'Content-Type': 'application/json', Date: new Date(fake.time + SKEW).toUTCString() };
      if (url.endsWith('/session/refresh')) {
        refreshes++;
        ends = fake.time + SKEW + LIFETIME;
      }
      if (url.endsWith('/logout') && init?.method === 'POST') {
        signedIn = false;
        return new Response(null, { status: 204, headers });
      }
      if (!signedIn) return new Response(JSON.stringify({ error: 'unauthenticated' }), { status: 401, headers });
      return new Response(JSON.stringify({ user: ERKKI, expiresAt: new Date(ends).toISOString() }), { status: 200, headers });
    };
  });
  const tabs: CityLogin[] = [];
  afterEach(() => {
    for (const tab of tabs.splice(0)) tab.remove();
    window.fetch = realFetch;
    fake.restore();
  });

  async function twoTabs(): Promise<[CityLogin, CityLogin]> {
    const endpoint = `/auth-tabs-${Math.random().toString(36).slice(2)}`;
    // Not open-wc's `fixture` (see field()): two elements of the same endpoint, as two tabs.
    const [a, b] = [0, 1].map(() => {
      const element = document.createElement('city-login') as CityLogin;
      element.setAttribute('endpoint', endpoint);
      document.body.append(element);
      return element;
    }) as [CityLogin, CityLogin];
    tabs.push(a, b);
    await waitUntil(() => a.user && b.user, 'both signed in', WAIT);
    return [a, b];
  }

  it("reads the end against the server's Date: an hour of skew changes nothing", async () => {
    const [a] = await twoTabs();
    fake.tick(LIFETIME - 2 * MINUTE - 1000);
    await flush(a);
    expect(warning(a)).to.equal(null);
    fake.tick(1000);
    await waitUntil(() => warning(a)?.open, 'the warning opens two minutes before the end', WAIT);
  });

  it('continuing in one tab closes the warning in the other; only one refreshes', async () => {
    const [a, b] = await twoTabs();
    fake.tick(LIFETIME - MINUTE);
    await waitUntil(() => warning(a)?.open && warning(b)?.open, 'both warn', WAIT);
    button(openWarning(a), 'Jatka istuntoa').click();
    await waitUntil(() => !warning(a) && !warning(b), 'both warnings close', WAIT);
    expect(refreshes).to.equal(1);
    expect(a.user).to.deep.equal(ERKKI);
    expect(b.user).to.deep.equal(ERKKI);
  });

  it('signing out in one tab closes the warning in the other', async () => {
    const [a, b] = await twoTabs();
    fake.tick(LIFETIME - MINUTE);
    await waitUntil(() => warning(a)?.open && warning(b)?.open, 'both warn', WAIT);
    button(openWarning(a), 'Kirjaudu ulos').click();
    await waitUntil(() => a.user === null && b.user === null && !warning(a) && !warning(b), 'both signed out', WAIT);
    expect(refreshes).to.equal(0);
  });
});
