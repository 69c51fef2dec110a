/**
 * Behaviour of <city-login> as a resident meets it, against a scripted
 * FakeAuthClient: by role, label and text; focus; alerts; events.
 */
import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { sendKeys } from '@web/test-runner-commands';
import '../../src/define.js';
import type { CityLogin } from '../../src/login/login.js';
import type { AuthErrorCode } from '../../src/auth/auth-client.js';
import {
  REDIRECT_EVENT,
  SIGNED_IN_EVENT,
  SIGNED_OUT_EVENT,
  type RedirectEvent,
  type SignedInEvent,
  type SignedOutEvent,
} from '../../src/events.js';
import { ERKKI, FakeAuthClient, VIRVE } from './fake-client.js';
import { FI_ERRORS } from '../fixtures/fi-errors.js';
import {
  EMAIL,
  IDENTIFIER,
  PASSWORD,
  REMEMBER,
  all,
  alertTexts,
  alerts,
  allText,
  continueTo,
  deepActiveElement,
  dialog,
  flush,
  form,
  getButton,
  getInput,
  markup,
  mount,
  normalize,
  queryButton,
  queryInput,
  queryLink,
  shadow,
  statusText,
  submitButton,
  submitPassword,
  theAlert,
  typeInto,
} from './helpers.js';
import { scaled } from '../browser-timing.js';

const ERKKI_BADGE = 'Erkki Esimerkki (esimerkki.erkki@example.com)';
/** The badge link's name: what it shows, and where it leads. */
const ERKKI_BADGE_LINK = `${ERKKI_BADGE}, omat tiedot`;
const SUPPORT = 'kaupunkitekniikka@espoo.fi';

const MESSAGES = FI_ERRORS;

/** Safety net: nothing in this file may navigate the test page. */
function cancelRedirect(event: Event): void {
  event.preventDefault();
}
before(() => window.addEventListener(REDIRECT_EVENT, cancelRedirect));
after(() => window.removeEventListener(REDIRECT_EVENT, cancelRedirect));

/** Records every city-login-* event's type and JSON detail on `el`. */
function recordEvents(el: CityLogin): { type: string; detail: string }[] {
  const seen: { type: string; detail: string }[] = [];
  for (const type of [SIGNED_IN_EVENT, SIGNED_OUT_EVENT, REDIRECT_EVENT, 'city-login-language-change', 'city-login-locale-change']) {
    el.addEventListener(type, (event) => seen.push({ type, detail: JSON.stringify((event as CustomEvent).detail) }));
  }
  return seen;
}

/**
 * Closes the dialog from outside, as a page script would. Chrome fires the
 * `close` event with the next rendering, which never comes while the runner
 * keeps this page in the background (concurrent test files): fire it here as
 * the browser would; the real one, when it comes, must change nothing.
 */
async function closeDialog(el: CityLogin): Promise<void> {
  await flush(el);
  const d = dialog(el)!;
  d.close();
  d.dispatchEvent(new Event('close'));
  await flush(el);
}

