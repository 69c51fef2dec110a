/**
 * The signed-in badge cannot be spoofed by the server's text: format characters (bidi
 * overrides, zero-width characters) are removed by the contract's user reader, and name and
 * email are isolated bidirectionally, so the address reads as it is. Through the built-in
 * client, with `window.fetch` stubbed (restored after each test).
 */
import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import '../../src/define.js';
import { CityLogin } from '../../src/login/login.js';
import { shadow } from './helpers.js';

const realFetch = window.fetch;

afterEach(() => {
  window.fetch = realFetch;
});

async function signedInAs(user: unknown): Promise<HTMLElement> {
  window.fetch = async () => new Response(JSON.stringify({ user }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  const el = await fixture<CityLogin>(html`<city-login endpoint="/badge-test"></city-login>`);
  await waitUntil(() => shadow(el).querySelector('[part=badge]'), 'the badge appears');
  return shadow(el).querySelector<HTMLElement>('[part=badge]')!;
}

describe('badge: no spoofing by the server text', () => {
  it('removes a right-to-left override, so the address is shown in its real order', async () => {
    // Rendered with U+202E, "moc.elpmaxe@yrollam" would read "mallory@example.com".
    const badge = await signedInAs({ name: 'Erkki Esimerkki', email: '\u202Emoc.elpmaxe@yrollam' });
    expect(badge.textContent).not.to.match(/[\u202A-\u202E\u2066-\u2069\u200B]/);
    expect(badge.textContent?.replace(/\s+/g, ' ').trim()).to.equal('Erkki Esimerkki (moc.elpmaxe@yrollam)');
  });

  it('removes zero-width characters from the name', async () => {
    const badge = await signedInAs({ name: 'Erk\u200Bki\u2060 Esi\uFEFFmerkki', email: 'erkki@example.com' });
    expect(badge.querySelector('bdi')?.textContent).to.equal('Erkki Esimerkki');
  });

  it('isolates the name and the email bidirectionally', async () => {
    const badge = await signedInAs({ name: '\u0639\u0644\u064A \u0645\u062D\u0645\u062F', email: 'ali@example.com' });
    const parts = [...badge.querySelectorAll('bdi')].map((bdi) => bdi.textContent);
    expect(parts).to.deep.equal(['\u0639\u0644\u064A \u0645\u062D\u0645\u062F', 'ali@example.com']);
  });

  it('isolates a lone email too', async () => {
    const badge = await signedInAs({ email: 'ali@example.com' });
    expect([...badge.querySelectorAll('bdi')].map((bdi) => bdi.textContent)).to.deep.equal(['ali@example.com']);
  });
});
