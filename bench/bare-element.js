// The baseline for `npm run bench`: a bare Lit element holding a two-field sign-in form,
// bundled with Lit (like dist/city-login.js) by bench/startup.mjs.
import { LitElement, css, html } from 'lit';

class BareLogin extends LitElement {
  static properties = { username: { state: true } };
  static styles = css`
    :host { display: block; font: 16px/1.4 system-ui, sans-serif; max-width: 28rem; }
    label { display: block; margin-top: 0.75rem; }
    input { display: block; width: 100%; box-sizing: border-box; padding: 0.5rem; }
    button { margin-top: 1rem; padding: 0.5rem 1rem; }
  `;

  constructor() {
    super();
    this.username = '';
  }

  render() {
    return html`
      <form @submit=${this.#submit}>
        <label for="u">Username</label>
        <input id="u" name="username" autocomplete="username" .value=${this.username} />
        <label for="p">Password</label>
        <input id="p" name="password" type="password" autocomplete="current-password" />
        <button type="submit">Sign in</button>
      </form>
    `;
  }

  #submit(event) {
    event.preventDefault();
    this.username = new FormData(event.currentTarget).get('username') ?? '';
  }
}

customElements.define('bare-login', BareLogin);
