// `npm run bench:floor`, row 2: row 1 plus what issue 15's design keeps eager besides the bar's
// own view, as written today: the built-in client and the contract's readers its session check
// uses, the session's reducer, the localization glue (Finnish built in, the other languages in
// parts) and the language switch ("FIN ▼", its list, the language remembered and looked up, built
// with DOM calls), and the events. No bar view, no styles of ours, no dialog, no retries or
// background checks of the session: a lower bound of an eager part with the same code.
import { ReactiveElement, css } from '@lit/reactive-element';
import { msg } from '@lit/localize';
import { HttpAuthClient } from '../../src/auth/http-auth-client.js';
import { SIGNED_IN_EVENT } from '../../src/events.js';
import { INITIAL_STATE, sessionNext } from '../../src/flow/session.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import { LanguageController } from '../../src/login/language.js';

configureCityLoginLocalization();

class Floor extends ReactiveElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;
  static override properties = { noLanguageSwitch: { type: Boolean } };
  declare noLanguageSwitch: boolean;
  readonly #language = new LanguageController(this, { id: 'floor', key: () => null, chosen: () => true });
  readonly #client = new HttpAuthClient({ endpoint: '/auth', language: () => this.#language.wanted() });
  readonly #label = document.createElement('b');
  #state = INITIAL_STATE;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#client.session(new AbortController().signal).then((user) => {
      this.#state = sessionNext(this.#state, { type: 'session-checked', user });
      this.dispatchEvent(new CustomEvent(SIGNED_IN_EVENT, { detail: { user, restored: true }, bubbles: true, composed: true }));
      this.requestUpdate();
    });
  }

  protected override update(changed: Map<PropertyKey, unknown>): void {
    super.update(changed);
    this.#label.textContent = `${this.#state.status} ${msg('Kirjaudu sisään', { id: 'action.sign-in' })}`;
    this.renderRoot.replaceChildren(this.#label, this.#language.render('bar') ?? '');
  }
}
customElements.define('floor-design', Floor);
