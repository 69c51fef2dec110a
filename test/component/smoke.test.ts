import { expect, fixture, html } from '@open-wc/testing';
import '../../src/define.js';
import type { CityLogin } from '../../src/login/login.js';
import type { AuthClient } from '../../src/auth/auth-client.js';

const client: AuthClient = {
  session: async () => null,
  identify: async () => ({ next: 'password' }),
  signIn: async () => ({ name: 'Erkki Esimerkki', email: 'e@example.com' }),
  signOut: async () => {},
  requestPasswordReset: async () => {},
};

describe('smoke', () => {
  it('renders', async () => {
    const el = await fixture<CityLogin>(html`<city-login .auth=${client}></city-login>`);
    await new Promise((r) => setTimeout(r, 50));
    await el.updateComplete;
    const button = el.shadowRoot!.querySelector('[part=sign-in-button]') as HTMLButtonElement;
    expect(button.textContent!.trim()).to.equal('Kirjaudu sisään');
    button.click();
    await el.updateComplete;
    const input = el.querySelector('input[name=username]') as HTMLInputElement;
    expect(input).to.exist;
    expect(document.activeElement === input).to.be.true;
    await expect(el).to.be.accessible();
  });
});
