// `npm run bench:floor`, row 1: ReactiveElement (properties,
// controllers, updates, adopted styles) and @lit/localize, the view built with DOM calls.
import { ReactiveElement, css } from '@lit/reactive-element';
import { configureLocalization, msg, str } from '@lit/localize';

const { setLocale } = configureLocalization({
  sourceLocale: 'fi',
  targetLocales: ['sv', 'en'],
  loadLocale: (locale) => import(/* @vite-ignore */ `./${locale}.js`),
});

class Floor extends ReactiveElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;
  static override properties = { name: {} };
  declare name: string;
  readonly #button = document.createElement('button');

  protected override firstUpdated(): void {
    this.#button.addEventListener('click', () => void setLocale('sv'));
    this.renderRoot.append(this.#button);
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    this.#button.textContent = msg(str`Hei ${this.name}`, { id: 'floor' });
  }
}
customElements.define('floor-reactive', Floor);
