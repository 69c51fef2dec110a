// `npm run bench:floor`, row 0: @lit/localize on a plain HTMLElement (no ReactiveElement): the
// same one-button view as row 1, its attribute read by hand, its styles one adopted sheet. What a
// home-made base class would start from; row 1 less row 0 is what ReactiveElement takes.
import { configureLocalization, msg, str } from '@lit/localize';

const { setLocale } = configureLocalization({
  sourceLocale: 'fi',
  targetLocales: ['sv', 'en'],
  loadLocale: (locale) => import(/* @vite-ignore */ `./${locale}.js`),
});

const sheet = new CSSStyleSheet();
sheet.replaceSync(':host { display: block; }');

class Floor extends HTMLElement {
  static observedAttributes = ['name'];
  readonly #button = document.createElement('button');

  connectedCallback(): void {
    const root = this.shadowRoot ?? this.attachShadow({ mode: 'open' });
    root.adoptedStyleSheets = [sheet];
    this.#button.addEventListener('click', () => void setLocale('sv'));
    root.append(this.#button);
    this.attributeChangedCallback();
  }

  attributeChangedCallback(): void {
    this.#button.textContent = msg(str`Hei ${this.getAttribute('name')}`, { id: 'floor' });
  }
}
customElements.define('floor-plain', Floor);
