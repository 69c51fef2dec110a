/**
 * One place for messages (issue 13): what went wrong is said once, above the form, and what
 * no longer holds goes: offline replaces an older error, back online a lost connection's error
 * is stale, the contact line is not repeated, an error goes once the field is fixed. Required
 * fields say so.
 */
import { expect } from '@open-wc/testing';
import '../../src/define.js';
import { ERKKI, FakeAuthClient } from './fake-client.js';
import {
  IDENTIFIER,
  PASSWORD,
  alertTexts,
  allText,
  continueTo,
  flush,
  getButton,
  getInput,
  mount,
  shadow,
  statusText,
  submitPassword,
  typeInto,
} from './helpers.js';

const OFFLINE = 'Laitteesi ei ole yhteydessä verkkoon. Tarkista verkkoyhteys ja yritä uudelleen.';
const NETWORK = 'Palveluun ei saatu yhteyttä. Tarkista verkkoyhteys ja yritä uudelleen.';
const ONLINE = 'Verkkoyhteys palasi. Voit yrittää uudelleen.';
const CONTACT = 'Olethan meihin yhteydessä mahdollisissa ongelmatilanteissa.';
const SUPPORT = 'kaupunkitekniikka@espoo.fi';

let restoreOnLine: (() => void) | null = null;
function setOnLine(online: boolean): void {
  if (!restoreOnLine) {
    const own = Object.getOwnPropertyDescriptor(navigator, 'onLine');
    restoreOnLine = () =>
      own ? Object.defineProperty(navigator, 'onLine', own) : delete (navigator as unknown as Record<string, unknown>)['onLine'];
  }
  Object.defineProperty(navigator, 'onLine', { get: () => online, configurable: true });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

afterEach(() => {
  restoreOnLine?.();
  restoreOnLine = null;
});

describe('<city-login> says each thing once, where errors are', () => {
  it("offline replaces an older error; back online, the lost connection's error has gone and the form says it may be tried again", async () => {
    const fake = new FakeAuthClient();
    const el = await mount(fake, { inline: true });
    await continueTo(el, ERKKI.email);
    fake.fail('signIn', 'network');
    await submitPassword(el, 'Salasana123');
    expect(alertTexts(el)).to.deep.equal([NETWORK]);
    setOnLine(false);
    await flush(el);
    expect(alertTexts(el), 'one message: offline').to.deep.equal([OFFLINE]);
    expect(statusText(el)).not.to.contain(OFFLINE);
    setOnLine(true);
    await flush(el);
    expect(alertTexts(el), 'the network error is stale').to.deep.equal([]);
    expect(statusText(el)).to.contain(ONLINE);
    // The status sits with the alerts, above the form.
    const status = shadow(el).querySelector('.panel [role=status]')!;
    const slot = shadow(el).querySelector('slot[name=form]')!;
    expect(status.compareDocumentPosition(slot) & Node.DOCUMENT_POSITION_FOLLOWING, 'status before the form').to.be.greaterThan(0);
  });

  it('a locked account: the support address once, in the alert after its "contact customer service", not again in the footer', async () => {
    const fake = new FakeAuthClient();
    const el = await mount(fake, { inline: true, attrs: { 'support-email': SUPPORT } });
    expect(allText(el).split(CONTACT).length - 1, 'the footer has it before').to.equal(1);
    await continueTo(el, ERKKI.email);
    fake.fail('signIn', 'locked');
    await submitPassword(el, 'Salasana123');
    expect(alertTexts(el)[0]).to.equal(`Käyttäjätunnuksesi on lukittu. Ota yhteys asiakaspalveluun. Sähköposti: ${SUPPORT}`);
    expect(allText(el).split(CONTACT).length - 1, 'no second request to get in touch').to.equal(0);
    expect(allText(el).split(SUPPORT).length - 1, 'the address once').to.equal(1);
  });

  it("an empty identifier's error goes once something is typed", async () => {
    const el = await mount(new FakeAuthClient(), { inline: true });
    getButton(el, 'Jatka').click();
    await flush(el);
    const input = getInput(el, IDENTIFIER);
    expect(input.getAttribute('aria-invalid')).to.equal('true');
    typeInto(input, 'e');
    await flush(el);
    expect(input.getAttribute('aria-invalid')).to.equal('false');
    expect(alertTexts(el)).to.deep.equal([]);
  });

  it('the identifier, password and email fields are exposed as required', async () => {
    const el = await mount(new FakeAuthClient(), { inline: true });
    expect(getInput(el, IDENTIFIER).getAttribute('aria-required')).to.equal('true');
    await continueTo(el, ERKKI.email);
    expect(getInput(el, PASSWORD).getAttribute('aria-required')).to.equal('true');
  });
});
