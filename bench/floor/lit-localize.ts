// `npm run bench:floor`, row 1: Lit and @lit/localize as <city-login> uses them (an element with
// styles and a property, html, render into the light DOM, nothing, keyed, msg, str and the
// runtime configured with lazily loaded languages), and nothing of ours.
import { LitElement, css, html, nothing, render } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { configureLocalization, msg, str } from '@lit/localize';

const { setLocale } = configureLocalization({
  sourceLocale: 'fi',
  targetLocales: ['sv', 'en'],
  loadLocale: (locale) => import(/* @vite-ignore */ `./${locale}.js`),
});

class Floor extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;
  static override properties = { name: {} };
  declare name: string;

  protected override render() {
    render(nothing, this);
    return html`${keyed(this.name, html`<button @click=${() => setLocale('sv')}>${msg(str`Hei ${this.name}`, { id: 'floor' })}</button>`)}`;
  }
}
customElements.define('floor-lit', Floor);
