// `npm run bench:floor`, row 2: row 1 plus what issue 15's design keeps eager besides the bar's
// own view, as written today: the built-in client and the contract's readers its session check
// uses, the session's reducer, the localization glue (Finnish built in, the other languages in
// parts) and the language switch ("FIN ▼", its list, the language remembered and looked up),
// and the events. No bar view, no styles of ours, no dialog, no retries or background checks of
// the session: a lower bound of an eager part with the same code.
import { LitElement, css, html, nothing, render } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { msg } from '@lit/localize';
import { HttpAuthClient } from '../../src/auth/http-auth-client.js';
import { SIGNED_IN_EVENT } from '../../src/events.js';
import { INITIAL_STATE, sessionNext } from '../../src/flow/session.js';
import { configureCityLoginLocalization } from '../../src/localization.js';
import { LanguageController } from '../../src/login/language.js';

configureCityLoginLocalization();

class Floor extends LitElement {
  static override styles = css`
    :host {
      display: block;
    }
  `;
  static override properties = { noLanguageSwitch: { type: Boolean } };
  declare noLanguageSwitch: boolean;
  readonly #language = new LanguageController(this, { id: 'floor', key: () => null, chosen: () => true });
  readonly #client = new HttpAuthClient({ endpoint: '/auth', language: () => this.#language.wanted() });
  #state = INITIAL_STATE;

  override connectedCallback(): void {
    super.connectedCallback();
    void this.#client.session(new AbortController().signal).then((user) => {
      this.#state = sessionNext(this.#state, { type: 'session-checked', user });
      this.dispatchEvent(new CustomEvent(SIGNED_IN_EVENT, { detail: { user, restored: true }, bubbles: true, composed: true }));
      this.requestUpdate();
    });
  }

  protected override render() {
    render(nothing, this);
    return html`${keyed(this.#state.status, html`<b>${msg('Kirjaudu sisään', { id: 'action.sign-in' })}</b>`)}
    ${this.#language.render('bar')}`;
  }
}
customElements.define('floor-design', Floor);