describe('<city-login>', () => {
  let fake: FakeAuthClient;
  beforeEach(() => {
    fake = new FakeAuthClient();
  });

  it('is accessible (header use, signed out)', async () => {
    const el = await mount(fake, { attrs: { 'help-href': '/ohje.pdf', 'signup-href': '/rekisteroidy', 'support-email': SUPPORT } });
    await expect(el).to.be.accessible();
  });

  describe('accessibility of each state', () => {
    it('the open dialog at step 1', async () => {
      const el = await mount(fake, { attrs: { 'help-href': '/ohje.pdf', 'signup-href': '/rekisteroidy', 'support-email': SUPPORT } });
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      await expect(el).to.be.accessible();
    });

    it('inline step 2 with a field error', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'invalid_credentials');
      await submitPassword(el, 'väärä');
      expect(alertTexts(el)).to.include(MESSAGES.invalid_credentials);
      await expect(el).to.be.accessible();
    });

    it('inline step 2 with a panel error', async () => {
      const el = await mount(fake, { inline: true, attrs: { 'support-email': SUPPORT } });
      await continueTo(el, 'lukittu@example.com');
      fake.fail('signIn', 'locked');
      await submitPassword(el, 'x');
      await expect(el).to.be.accessible();
    });

    it('signed in', async () => {
      fake.answer('session', ERKKI);
      const el = await mount(fake, { attrs: { 'account-href': '/omat-tiedot' } });
      await expect(el).to.be.accessible();
    });

    it('the forgot step', async () => {
      const el = await mount(fake, { inline: true });
      getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?').click();
      await flush(el);
      await expect(el).to.be.accessible();
    });
  });

  describe('defaults', () => {
    it('checks the session once on load, then shows only the "Kirjaudu sisään" button', async () => {
      const el = await mount(fake);
      expect(fake.count('session')).to.equal(1);
      expect(fake.count()).to.equal(1);
      const button = getButton(el, 'Kirjaudu sisään');
      expect(button.getAttribute('aria-haspopup')).to.equal('dialog');
      expect(dialog(el)?.open ?? false, 'dialog closed').to.be.false;
      expect(queryInput(el, IDENTIFIER), 'no form before the dialog opens').to.be.null;
      expect(queryButton(el, 'Kirjaudu ulos')).to.be.null;
      expect(el.user).to.be.null;
    });

    it('reflects inline and reads the documented attributes as properties', async () => {
      const el = await mount(fake, {
        inline: true,
        attrs: { endpoint: '/api/auth', 'help-href': '/h.pdf', 'signup-href': '/s', 'account-href': '/a', 'support-email': SUPPORT },
      });
      expect(el.inline).to.be.true;
      expect(el.endpoint).to.equal('/api/auth');
      expect(el.helpHref).to.equal('/h.pdf');
      expect(el.signupHref).to.equal('/s');
      expect(el.accountHref).to.equal('/a');
      expect(el.supportEmail).to.equal(SUPPORT);
      el.inline = false;
      await el.updateComplete;
      expect(el.hasAttribute('inline')).to.be.false;
    });

    it('step 1 shows the title, notice, authority line, identifier field, "Jatka" and the forgot link', async () => {
      const el = await mount(fake, { inline: true });
      const text = allText(el);
      expect(shadow(el).querySelector('[role=heading]')?.textContent?.trim()).to.equal('Kirjautuminen');
      expect(text).to.contain('Kirjautumisjärjestelmä on hiljattain muuttunut. Käyttäjätunnuksena toimii jatkossa sähköpostiosoitteesi.');
      expect(text).to.contain('Viranomaiskäyttäjä? Kirjaudu sisään normaaliin tapaan välittämättä muutoksista.');
      const input = getInput(el, IDENTIFIER);
      expect(input.type, 'not an email field: classic usernames are allowed').to.equal('text');
      expect(input.autocomplete).to.equal('username');
      expect(input.readOnly).to.be.false;
      expect(input.value).to.equal('');
      getButton(el, 'Jatka');
      getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?');
      expect(queryInput(el, PASSWORD)).to.be.null;
      expect(alerts(el)).to.have.length(0);
    });

    it('the remember checkbox is unchecked by default', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const remember = getInput(el, REMEMBER);
      expect(remember.type).to.equal('checkbox');
      expect(remember.checked).to.be.false;
    });
  });

  describe('optional lines', () => {
    it('the help and signup lines are hidden when their attributes are unset', async () => {
      const el = await mount(fake, { inline: true });
      expect(allText(el)).not.to.contain('ohje sisäänkirjautumiseen');
      expect(allText(el)).not.to.contain('Luo uusi käyttäjätunnus');
      expect(queryLink(el, 'ohje sisäänkirjautumiseen (pdf)')).to.be.null;
      expect(queryLink(el, 'Luo uusi käyttäjätunnus')).to.be.null;
    });

    it('the help and signup lines link to help-href and signup-href', async () => {
      const el = await mount(fake, { inline: true, attrs: { 'help-href': '/ohjeet/kirjautuminen.pdf', 'signup-href': '/rekisteroidy' } });
      // The PDF opens in a new tab (so nothing typed is lost), and its name says so.
      const help = queryLink(el, 'ohje sisäänkirjautumiseen (pdf) (avautuu uuteen välilehteen)');
      const signup = queryLink(el, 'Luo uusi käyttäjätunnus');
      expect(help, 'help link').to.exist;
      expect(signup, 'signup link').to.exist;
      expect(new URL(help!.href).pathname).to.equal('/ohjeet/kirjautuminen.pdf');
      expect(help!.target).to.equal('_blank');
      expect(help!.rel).to.equal('noopener');
      expect(new URL(signup!.href).pathname).to.equal('/rekisteroidy');
      const line = help!.closest('p')!.cloneNode(true) as HTMLElement;
      line.querySelectorAll('.sr-only').forEach((hidden) => hidden.remove());
      expect(normalize(line.textContent)).to.equal(
        'Ongelmia sisäänkirjautumisessa? Katso ohje sisäänkirjautumiseen (pdf) muutosten jälkeen.',
      );
      expect(allText(el)).to.contain('Luo uusi käyttäjätunnus jos sinulla ei vielä ole omaa käyttäjätunnusta.');
    });

    it('no-notice and no-authority-line hide the notice and the authority line', async () => {
      const el = await mount(fake, { inline: true, attrs: { 'no-notice': true, 'no-authority-line': true } });
      expect(allText(el)).not.to.contain('Kirjautumisjärjestelmä on hiljattain muuttunut');
      expect(allText(el)).not.to.contain('Viranomaiskäyttäjä?');
      expect(shadow(el).querySelector('[part=notice]')).to.be.null;
      getInput(el, IDENTIFIER);
    });

    it('the contact line shows the support email as a mailto link only when support-email is set', async () => {
      const without = await mount(fake, { inline: true });
      expect(allText(without)).not.to.contain('Olethan meihin yhteydessä');
      const el = await mount(new FakeAuthClient(), { inline: true, attrs: { 'support-email': SUPPORT } });
      expect(allText(el)).to.contain('Olethan meihin yhteydessä mahdollisissa ongelmatilanteissa. Sähköposti:');
      expect(queryLink(el, SUPPORT)?.getAttribute('href')).to.equal(`mailto:${SUPPORT}`);
    });

    it('a javascript: help-href is not rendered as a link and warns once on the console', async () => {
      const warnings: string[] = [];
      const original = console.warn;
      console.warn = (...args: unknown[]) => warnings.push(args.map(String).join(' '));
      try {
        const el = await mount(fake, { inline: true, attrs: { 'help-href': 'javascript:alert(1)' } });
        // Re-render a few times: the warning must not repeat.
        el.requestUpdate();
        await el.updateComplete;
        await continueTo(el, ERKKI.email);
        getButton(el, 'Vaihda käyttäjätunnus').click();
        await flush(el);
        expect(all(el, 'a').some((a) => (a.getAttribute('href') ?? '').toLowerCase().includes('javascript'))).to.be.false;
        expect(queryLink(el, 'ohje sisäänkirjautumiseen (pdf)')).to.be.null;
        expect(/\shref="\s*javascript:/i.test(markup(el)), 'no javascript: href anywhere').to.be.false;
        const helpWarnings = warnings.filter((w) => w.includes('help-href'));
        expect(helpWarnings, JSON.stringify(warnings)).to.have.length(1);
      } finally {
        console.warn = original;
      }
    });
  });

  describe('dialog (header use)', () => {
    it('opens a modal dialog on click and focuses the identifier field', async () => {
      const el = await mount(fake);
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      const d = dialog(el)!;
      expect(d.open, 'dialog open').to.be.true;
      expect(d.matches(':modal'), 'modal').to.be.true;
      const input = getInput(el, IDENTIFIER);
      await waitUntil(() => document.activeElement === input, 'focus on the identifier field');
      expect(d.getAttribute('aria-labelledby')).to.be.a('string');
      const title = shadow(el).getElementById(d.getAttribute('aria-labelledby')!);
      expect(title?.textContent?.trim()).to.equal('Kirjautuminen');
    });

    it('Escape closes the dialog and focus returns to the "Kirjaudu sisään" button', async () => {
      const el = await mount(fake);
      const opener = getButton(el, 'Kirjaudu sisään');
      opener.focus();
      opener.click();
      await flush(el);
      const input = getInput(el, IDENTIFIER);
      await waitUntil(() => document.activeElement === input, 'focus on the identifier field');
      await sendKeys({ press: 'Escape' });
      await flush(el);
      expect(dialog(el)!.open, 'dialog closed').to.be.false;
      await waitUntil(() => deepActiveElement() === getButton(el, 'Kirjaudu sisään'), 'focus back on the sign-in button');
    });

    it('the close button closes the dialog and focus returns to the button', async () => {
      const el = await mount(fake);
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      getButton(el, 'Sulje').click();
      await flush(el);
      expect(dialog(el)!.open).to.be.false;
      await waitUntil(() => deepActiveElement() === getButton(el, 'Kirjaudu sisään'), 'focus back on the sign-in button');
    });

    it('dialog.close() from outside is handled like Escape', async () => {
      const el = await mount(fake);
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      await closeDialog(el);
      expect(queryInput(el, IDENTIFIER), 'form removed').to.be.null;
      await waitUntil(() => deepActiveElement() === getButton(el, 'Kirjaudu sisään'), 'focus back on the sign-in button');
      // It opens again.
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      expect(dialog(el)!.open).to.be.true;
    });

    it('what was typed survives closing and reopening the dialog', async () => {
      const el = await mount(fake);
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      typeInto(getInput(el, IDENTIFIER), 'virve.viranomainen');
      await closeDialog(el);
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      expect(getInput(el, IDENTIFIER).value).to.equal('virve.viranomainen');
    });

    it('moved in the page while open (a layout that moves the header): still modal, what was typed kept, focus on the field', async () => {
      const el = await mount(fake);
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      const input = getInput(el, IDENTIFIER);
      await waitUntil(() => document.activeElement === input, 'focus on the identifier field');
      typeInto(input, 'virve.viranomainen');
      const parent = el.parentNode!;
      el.remove();
      parent.append(el);
      await flush(el);
      const d = dialog(el)!;
      expect(d.open, 'open').to.be.true;
      expect(d.matches(':modal'), 'modal again').to.be.true;
      expect(getInput(el, IDENTIFIER).value).to.equal('virve.viranomainen');
      await waitUntil(() => document.activeElement === getInput(el, IDENTIFIER), 'focus on the identifier field');
      // Escape still closes it, and focus returns to the button.
      await sendKeys({ press: 'Escape' });
      await flush(el);
      expect(d.open, 'closed').to.be.false;
      await waitUntil(() => deepActiveElement() === getButton(el, 'Kirjaudu sisään'), 'focus back on the sign-in button');
    });

    it('hidden while open (display: none: a page that swaps its header at another width): the dialog closes, the page is usable, what was typed kept', async () => {
      const el = await mount(fake);
      const outside = document.createElement('button');
      outside.textContent = 'Sivun painike';
      document.body.append(outside);
      try {
        getButton(el, 'Kirjaudu sisään').click();
        await flush(el);
        typeInto(getInput(el, IDENTIFIER), 'virve.viranomainen');
        el.style.display = 'none';
        // The element renders again when its size changes (a ResizeObserver; end to end in
        // test/e2e/hostile.test.ts). This page may be in the runner's background, where no
        // rendering runs: the test asks for the render itself.
        el.requestUpdate();
        await waitUntil(() => !dialog(el)!.open, 'the unseen dialog closes');
        await flush(el);
        outside.focus();
        expect(document.activeElement, 'the page is not inert').to.equal(outside);
        el.style.display = '';
        await flush(el);
        expect(dialog(el)!.open, 'closed when shown again').to.be.false;
        getButton(el, 'Kirjaudu sisään').click();
        await flush(el);
        expect(dialog(el)!.matches(':modal')).to.be.true;
        expect(getInput(el, IDENTIFIER).value).to.equal('virve.viranomainen');
      } finally {
        outside.remove();
      }
    });

    it('open() on an element that is not rendered (display: none) leaves no unseen modal dialog', async () => {
      const el = await mount(fake);
      el.style.display = 'none';
      el.open();
      await flush(el);
      await waitUntil(() => !dialog(el)?.open, 'no dialog left open');
      await flush(el);
      expect(dialog(el)?.matches(':modal') ?? false).to.be.false;
      el.style.display = '';
      el.open();
      await flush(el);
      expect(dialog(el)!.matches(':modal'), 'opens once rendered').to.be.true;
    });

    it('open() opens the dialog from script', async () => {
      const el = await mount(fake);
      el.open();
      await flush(el);
      expect(dialog(el)!.open).to.be.true;
      await waitUntil(() => document.activeElement === getInput(el, IDENTIFIER), 'focus on the identifier field');
    });

    it('signing in closes the dialog, shows the badge and moves focus to it', async () => {
      const el = await mount(fake, { attrs: { 'account-href': '/omat-tiedot' } });
      getButton(el, 'Kirjaudu sisään').click();
      await flush(el);
      await continueTo(el, ERKKI.email);
      await submitPassword(el, 'Salasana123');
      expect(dialog(el), 'no dialog when signed in').to.be.null;
      const badge = queryLink(el, ERKKI_BADGE_LINK);
      expect(badge, 'badge').to.exist;
      await waitUntil(() => deepActiveElement() === badge, 'focus on the badge');
    });
  });

  describe('inline', () => {
    it('renders the flow in place, without a dialog or an opener button', async () => {
      const el = await mount(fake, { inline: true });
      expect(dialog(el)).to.be.null;
      expect(shadow(el).querySelector('[part=sign-in-button]')).to.be.null;
      expect(queryButton(el, 'Sulje')).to.be.null;
      const input = getInput(el, IDENTIFIER);
      expect(input.getClientRects().length, 'input is rendered').to.be.greaterThan(0);
      expect(input.closest('form'), 'in a form').to.exist;
    });
  });

  describe('step 1 → step 2', () => {
    it('identify with the typed (trimmed) identifier leads to the password step', async () => {
      const el = await mount(fake, { inline: true });
      const password = await continueTo(el, `  ${ERKKI.email} `);
      expect(fake.count('identify')).to.equal(1);
      expect(fake.last('identify')!.arg).to.equal(ERKKI.email);
      expect(allText(el)).to.contain('Syötä nyt salasanasi. Se on edelleen sama kuin ennenkin.');
      const identifier = getInput(el, IDENTIFIER);
      expect(identifier.readOnly, 'identifier is read-only').to.be.true;
      expect(identifier.value).to.equal(ERKKI.email);
      expect(password.type).to.equal('password');
      expect(password.autocomplete).to.equal('current-password');
      expect(submitButton(el).textContent?.trim()).to.equal('Kirjaudu sisään');
      getButton(el, 'Vaihda käyttäjätunnus');
      expect(getButton(el, 'Vaihda käyttäjätunnus').textContent?.trim()).to.equal('Vaihda');
      await waitUntil(() => document.activeElement === password, 'focus on the password field');
    });

    it('a backend without identify step (the client answers {next: "password"}) goes to the password step', async () => {
      fake.answer('identify', { next: 'password' });
      const el = await mount(fake, { inline: true });
      await continueTo(el, 'virve.viranomainen');
      expect(getInput(el, IDENTIFIER).value).to.equal('virve.viranomainen');
      expect(alerts(el)).to.have.length(0);
    });

    it('an empty identifier is refused without a call, with an alert on the field', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), '   ');
      getButton(el, 'Jatka').click();
      await flush(el);
      expect(fake.count('identify')).to.equal(0);
      expect(alertTexts(el)).to.deep.equal(['Syötä sähköpostiosoite tai käyttäjätunnus.']);
      const input = getInput(el, IDENTIFIER);
      expect(input.getAttribute('aria-invalid')).to.equal('true');
      const describedBy = input.getAttribute('aria-describedby');
      expect(el.querySelector(`#${CSS.escape(describedBy ?? 'none')}`)?.textContent?.trim()).to.equal(
        'Syötä sähköpostiosoite tai käyttäjätunnus.',
      );
      await waitUntil(() => document.activeElement === input, 'focus on the identifier field');
    });

    it('"Vaihda" goes back to step 1 with the identifier kept and editable', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      getButton(el, 'Vaihda käyttäjätunnus').click();
      await flush(el);
      const input = getInput(el, IDENTIFIER);
      expect(input.readOnly).to.be.false;
      expect(input.value).to.equal(ERKKI.email);
      expect(queryInput(el, PASSWORD)).to.be.null;
      await waitUntil(() => document.activeElement === input, 'focus on the identifier field');
    });

    it('shows a neutral progress status while identify is pending', async () => {
      const pending = fake.defer('identify');
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      getButton(el, 'Jatka').click();
      await flush(el);
      expect(statusText(el)).to.contain('Tarkistetaan…');
      expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
      pending.resolve({ next: 'password' });
      await flush(el);
      getInput(el, PASSWORD);
      expect(statusText(el)).not.to.contain('Tarkistetaan…');
    });
  });

  describe('identify redirect', () => {
    it('fires a cancelable city-login-redirect with the url; cancelled, the resident stays with the identifier kept', async () => {
      fake.answer('identify', { next: 'redirect', url: 'https://sso.example.fi/start?x=1' });
      const el = await mount(fake, { inline: true, attrs: { 'redirect-origins': 'https://sso.example.fi' } });
      typeInto(getInput(el, IDENTIFIER), 'sso@espoo.fi');
      const redirected = oneEvent(el, REDIRECT_EVENT) as Promise<RedirectEvent>;
      let cancelable = false;
      el.addEventListener(REDIRECT_EVENT, (event) => {
        cancelable = event.cancelable;
        event.preventDefault();
      });
      getButton(el, 'Jatka').click();
      const event = await redirected;
      expect(cancelable).to.be.true;
      expect(event.bubbles && event.composed, 'bubbles and composed').to.be.true;
      expect(event.detail.url).to.equal('https://sso.example.fi/start?x=1');
      await flush(el);
      expect(location.href.includes('sso.example.fi'), 'did not navigate').to.be.false;
      const input = getInput(el, IDENTIFIER);
      expect(input.value).to.equal('sso@espoo.fi');
      expect(queryInput(el, PASSWORD)).to.be.null;
      expect(submitButton(el).getAttribute('aria-disabled'), 'can submit again').to.equal('false');
    });
  });

  describe('step 2: sign in', () => {
    it('sends identifier, password exactly as typed and remember=false; signs in and shows the badge', async () => {
      const el = await mount(fake, { inline: true, attrs: { 'account-href': '/omat-tiedot' } });
      await continueTo(el, ERKKI.email);
      await submitPassword(el, '  Sala sana123 ');
      expect(fake.count('signIn')).to.equal(1);
      const sent = fake.last('signIn')!.arg;
      expect(sent.username).to.equal(ERKKI.email);
      expect(sent.password === '  Sala sana123 ', 'password sent exactly as typed, not trimmed').to.be.true;
      expect(sent.remember).to.be.false;
      const badge = queryLink(el, ERKKI_BADGE_LINK);
      expect(badge, 'badge link').to.exist;
      expect(badge!.href).to.equal(new URL('/omat-tiedot', document.baseURI).href);
      getButton(el, 'Kirjaudu ulos');
      expect(queryInput(el, PASSWORD), 'form gone').to.be.null;
      expect(el.user?.email).to.equal(ERKKI.email);
    });

    it('the remember checkbox value reaches signIn', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const remember = getInput(el, REMEMBER);
      // Click the label, as a resident would.
      el.querySelector<HTMLLabelElement>(`label[for="${remember.id}"]`)!.click();
      await el.updateComplete;
      expect(remember.checked).to.be.true;
      await submitPassword(el, 'Salasana123');
      expect(fake.last('signIn')!.arg.remember).to.be.true;
    });

    it('the remember choice survives a failed attempt', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      getInput(el, REMEMBER).click();
      fake.fail('signIn', 'server');
      await submitPassword(el, 'Salasana123');
      expect(getInput(el, REMEMBER).checked).to.be.true;
    });

    it('an empty password is refused without a call', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      submitButton(el).click();
      await flush(el);
      expect(fake.count('signIn')).to.equal(0);
      expect(alertTexts(el)).to.deep.equal(['Syötä salasana.']);
      await waitUntil(() => document.activeElement === getInput(el, PASSWORD), 'focus on the password field');
    });

    it('pressing submit again with the password still empty re-announces the error (a new alert node)', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      submitButton(el).click();
      await flush(el);
      const first = theAlert(el);
      submitButton(el).click();
      await flush(el);
      const second = theAlert(el);
      expect(normalize(second.textContent)).to.equal('Syötä salasana.');
      expect(first === second, 'a new alert node').to.be.false;
      expect(fake.count('signIn')).to.equal(0);
    });

    it('a user without an account-href gets a plain-text badge', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, VIRVE.email);
      fake.answer('signIn', VIRVE);
      await submitPassword(el, 'Salasana123');
      expect(allText(el)).to.contain('Virve Viranomainen (virve.viranomainen@espoo.fi)');
      expect(queryLink(el, 'Virve Viranomainen (virve.viranomainen@espoo.fi), omat tiedot')).to.be.null;
    });
  });

  describe('values are read from the form at submit time', () => {
    it('identifier and password set without input events (autofill) are sent', async () => {
      const el = await mount(fake, { inline: true });
      getInput(el, IDENTIFIER).value = ERKKI.email;
      form(el).requestSubmit();
      await flush(el);
      expect(fake.last('identify')?.arg).to.equal(ERKKI.email);
      getInput(el, PASSWORD).value = 'Salasana123';
      form(el).requestSubmit();
      await flush(el);
      expect(fake.last('signIn')?.arg.username).to.equal(ERKKI.email);
      expect(fake.last('signIn')?.arg.password === 'Salasana123', 'password from the form').to.be.true;
    });

    it('a checkbox ticked without a change event is sent', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      getInput(el, REMEMBER).checked = true;
      getInput(el, PASSWORD).value = 'Salasana123';
      form(el).requestSubmit();
      await flush(el);
      expect(fake.last('signIn')?.arg.remember).to.be.true;
    });

    it('the reset email set without input events is sent', async () => {
      const el = await mount(fake, { inline: true });
      getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?').click();
      await flush(el);
      getInput(el, EMAIL).value = 'erkki@example.com';
      form(el).requestSubmit();
      await flush(el);
      expect(fake.last('requestPasswordReset')?.arg).to.equal('erkki@example.com');
    });
  });

  describe('one request in flight', () => {
    it('a double click on "Jatka" sends one identify', async () => {
      const pending = fake.defer('identify');
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      const button = getButton(el, 'Jatka');
      button.click();
      button.click();
      await flush(el);
      button.click();
      await flush(el);
      expect(fake.count('identify')).to.equal(1);
      pending.resolve({ next: 'password' });
      await flush(el);
      getInput(el, PASSWORD);
      expect(fake.count('identify')).to.equal(1);
    });

    it('a double click on "Kirjaudu sisään" sends one signIn', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const pending = fake.defer('signIn');
      typeInto(getInput(el, PASSWORD), 'Salasana123');
      submitButton(el).click();
      submitButton(el).click();
      await flush(el);
      expect(statusText(el)).to.contain('Kirjaudutaan…');
      expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
      submitButton(el).click();
      await flush(el);
      expect(fake.count('signIn')).to.equal(1);
      pending.resolve(ERKKI);
      await flush(el);
      getButton(el, 'Kirjaudu ulos');
      expect(fake.count('signIn')).to.equal(1);
    });

    it('repeated Enter (requestSubmit twice) sends one signIn', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const pending = fake.defer('signIn');
      getInput(el, PASSWORD).value = 'Salasana123';
      form(el).requestSubmit();
      form(el).requestSubmit();
      await flush(el);
      expect(fake.count('signIn')).to.equal(1);
      pending.resolve(ERKKI);
      await flush(el);
      expect(fake.count('signIn')).to.equal(1);
    });

    it('repeated real Enter keystrokes in the password field send one signIn', async () => {
      const el = await mount(fake, { inline: true });
      const password = await continueTo(el, ERKKI.email);
      const pending = fake.defer('signIn');
      await waitUntil(() => document.activeElement === password, 'focus on the password field');
      await sendKeys({ type: 'Salasana123' });
      await sendKeys({ press: 'Enter' });
      await sendKeys({ press: 'Enter' });
      await flush(el);
      expect(fake.count('signIn')).to.equal(1);
      expect(fake.last('signIn')!.arg.password === 'Salasana123', 'typed password sent').to.be.true;
      pending.resolve(ERKKI);
      await flush(el);
      expect(fake.count('signIn')).to.equal(1);
    });

    it('repeated requestSubmit on step 1 sends one identify', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      form(el).requestSubmit();
      form(el).requestSubmit();
      await flush(el);
      expect(fake.count('identify')).to.equal(1);
    });

    it('"Vaihda" while signIn is pending aborts the call and its late answer is ignored', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const pending = fake.defer('signIn');
      await submitPassword(el, 'Salasana123');
      getButton(el, 'Vaihda käyttäjätunnus').click();
      await flush(el);
      expect(fake.last('signIn')!.signal.aborted, 'signal aborted').to.be.true;
      pending.resolve(ERKKI);
      await flush(el);
      expect(queryButton(el, 'Kirjaudu ulos'), 'not signed in by a cancelled call').to.be.null;
      expect(getInput(el, IDENTIFIER).readOnly).to.be.false;
    });
  });

  describe('failure: invalid_credentials', () => {
    it('shows the generic message in an alert, clears the password, focuses it and keeps the identifier', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'invalid_credentials');
      await submitPassword(el, 'väärä');
      expect(alertTexts(el)).to.deep.equal([MESSAGES.invalid_credentials]);
      const password = getInput(el, PASSWORD);
      expect(password.value).to.equal('');
      expect(password.getAttribute('aria-invalid')).to.equal('true');
      await waitUntil(() => document.activeElement === password, 'focus on the password field');
      expect(getInput(el, IDENTIFIER).value).to.equal(ERKKI.email);
      expect(queryButton(el, 'Kirjaudu ulos')).to.be.null;
    });

    it('the message does not say which of the two was wrong', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, 'ei-ole@example.com');
      fake.fail('signIn', 'invalid_credentials');
      await submitPassword(el, 'x');
      expect(alertTexts(el)).to.deep.equal([MESSAGES.invalid_credentials]);
    });

    it('a repeated identical error re-creates the alert element', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'invalid_credentials').fail('signIn', 'invalid_credentials');
      await submitPassword(el, 'väärä1');
      const first = theAlert(el);
      await submitPassword(el, 'väärä2');
      const second = theAlert(el);
      expect(fake.count('signIn')).to.equal(2);
      expect(normalize(second.textContent)).to.equal(MESSAGES.invalid_credentials);
      expect(first === second, 'a new alert node').to.be.false;
      expect(first.isConnected, 'old alert removed').to.be.false;
    });

    it('an error repeated twice within one task is still a new alert (announced again)', async () => {
      const el = await mount(fake, { inline: true });
      getButton(el, 'Jatka').click();
      await flush(el);
      const first = theAlert(el);
      // Two refusals before the element renders: the error's seq moves by two.
      getButton(el, 'Jatka').click();
      getButton(el, 'Jatka').click();
      await flush(el);
      const second = theAlert(el);
      expect(normalize(second.textContent)).to.equal(normalize(first.textContent));
      expect(first === second, 'a new alert node').to.be.false;
      expect(first.isConnected, 'old alert removed').to.be.false;
    });

    it('typing a new password and signing in succeeds after it', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'invalid_credentials');
      await submitPassword(el, 'väärä');
      await submitPassword(el, 'Salasana123');
      expect(fake.count('signIn')).to.equal(2);
      expect(alerts(el)).to.have.length(0);
      expect(allText(el)).to.contain(ERKKI_BADGE);
    });
  });

  describe('failure: locked', () => {
    it('shows the locked message with the support email, keeps what was typed', async () => {
      const el = await mount(fake, { inline: true, attrs: { 'support-email': SUPPORT } });
      await continueTo(el, 'lukittu@example.com');
      fake.fail('signIn', 'locked');
      await submitPassword(el, 'Salasana123');
      const alert = theAlert(el);
      expect(normalize(alert.textContent)).to.contain(MESSAGES.locked);
      const mail = alert.querySelector('a');
      expect(mail?.textContent?.trim()).to.equal(SUPPORT);
      expect(mail?.getAttribute('href')).to.equal(`mailto:${SUPPORT}`);
      expect(getInput(el, IDENTIFIER).value).to.equal('lukittu@example.com');
      expect(getInput(el, PASSWORD).value, 'password kept').to.equal('Salasana123');
    });

    it('without support-email the message still shows', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, 'lukittu@example.com');
      fake.fail('signIn', 'locked');
      await submitPassword(el, 'x');
      expect(alertTexts(el)).to.deep.equal([MESSAGES.locked]);
    });
  });

  describe('failure: rate_limited', () => {
    it('shows the wait, blocks submitting until Retry-After passes, then allows it again', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'rate_limited', { retryAfterSeconds: 1 });
      await submitPassword(el, 'Salasana123');
      const first = theAlert(el);
      expect(normalize(first.textContent)).to.equal(`${MESSAGES.rate_limited} Voit yrittää uudelleen 1 sekunnin kuluttua.`);
      expect(submitButton(el).getAttribute('aria-disabled')).to.equal('true');
      expect(getInput(el, PASSWORD).value, 'password kept').to.equal('Salasana123');

      // A further submit makes no call and re-shows the wait (a new alert).
      submitButton(el).click();
      await flush(el);
      expect(fake.count('signIn')).to.equal(1);
      const again = theAlert(el);
      expect(again === first, 'the wait is announced again').to.be.false;
      expect(normalize(again.textContent)).to.contain('Voit yrittää uudelleen 1 sekunnin kuluttua.');

      // After the wait: the alert goes, the status says one may try again, submitting works.
      await waitUntil(() => statusText(el).includes('Voit nyt yrittää uudelleen.'), 'retry-ready notice', { timeout: scaled(4000) });
      expect(alerts(el)).to.have.length(0);
      expect(submitButton(el).getAttribute('aria-disabled')).to.equal('false');
      submitButton(el).click();
      await flush(el);
      expect(fake.count('signIn')).to.equal(2);
      expect(allText(el)).to.contain(ERKKI_BADGE);
    });

    it('shows long waits in minutes', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'rate_limited', { retryAfterSeconds: 600 });
      await submitPassword(el, 'x');
      expect(alertTexts(el)).to.deep.equal([`${MESSAGES.rate_limited} Voit yrittää uudelleen 10 minuutin kuluttua.`]);
    });

    it('"Vaihda" and identify again is blocked too while waiting', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'rate_limited', { retryAfterSeconds: 30 });
      await submitPassword(el, 'x');
      getButton(el, 'Vaihda käyttäjätunnus').click();
      await flush(el);
      getButton(el, 'Jatka').click();
      await flush(el);
      expect(fake.count('identify')).to.equal(1);
      expect(alertTexts(el).join(' ')).to.contain(MESSAGES.rate_limited);
    });
  });

  // Failures that explain themselves in the panel and keep everything typed.
  const transient: { code: AuthErrorCode | 'plain Error'; text: string }[] = [
    { code: 'offline', text: MESSAGES.offline },
    { code: 'network', text: MESSAGES.network },
    { code: 'timeout', text: MESSAGES.timeout },
    { code: 'server', text: MESSAGES.server },
    { code: 'bad_response', text: MESSAGES.bad_response },
    { code: 'plain Error', text: MESSAGES.unexpected },
  ];
  for (const { code, text } of transient) {
    const label = code === 'plain Error' ? 'unexpected (the adapter throws a plain Error)' : code;
    const failure = code === 'plain Error' ? new Error('SDK exploded: secret internals') : code;
    describe(`failure: ${label}`, () => {
      it('at sign-in: its own message in an alert; identifier and password kept', async () => {
        const el = await mount(fake, { inline: true });
        await continueTo(el, ERKKI.email);
        fake.fail('signIn', failure);
        await submitPassword(el, 'Salasana123');
        expect(alertTexts(el)).to.deep.equal([text]);
        expect(allText(el)).not.to.contain('secret internals');
        expect(getInput(el, IDENTIFIER).value).to.equal(ERKKI.email);
        expect(getInput(el, PASSWORD).value, 'password kept').to.equal('Salasana123');
        expect(submitButton(el).getAttribute('aria-disabled')).to.equal('false');
        // Trying again calls again.
        await submitPassword(el, 'Salasana123');
        expect(fake.count('signIn')).to.equal(2);
      });

      it('at identify: its own message in an alert; identifier kept on step 1', async () => {
        const el = await mount(fake, { inline: true });
        fake.fail('identify', failure);
        typeInto(getInput(el, IDENTIFIER), ERKKI.email);
        getButton(el, 'Jatka').click();
        await flush(el);
        expect(alertTexts(el)).to.deep.equal([text]);
        expect(getInput(el, IDENTIFIER).value).to.equal(ERKKI.email);
        expect(queryInput(el, PASSWORD)).to.be.null;
      });

      it('a repeated identical error re-creates the alert element', async () => {
        const el = await mount(fake, { inline: true });
        await continueTo(el, ERKKI.email);
        fake.fail('signIn', failure).fail('signIn', failure);
        await submitPassword(el, 'Salasana123');
        const first = theAlert(el);
        await submitPassword(el, 'Salasana123');
        const second = theAlert(el);
        expect(normalize(second.textContent)).to.equal(text);
        expect(first === second, 'a new alert node').to.be.false;
      });
    });
  }

  describe('forgot password', () => {
    async function openForgot(el: CityLogin): Promise<HTMLInputElement> {
      getButton(el, 'Unohtuiko käyttäjätunnus tai salasana?').click();
      await flush(el);
      return getInput(el, EMAIL);
    }

    it('is prefilled from an email identifier and focused', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      const email = await openForgot(el);
      expect(email.value).to.equal(ERKKI.email);
      expect(email.type).to.equal('email');
      expect(shadow(el).querySelector('[role=heading]')?.textContent?.trim()).to.equal('Salasanan palautus');
      await waitUntil(() => document.activeElement === email, 'focus on the email field');
    });

    it('is prefilled from step 2 too', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const email = await openForgot(el);
      expect(email.value).to.equal(ERKKI.email);
    });

    it('is not prefilled from a classic username', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), 'virve.viranomainen');
      const email = await openForgot(el);
      expect(email.value).to.equal('');
    });

    it('an empty email is refused without a call', async () => {
      const el = await mount(fake, { inline: true });
      await openForgot(el);
      getButton(el, 'Lähetä').click();
      await flush(el);
      expect(fake.count('requestPasswordReset')).to.equal(0);
      expect(alertTexts(el)).to.deep.equal(['Syötä sähköpostiosoite.']);
      expect(getInput(el, EMAIL).getAttribute('aria-invalid')).to.equal('true');
    });

    it('an invalid email is refused without a call', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(await openForgot(el), 'erkki@example');
      getButton(el, 'Lähetä').click();
      await flush(el);
      expect(fake.count('requestPasswordReset')).to.equal(0);
      expect(alertTexts(el)).to.deep.equal(['Tarkista sähköpostiosoite. Sen muoto on nimi@esimerkki.fi.']);
      expect(getInput(el, EMAIL).value).to.equal('erkki@example');
    });

    it('sends the email and shows a neutral confirmation', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(await openForgot(el), ' erkki@example.com ');
      getButton(el, 'Lähetä').click();
      await flush(el);
      expect(fake.last('requestPasswordReset')?.arg).to.equal('erkki@example.com');
      expect(allText(el)).to.contain(
        'Jos antamasi sähköpostiosoite on käytössä palvelussa, lähetimme siihen linkin salasanan vaihtamiseen. Tarkista sähköpostisi, myös roskapostikansio.',
      );
      expect(queryInput(el, EMAIL), 'form gone').to.be.null;
      expect(alerts(el)).to.have.length(0);
      // Focus goes to the confirmation itself, so a screen reader reads it.
      const confirmation = shadow(el).querySelector('[part=notice]');
      await waitUntil(() => confirmation !== null && shadow(el).activeElement === confirmation, 'focus on the confirmation');
    });

    it('delivery_failed shows the seed message with the support email; the email is kept', async () => {
      const el = await mount(fake, { inline: true, attrs: { 'support-email': SUPPORT } });
      typeInto(await openForgot(el), 'virhe@example.com');
      fake.fail('requestPasswordReset', 'delivery_failed');
      getButton(el, 'Lähetä').click();
      await flush(el);
      const alert = theAlert(el);
      expect(normalize(alert.textContent)).to.contain(MESSAGES.delivery_failed);
      expect(alert.querySelector('a')?.getAttribute('href')).to.equal(`mailto:${SUPPORT}`);
      expect(getInput(el, EMAIL).value).to.equal('virhe@example.com');
    });

    it('rate_limited on reset blocks sending again', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(await openForgot(el), 'erkki@example.com');
      fake.fail('requestPasswordReset', 'rate_limited', { retryAfterSeconds: 30 });
      getButton(el, 'Lähetä').click();
      await flush(el);
      expect(alertTexts(el)).to.deep.equal([`${MESSAGES.rate_limited} Voit yrittää uudelleen 30 sekunnin kuluttua.`]);
      getButton(el, 'Lähetä').click();
      await flush(el);
      expect(fake.count('requestPasswordReset')).to.equal(1);
    });

    it('back to sign-in keeps the identifier', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), 'virve.viranomainen');
      typeInto(await openForgot(el), 'virve.viranomainen@espoo.fi');
      getButton(el, 'Takaisin kirjautumiseen').click();
      await flush(el);
      const input = getInput(el, IDENTIFIER);
      expect(input.value).to.equal('virve.viranomainen');
      await waitUntil(() => document.activeElement === input, 'focus on the identifier field');
    });

    it('back to sign-in from the confirmation keeps the identifier', async () => {
      const el = await mount(fake, { inline: true });
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      await openForgot(el);
      getButton(el, 'Lähetä').click();
      await flush(el);
      getButton(el, 'Takaisin kirjautumiseen').click();
      await flush(el);
      expect(getInput(el, IDENTIFIER).value).to.equal(ERKKI.email);
    });
  });

  describe('signed in', () => {
    it('fires city-login-signed-in with {user, restored: false} after signing in (bubbling, composed)', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      const events: SignedInEvent[] = [];
      const listener = (event: SignedInEvent) => events.push(event);
      document.addEventListener(SIGNED_IN_EVENT, listener);
      try {
        await submitPassword(el, 'Salasana123');
      } finally {
        document.removeEventListener(SIGNED_IN_EVENT, listener);
      }
      expect(events).to.have.length(1);
      const detail = events[0]!.detail;
      expect(detail.user.name).to.equal(ERKKI.name);
      expect(detail.user.email).to.equal(ERKKI.email);
      expect(detail.restored).to.be.false;
      expect(events[0]!.composed).to.be.true;
    });

    it('restores a session on load: badge and city-login-signed-in with restored: true', async () => {
      fake.answer('session', ERKKI);
      const events: SignedInEvent[] = [];
      const el = await mount(fake, {
        attrs: { 'account-href': '/omat-tiedot' },
        listeners: { [SIGNED_IN_EVENT]: (event) => events.push(event as SignedInEvent) },
      });
      expect(events).to.have.length(1);
      expect(events[0]!.detail.restored).to.be.true;
      expect(events[0]!.detail.user.email).to.equal(ERKKI.email);
      const badge = queryLink(el, ERKKI_BADGE_LINK);
      expect(badge?.getAttribute('href')).to.equal(new URL('/omat-tiedot', document.baseURI).href);
      expect(queryButton(el, 'Kirjaudu sisään')).to.be.null;
      getButton(el, 'Kirjaudu ulos');
      expect(el.user?.name).to.equal(ERKKI.name);
    });

    it('no event fires when properties are set programmatically', async () => {
      fake.answer('session', ERKKI);
      const el = await mount(fake);
      const seen = recordEvents(el);
      el.accountHref = '/toinen';
      el.supportEmail = SUPPORT;
      el.helpHref = '/ohje.pdf';
      el.inline = true;
      el.auth = new FakeAuthClient();
      el.lang = 'fi';
      await flush(el);
      el.inline = false;
      await flush(el);
      expect(seen.map((s) => s.type)).to.deep.equal([]);
      expect(queryLink(el, ERKKI_BADGE_LINK)?.getAttribute('href')).to.equal(new URL('/toinen', document.baseURI).href);
    });

    it('no event fires when properties are set on a signed-out element', async () => {
      const el = await mount(fake);
      const seen = recordEvents(el);
      el.inline = true;
      el.noNotice = true;
      el.endpoint = '/muu';
      await flush(el);
      expect(seen.map((s) => s.type)).to.deep.equal([]);
      expect(fake.count()).to.equal(1);
    });

    it('more user fields from an adapter are ignored in the badge', async () => {
      fake.answer('session', { ...ERKKI, role: 'admin' } as typeof ERKKI);
      const el = await mount(fake);
      expect(allText(el)).to.contain(ERKKI_BADGE);
      expect(allText(el)).not.to.contain('admin');
    });
  });

  describe('sign-out', () => {
    it('success: fires city-login-signed-out and shows "Kirjaudu sisään" again', async () => {
      fake.answer('session', ERKKI);
      const el = await mount(fake);
      const out = oneEvent(el, SIGNED_OUT_EVENT) as Promise<SignedOutEvent>;
      getButton(el, 'Kirjaudu ulos').click();
      const event = await out;
      expect(event.detail.reason).to.equal('signed-out');
      await flush(el);
      expect(fake.count('signOut')).to.equal(1);
      getButton(el, 'Kirjaudu sisään');
      expect(queryLink(el, ERKKI_BADGE_LINK)).to.be.null;
      expect(allText(el)).not.to.contain(ERKKI_BADGE);
      expect(statusText(el)).to.contain('Olet kirjautunut ulos.');
      expect(el.user).to.be.null;
    });

    it('focus moves to "Kirjaudu sisään" when it was on the sign-out button', async () => {
      fake.answer('session', ERKKI);
      const el = await mount(fake);
      const button = getButton(el, 'Kirjaudu ulos');
      button.focus();
      button.click();
      await flush(el);
      await waitUntil(() => deepActiveElement() === getButton(el, 'Kirjaudu sisään'), 'focus on the sign-in button');
    });

    it('failure: stays signed in and says "Uloskirjautuminen ei onnistunut."', async () => {
      fake.answer('session', ERKKI);
      fake.fail('signOut', 'network');
      const el = await mount(fake);
      const seen = recordEvents(el);
      getButton(el, 'Kirjaudu ulos').click();
      await flush(el);
      const text = normalize(theAlert(el).textContent);
      expect(text).to.contain('Uloskirjautuminen ei onnistunut.');
      expect(text).to.contain(MESSAGES.network);
      expect(queryLink(el, ERKKI_BADGE_LINK) ?? allText(el).includes(ERKKI_BADGE), 'badge still there').to.be.ok;
      getButton(el, 'Kirjaudu ulos');
      expect(queryButton(el, 'Kirjaudu sisään')).to.be.null;
      expect(seen).to.have.length(0);
      expect(el.user?.email).to.equal(ERKKI.email);
    });

    it('a second identical failure re-creates the alert; then signing out works', async () => {
      fake.answer('session', ERKKI);
      fake.fail('signOut', 'server').fail('signOut', 'server');
      const el = await mount(fake);
      getButton(el, 'Kirjaudu ulos').click();
      await flush(el);
      const first = theAlert(el);
      getButton(el, 'Kirjaudu ulos').click();
      await flush(el);
      expect(theAlert(el) === first, 'a new alert node').to.be.false;
      getButton(el, 'Kirjaudu ulos').click();
      await flush(el);
      expect(fake.count('signOut')).to.equal(3);
      getButton(el, 'Kirjaudu sisään');
    });

    it('a double click on "Kirjaudu ulos" sends one signOut', async () => {
      fake.answer('session', ERKKI);
      const pending = fake.defer('signOut');
      const el = await mount(fake);
      const button = getButton(el, 'Kirjaudu ulos');
      button.click();
      button.click();
      await flush(el);
      button.click();
      expect(fake.count('signOut')).to.equal(1);
      expect(statusText(el)).to.contain('Kirjaudutaan ulos…');
      pending.resolve();
      await flush(el);
      expect(fake.count('signOut')).to.equal(1);
    });

    it('signOut() from script signs out like the button', async () => {
      fake.answer('session', ERKKI);
      const el = await mount(fake);
      el.signOut();
      await flush(el);
      expect(fake.count('signOut')).to.equal(1);
      getButton(el, 'Kirjaudu sisään');
    });

    it('session_expired on sign-out: the resident is signed out with a notice', async () => {
      fake.answer('session', ERKKI);
      fake.fail('signOut', 'session_expired');
      const el = await mount(fake);
      const out = oneEvent(el, SIGNED_OUT_EVENT) as Promise<SignedOutEvent>;
      getButton(el, 'Kirjaudu ulos').click();
      expect((await out).detail.reason).to.equal('session-expired');
      await flush(el);
      getButton(el, 'Kirjaudu sisään');
      expect(statusText(el)).to.contain('Istuntosi on päättynyt. Kirjaudu sisään uudelleen.');
    });
  });

  describe('session check', () => {
    it('while pending: no sign-in button, no badge, a neutral checking status', async () => {
      const pending = fake.defer('session');
      const el = await mount(fake, { noFlush: true });
      await flush(el);
      expect(queryButton(el, 'Kirjaudu sisään')).to.be.null;
      expect(queryButton(el, 'Kirjaudu ulos')).to.be.null;
      expect(allText(el)).not.to.contain('Erkki');
      expect(alerts(el)).to.have.length(0);
      expect(statusText(el)).to.contain('Tarkistetaan kirjautumista…');
      pending.resolve(null);
      await flush(el);
      getButton(el, 'Kirjaudu sisään');
      expect(statusText(el)).not.to.contain('Tarkistetaan kirjautumista…');
    });

    it('inline: the form shows at once, while the check runs behind it; what was typed stays when it answers "signed out"', async () => {
      const pending = fake.defer('session');
      const el = await mount(fake, { inline: true, noFlush: true });
      await flush(el);
      expect(fake.count('session')).to.equal(1);
      typeInto(getInput(el, IDENTIFIER), ERKKI.email);
      pending.resolve(null);
      await flush(el);
      expect(getInput(el, IDENTIFIER).value).to.equal(ERKKI.email);
      expect(alerts(el)).to.have.length(0);
      getButton(el, 'Jatka').click();
      await flush(el);
      getInput(el, PASSWORD);
    });

    it('inline: a session found behind the form replaces it with the badge, and focus moves there', async () => {
      const pending = fake.defer('session');
      const events: SignedInEvent[] = [];
      const el = await mount(fake, {
        inline: true,
        noFlush: true,
        attrs: { 'account-href': '/omat-tiedot' },
        listeners: { [SIGNED_IN_EVENT]: (e) => events.push(e as SignedInEvent) },
      });
      await flush(el);
      typeInto(getInput(el, IDENTIFIER), 'erk');
      pending.resolve(ERKKI);
      await flush(el);
      expect(queryInput(el, IDENTIFIER)).to.be.null;
      const badge = queryLink(el, ERKKI_BADGE_LINK);
      expect(badge, 'the badge').to.exist;
      expect(deepActiveElement() === badge, 'focus on the badge').to.be.true;
      expect(events).to.have.length(1);
      expect(events[0]!.detail.restored).to.be.true;
    });

    it('inline: a failed check leaves the form as it is (signing in will say what is wrong)', async () => {
      fake.fail('session', 'network');
      const el = await mount(fake, { inline: true });
      getInput(el, IDENTIFIER);
      expect(alerts(el)).to.have.length(0);
      expect(allText(el)).not.to.contain('Kirjautumistilaa ei voitu tarkistaa.');
      expect(fake.count('session')).to.equal(1);
    });

    it('a network failure shows check-failed with "Yritä uudelleen", not the signed-out state', async () => {
      fake.fail('session', 'network');
      const el = await mount(fake);
      const seen = recordEvents(el);
      const text = normalize(theAlert(el).textContent);
      expect(text).to.contain('Kirjautumistilaa ei voitu tarkistaa.');
      expect(text).to.contain(MESSAGES.network);
      getButton(el, 'Yritä uudelleen');
      expect(queryButton(el, 'Kirjaudu sisään'), 'not shown as signed out').to.be.null;
      expect(queryButton(el, 'Kirjaudu ulos')).to.be.null;
      expect(seen).to.have.length(0);
    });

    it('"Yritä uudelleen" checks again and restores the session', async () => {
      fake.fail('session', 'timeout');
      fake.answer('session', ERKKI);
      const events: SignedInEvent[] = [];
      const el = await mount(fake, { listeners: { [SIGNED_IN_EVENT]: (e) => events.push(e as SignedInEvent) } });
      getButton(el, 'Yritä uudelleen').click();
      await flush(el);
      expect(fake.count('session')).to.equal(2);
      expect(allText(el)).to.contain(ERKKI_BADGE);
      expect(alerts(el)).to.have.length(0);
      expect(events).to.have.length(1);
      expect(events[0]!.detail.restored).to.be.true;
    });

    it('"Yritä uudelleen" leading to signed out shows "Kirjaudu sisään"', async () => {
      fake.fail('session', 'offline');
      const el = await mount(fake);
      getButton(el, 'Yritä uudelleen').click();
      await flush(el);
      getButton(el, 'Kirjaudu sisään');
      expect(alerts(el)).to.have.length(0);
    });

    it('an adapter set just after the element is added (as Angular does) answers the first check; no HTTP request', async () => {
      const originalFetch = window.fetch;
      const requests: string[] = [];
      window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
        requests.push(String(input));
        return originalFetch(input, init);
      };
      try {
        fake.answer('session', ERKKI);
        const el = document.createElement('city-login');
        (el.constructor as typeof CityLogin).sessionCheckRetryDelays = [];
        document.body.append(el);
        el.auth = fake;
        await flush(el);
        expect(fake.count('session')).to.equal(1);
        expect(requests, 'requests to the default endpoint').to.deep.equal([]);
        expect(allText(el)).to.contain(ERKKI_BADGE);
        el.remove();
      } finally {
        window.fetch = originalFetch;
      }
    });

    it('an adapter set while the first check is pending takes over the check', async () => {
      const first = new FakeAuthClient();
      const stale = first.defer('session');
      const el = await mount(first, { noFlush: true });
      await flush(el);
      expect(first.count('session')).to.equal(1);
      fake.answer('session', ERKKI);
      el.auth = fake;
      await flush(el);
      expect(first.last('session')!.signal.aborted, 'the first check is aborted').to.be.true;
      expect(fake.count('session')).to.equal(1);
      expect(allText(el)).to.contain(ERKKI_BADGE);
      stale.resolve(null);
      await flush(el);
      expect(allText(el), 'the stale answer changes nothing').to.contain(ERKKI_BADGE);
    });

    it('moved in the page while the check is pending, it checks again and settles', async () => {
      fake.defer('session');
      const el = await mount(fake, { noFlush: true });
      await flush(el);
      const parent = el.parentElement!;
      el.remove();
      expect(fake.last('session')!.signal.aborted).to.be.true;
      parent.append(el);
      await flush(el);
      expect(fake.count('session')).to.equal(2);
      getButton(el, 'Kirjaudu sisään');
    });

    it('removing the element aborts the pending session call', async () => {
      fake.defer('session');
      const el = await mount(fake, { noFlush: true });
      el.remove();
      expect(fake.last('session')!.signal.aborted).to.be.true;
    });
  });

  describe('the password stays secret', () => {
    const SECRET = 'Sal@sana-XYZ-987';

    it('never appears in markup or event details: typed, submitted, rejected, and signed in', async () => {
      const el = await mount(fake, { inline: true });
      const seen = recordEvents(el);
      const password = await continueTo(el, ERKKI.email);
      await waitUntil(() => document.activeElement === password, 'focus on the password field');
      await sendKeys({ type: SECRET });
      expect(password.value === SECRET, 'typed').to.be.true;
      await el.updateComplete;
      expect(markup(el).includes(SECRET), 'not in markup after typing').to.be.false;

      const pending = fake.defer('signIn');
      form(el).requestSubmit();
      await flush(el);
      expect(markup(el).includes(SECRET), 'not in markup while pending').to.be.false;
      pending.fail('invalid_credentials');
      await flush(el);
      expect(markup(el).includes(SECRET), 'not in markup after rejection').to.be.false;

      await waitUntil(() => document.activeElement === getInput(el, PASSWORD), 'focus on the password field');
      await sendKeys({ type: SECRET });
      form(el).requestSubmit();
      await flush(el);
      expect(allText(el)).to.contain(ERKKI_BADGE);
      expect(markup(el).includes(SECRET), 'not in markup when signed in').to.be.false;
      expect(seen.length, 'events seen').to.be.greaterThan(0);
      expect(
        seen.some((s) => s.detail.includes(SECRET)),
        'not in any event detail',
      ).to.be.false;
      // It was sent exactly as typed.
      expect(
        fake.callsOf('signIn').every((c) => c.arg.password === SECRET),
        'sent as typed',
      ).to.be.true;
    });

    it('never appears in markup after a transient failure', async () => {
      const el = await mount(fake, { inline: true });
      await continueTo(el, ERKKI.email);
      fake.fail('signIn', 'server');
      await submitPassword(el, SECRET);
      expect(markup(el).includes(SECRET)).to.be.false;
      expect(el.querySelector('input[name=password]')!.hasAttribute('value')).to.be.false;
    });
  });
});
