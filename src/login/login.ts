import { LitElement, html, nothing, render, type PropertyValues } from 'lit';
import { msg } from '@lit/localize';
import type { AuthClient, User } from '../auth/auth-client.js';
import { DEFAULT_TIMEOUT_MS, HttpAuthClient } from '../auth/http-auth-client.js';
import { readResetFragment } from '../contract/contract.js';
import { safeNavigationUrl } from '../contract/readers.js';
import { LANGUAGE_CHANGE_EVENT, REDIRECT_EVENT, SIGNED_IN_EVENT, SIGNED_OUT_EVENT } from '../events.js';
import { RESET_CODES, type FieldName, type FlowError, type ResetCode, type SignedOutState, type Step } from '../flow/flow.js';
import { FlowController } from '../flow/flow-controller.js';
import { checkRedirect } from '../flow/redirect-policy.js';
import { errorMessage, noticeMessage, waitMessage } from './messages.js';
import { wrapTabInDialog } from './focus-wrap.js';
import { styles } from './login.styles.js';
import { currentLocale, localizationRuntime, onLocalizationChange, toSupportedLocale } from './locale-hook.js';
import { LANGUAGE_CODES, LANGUAGE_NAMES, SUPPORTED_LOCALES, type SupportedLocale } from './login.types.js';

let instances = 0;

/**
 * A plain email address for the `mailto:` link: letters, digits and `._+-` before the `@`,
 * a dotted domain after it. Nothing a `mailto:` URL would read as more than an address
 * (`?cc=`, `&body=`, `%`, `,`, `;`, `:`, `/`, `#`, spaces, angle brackets).
 */
const PLAIN_ADDRESS = /^[\p{L}\p{N}._+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;

/**
 * Lit re-creates DOM only for another template. Two copies of one wrapper, picked
 * by `n`'s parity, make a fresh subtree whenever `n` changes by one: a new error
 * (its `seq`) is a new `role=alert` node, announced even when its text is the same;
 * the forgot step gets inputs of its own, not the identifier field reused.
 */
const variants = [(content: unknown) => html`${content}`, (content: unknown) => html`${content}`];
const variant = (n: number, content: unknown) => variants[n % 2]!(content);

/** The field each step starts in (`sent`: the confirmation text). */
const STEP_FOCUS: Record<Step, string> = {
  identify: 'identifier',
  password: 'password',
  forgot: 'email',
  'forgot-sent': 'sent',
  'set-password': 'new-password',
  'password-changed': 'changed',
};

/** The set-new-password step, loaded when a reset link opens it (see set-password.ts). */
type SetPasswordModule = typeof import('./set-password.js');
let setPasswordModule: SetPasswordModule | undefined;
let setPasswordLoading: Promise<SetPasswordModule> | undefined;

/** Where a language switch sits: the header bar, or the sign-in panel (dialog or inline). */
type SwitchPlace = 'bar' | 'panel';

/**
 * A complete sign-in for a city e-service: email or username first, then the
 * password; forgot password; remember me; and, signed in, a badge with the
 * resident's name that links to their account settings, and sign-out.
 *
 * The credential form is rendered into the element's own light DOM and slotted
 * into its shadow root, so browsers' and extensions' password managers see it.
 *
 * @summary Sign-in button, dialog and user badge for a city e-service.
 *
 * @fires city-login-signed-in - The resident signed in, or the session check on load found them signed in. Detail: `{ user, restored }`.
 * @fires city-login-signed-out - The resident signed out, or the server ended the session. Detail: `{ reason }`.
 * @fires city-login-redirect - Identify sent the resident to an external sign-in, to a URL that passed `redirect-origins` (see there). Cancelable: cancel it to stay on the page, or to refuse a URL by a rule of your own. Detail: `{ url }`.
 * @fires city-login-language-change - The resident chose a language in the switch. Cancelable: cancel it to switch the page's language yourself (then set `lang`). Detail: `{ locale }`.
 *
 * @slot form - Internal: the light-DOM credential form the element renders itself. Do not use.
 *
 * @csspart base - The header bar (sign-in button, or badge and sign-out).
 * @csspart sign-in-button - The "Kirjaudu sisään" button that opens the dialog.
 * @csspart badge - The signed-in resident's "Name (email)" link.
 * @csspart sign-out-button - The "Kirjaudu ulos" button.
 * @csspart dialog - The modal `<dialog>` (header use).
 * @csspart panel - The sign-in panel, in the dialog or in place.
 * @csspart header - The panel's title row.
 * @csspart title - The panel's heading.
 * @csspart notice - The migration notice.
 * @csspart error - The error box above the form.
 * @csspart footer - The forgot-password link and the contact line.
 * @csspart status - The polite live region for progress and notices.
 * @csspart language - The language switch ("FIN ▼").
 * @csspart language-button - The button that opens the language list.
 * @csspart language-list - The list of languages.
 *
 * @cssprop --city-login-color-primary - Buttons and links. Default `#0047b3`.
 * @cssprop --city-login-color-on-primary - Text on primary buttons. Default `#ffffff`.
 * @cssprop --city-login-color-text - Text. Default `#1b1b1b`.
 * @cssprop --city-login-color-muted - Secondary text. Default `#4a4a4a`.
 * @cssprop --city-login-color-background - Panel and dialog background. Default `#ffffff`.
 * @cssprop --city-login-color-field-background - Input background. Default `#ffffff`.
 * @cssprop --city-login-color-muted-background - Read-only field and placeholder background. Default `#f2f4f7`.
 * @cssprop --city-login-color-border - Input and panel borders. Default `#6b6b6b`.
 * @cssprop --city-login-color-error - Error text and borders. Default `#b3001b`.
 * @cssprop --city-login-color-notice-background - The migration notice's background. Default `#eef4fc`.
 * @cssprop --city-login-color-focus - The focus ring. Default `#0047b3`.
 * @cssprop --city-login-radius - Corner radius. Default `4px`.
 * @cssprop --city-login-gap - Space between rows. Default `1rem`.
 * @cssprop --city-login-panel-width - Width of the dialog and inline panel. Default `28rem`.
 * @cssprop --city-login-font-size - Base font size. Default `1rem`.
 */
export class CityLogin extends LitElement {
  static override styles = styles;

  static override properties = {
    dialogOpen: { state: true, attribute: false },
    languageMenu: { state: true, attribute: false },
    passwordVisible: { state: true, attribute: false },
    lang: { reflect: true, useDefault: true },
    endpoint: {},
    inline: { type: Boolean, reflect: true },
    helpHref: { attribute: 'help-href' },
    signupHref: { attribute: 'signup-href' },
    accountHref: { attribute: 'account-href' },
    supportEmail: { attribute: 'support-email' },
    csrfToken: { attribute: 'csrf-token' },
    noNotice: { type: Boolean, attribute: 'no-notice' },
    noAuthorityLine: { type: Boolean, attribute: 'no-authority-line' },
    noLanguageSwitch: { type: Boolean, attribute: 'no-language-switch' },
    headingLevel: { type: Number, attribute: 'heading-level' },
    timeout: { type: Number },
    redirectOrigins: { attribute: 'redirect-origins' },
    auth: { attribute: false },
  };

  /**
   * @internal Waits (ms) before the 2nd and 3rd try of a session check that failed on
   * load (network, timeout, 5xx): a blip is neither "signed out" nor an error. Tests shorten it.
   */
  static sessionCheckRetryDelays: readonly number[] = [1000, 3000];

  /**
   * @internal How long (ms) a redirect to an external sign-in may take to leave the page
   * before the form works again (the target answered 204, say). Tests shorten it.
   */
  static redirectRecoveryDelay = 10_000;

  readonly #flow = new FlowController(this, {
    client: () => this.#client(),
    checkRetryDelays: () => CityLogin.sessionCheckRetryDelays,
    // In place (a dedicated sign-in page), the form shows at once; the session check runs behind it.
    signedOutFirst: () => this.inline,
    redirectRecoveryDelay: () => CityLogin.redirectRecoveryDelay,
    checkRedirect: (url) => {
      const list = this.redirectOrigins?.trim();
      const origins = list ? list.split(/\s+/) : [location.href, new URL(this.#endpointUrl(), document.baseURI).href];
      const verdict = checkRedirect(url, { page: location.href, base: document.baseURI, origins });
      if (verdict.refused) this.#warn(`<city-login>: refused a redirect (${verdict.refused}); see redirect-origins.`);
      return verdict.url ?? null;
    },
    // Tabs share cookie sessions of the built-in client's endpoint.
    channel: () => (this.auth ? null : `city-login ${new URL(this.#endpointUrl(), document.baseURI).href}`),
    effects: {
      signedIn: (user, restored) => {
        // Also when restored: a session found while the resident is in the form replaces it.
        if (this.#hasFocus()) this.#focus = 'a[part=badge],[part=sign-out-button]';
        this.dialogOpen = false;
        this.#emit(SIGNED_IN_EVENT, { user, restored });
      },
      signedOut: () => {
        const state = this.#flow.state;
        if (this.#hasFocus()) this.#focus = this.inline ? this.#fieldSelector('identifier') : '[part=sign-in-button]';
        this.#emit(SIGNED_OUT_EVENT, {
          reason: state.status === 'signed-out' && state.notice === 'session-expired' ? 'session-expired' : 'signed-out',
        });
      },
      redirect: (url) => {
        const proceed = this.#emit(REDIRECT_EVENT, { url }, true);
        if (proceed) window.location.assign(url);
        return proceed;
      },
      passwordRejected: () => {
        for (const input of this.querySelectorAll<HTMLInputElement>('input[type=password],input[name$=password]')) input.value = '';
      },
    },
  });

  readonly #id = `city-login-${++instances}`;
  #defaultClient: { key: string; client: HttpAuthClient } | null = null;
  /** A selector for what takes focus after the next render (light DOM first, then shadow). */
  #focus: string | null = null;
  #previous = this.#flow.state;
  #warned = new Set<string>();
  /** The locale last asked of the localization runtime. */
  #requestedLocale: SupportedLocale | null = null;
  /** Ends the listeners of one connection. */
  #connection: AbortController | null = null;

  /** Whether the dialog is open (header use). */
  private dialogOpen = false;

  /** Which language list is open, if any. */
  private languageMenu: SwitchPlace | null = null;

  /** Whether the password is shown as text (the show-password button). */
  private passwordVisible = false;

  /**
   * UI language: `fi`, `sv` or `en`. Unset: the nearest `lang` up the tree, else `fi`.
   * The element sets it itself when the resident picks a language in the switch.
   */
  override lang = '';

  /** Base URL of the auth API (see the HTTP contract). */
  endpoint = '/auth';

  /** Render the flow in place (a dedicated sign-in page) instead of a button and a dialog. The form shows at once; the session check runs behind it. */
  inline = false;

  /** Link to the sign-in instructions (pdf). The help line is hidden when unset. */
  helpHref?: string;

  /** Link to account creation. The create-account line is hidden when unset. */
  signupHref?: string;

  /** Where the signed-in badge links (account settings). Plain text when unset. */
  accountHref?: string;

  /** Customer-service email address, shown with failures and in the contact line. */
  supportEmail?: string;

  /** CSRF token for the `X-CSRF-Token` header. Default: `<meta name="csrf-token">`. */
  csrfToken?: string;

  /** Hide the migration notice ("Kirjautumisjärjestelmä on hiljattain muuttunut…"). */
  noNotice = false;

  /** Hide the authority-user line ("Viranomaiskäyttäjä?…"). */
  noAuthorityLine = false;

  /** Hide the language switch (e.g. when the page has its own). */
  noLanguageSwitch = false;

  /** Level of the panel's heading (1–6). */
  headingLevel = 2;

  /**
   * Milliseconds before a call to the auth API fails with a timeout. Not a positive number:
   * the default 15 000. Longer than 2^31 − 1 (about 24.8 days, `Infinity`): that.
   */
  timeout = DEFAULT_TIMEOUT_MS;

  /**
   * Where identify's redirect may send the resident: space-separated origins, e.g.
   * `"https://tunnistus.espoo.fi"`. Unset: the page's own origin and the endpoint's. Set, it
   * replaces them; each entry stands for its URL's origin, and what is not an absolute URL
   * (`*`, `'self'`) allows nothing.
   * Always refused: credentials in the URL, `http:` from an `https:` page, more than 2 048
   * characters. A refused redirect is shown as an unexpected answer from the service. Finer
   * rules: cancel `city-login-redirect`.
   */
  redirectOrigins?: string;

  /** Replaces the built-in HTTP client, e.g. with an adapter for a city's own auth SDK. */
  auth?: AuthClient;

  /** The signed-in resident, or `null`. */
  get user(): User | null {
    const state = this.#flow.state;
    return state.status === 'signed-in' ? state.user : null;
  }

  /** Opens the sign-in flow: the dialog, or focus on the inline form. Does nothing when signed in. */
  open(): void {
    const state = this.#flow.state;
    if (state.status !== 'signed-out') return;
    // The dialog may have been closed by script with its close event still queued
    // (Chrome fires it with the next rendering): render, so updated() shows it again.
    this.requestUpdate();
    this.dialogOpen = !this.inline;
    this.#focus = this.#fieldSelector(STEP_FOCUS[state.step]);
  }

  /** Closes the dialog (header use). Focus returns to the "Kirjaudu sisään" button. */
  close(): void {
    if (this.dialogOpen && this.#flow.state.status === 'signed-out') this.#focus = '[part=sign-in-button]';
    this.dialogOpen = false;
  }

  /** Signs the resident out, as the "Kirjaudu ulos" button does. */
  signOut(): void {
    this.#flow.signOut();
  }

  override focus(options?: FocusOptions): void {
    const target = this.inline
      ? this.querySelector<HTMLElement>('form input:not([readonly])')
      : this.renderRoot.querySelector<HTMLElement>('.bar button, .bar a');
    if (target) target.focus(options);
    else super.focus(options);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.#openResetLink();
    if (this.getRootNode() instanceof ShadowRoot) {
      this.#warn('<city-login> is inside a shadow root: password-manager extensions may not see its form. Place it in the light DOM of the page.');
    }
    this.#connection = new AbortController();
    const rerender = () => this.requestUpdate();
    // The nearest `lang` up the tree may change (the page switches its language).
    const observer = new MutationObserver(rerender);
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    // The page's locale changed (its translations loaded): render again.
    window.addEventListener('lit-localize-status', rerender, { signal: this.#connection.signal });
    // A reset link opened in a tab already on this page changes only the fragment.
    window.addEventListener('hashchange', () => this.#openResetLink(), { signal: this.#connection.signal });
    const unsubscribe = onLocalizationChange(() => {
      this.#requestedLocale = null;
      rerender();
    });
    this.#connection.signal.addEventListener('abort', () => {
      observer.disconnect();
      unsubscribe();
    });
  }

  /**
   * A reset link (`#reset-token=…` in the address): the token is taken out of the address bar
   * at once and held only by the flow, which opens the set-new-password step (not for a resident
   * who is signed in). The first element on the page takes it; in header use the dialog opens.
   */
  #openResetLink(): void {
    const token = readResetFragment(location.hash);
    if (token === null) return;
    history.replaceState(history.state, '', location.pathname + location.search);
    if (this.#flow.openResetLink(token)) this.dialogOpen = !this.inline;
  }

  /** The set-new-password step's module: loaded on first need, then the element renders again. */
  #setPassword(): SetPasswordModule | undefined {
    if (!setPasswordModule) {
      setPasswordLoading ??= import('./set-password.js').then((module) => (setPasswordModule = module));
      void setPasswordLoading.then(
        () => {
          // The new password's field may be there before the module was: focus it now.
          const state = this.#flow.state;
          if (state.status === 'signed-out' && state.step === 'set-password' && state.ticket) this.#focus = this.#fieldSelector('new-password');
          this.requestUpdate();
        },
        () => {
          // Offline or a failed chunk: a later render tries again.
          setPasswordLoading = undefined;
        },
      );
    }
    return setPasswordModule;
  }

  /** The view the set-new-password step renders from. */
  #setPasswordView(state: SignedOutState) {
    return {
      id: this.#id,
      state,
      passwordVisible: this.passwordVisible,
      togglePasswordVisible: () => (this.passwordVisible = !this.passwordVisible),
      requestNewLink: () => this.#flow.requestNewLink(),
      ...(this.#flow.canRetryResetLink ? { retry: () => this.#flow.retryResetLink() } : {}),
      backToSignIn: () => this.#flow.backToSignIn(),
      fieldError: (error: FlowError, id: string) => this.#fieldError(error, id),
    };
  }

  /** The message of an error: the set-new-password step's own codes come with its module. */
  #message(error: FlowError): string {
    const module = setPasswordModule;
    return module && (RESET_CODES as readonly string[]).includes(error.code)
      ? module.resetMessage(error.code as ResetCode, error.rule, this.#flow.state.status === 'signed-out' ? this.#flow.state.ticket?.policy : undefined)
      : errorMessage(error.code);
  }

  #fieldError(error: FlowError, id: string) {
    return variant(error.seq, html`<span slot="error" id=${id} role="alert">${this.#message(error)}</span>`);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection?.abort();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new adapter (or endpoint of the built-in client) while the session check is pending: ask the new one.
    if (this.hasUpdated && (changed.has('auth') || (changed.has('endpoint') && !this.auth))) this.#flow.clientChanged();
    this.#syncLocale();
    const state = this.#flow.state;
    // The show-password choice lasts only as long as the password step (or the new password's).
    if (state.status !== 'signed-out' || (state.step !== 'password' && state.step !== 'set-password')) this.passwordVisible = false;
  }

  /** Resolves once the element and the fields of its light-DOM form have rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    const done = await super.getUpdateComplete();
    await Promise.all([...this.querySelectorAll('city-login-field')].map((field) => field.updateComplete));
    return done;
  }

  protected override update(changed: PropertyValues): void {
    super.update(changed);
    // The credential form lives in the light DOM, slotted into the shadow root.
    render(this.#renderForm(), this, { host: this });
  }

  protected override updated(): void {
    const dialog = this.renderRoot.querySelector('dialog');
    if (dialog && this.dialogOpen !== dialog.open) {
      if (this.dialogOpen) dialog.showModal();
      else dialog.close();
    }
    // Moves focus when the flow moved on: a new step, an error in a field.
    const before = this.#previous;
    const after = (this.#previous = this.#flow.state);
    if (after.status === 'signed-out' && before.status === 'signed-out') {
      if (after.step !== before.step || (after.ticket && !before.ticket)) this.#focus = this.#fieldSelector(STEP_FOCUS[after.step]);
      else if (after.error?.field && after.error.seq !== before.error?.seq) this.#focus = this.#fieldSelector(after.error.field);
    }
    const selector = this.#focus;
    this.#focus = null;
    if (selector === null) return;
    const element = this.querySelector<HTMLElement>(selector) ?? this.renderRoot.querySelector<HTMLElement>(selector);
    // A slotted input can take focus only once its field has rendered its slots.
    const field = element?.closest('city-login-field');
    if (field) void field.updateComplete.then(() => element?.focus());
    else element?.focus();
  }

  protected override render() {
    const state = this.#flow.state;
    let content: unknown;
    let after: unknown = nothing;
    let status = '';
    switch (state.status) {
      case 'checking':
        content = html`<span class="placeholder" aria-hidden="true"></span>`;
        status = msg('Tarkistetaan kirjautumista…', { id: 'status.checking' });
        break;
      case 'check-failed':
        content = html`${this.#alert(state.error, msg('Kirjautumistilaa ei voitu tarkistaa.', { id: 'error.check-failed' }))}
          <button class="button" type="button" @click=${() => this.#flow.recheck()}>${msg('Yritä uudelleen', { id: 'action.retry' })}</button>`;
        break;
      case 'signed-in': {
        const { user, pending, error } = state;
        // Each part isolated bidirectionally: a right-to-left name cannot reorder the address.
        const label =
          user.name && user.email ? html`<bdi>${user.name}</bdi> (<bdi>${user.email}</bdi>)` : html`<bdi>${user.name || user.email}</bdi>`;
        const href = this.#safeHref(this.accountHref, 'account-href');
        content = html`${href
            ? html`<a class="badge" part="badge" href=${href}>${label}</a>`
            : html`<span class="badge" part="badge">${label}</span>`}
          <button class="button secondary" part="sign-out-button" type="button" aria-disabled=${pending ? 'true' : 'false'} @click=${() => this.#flow.signOut()}>
            ${msg('Kirjaudu ulos', { id: 'action.sign-out' })}
          </button>`;
        if (error) after = this.#alert(error, msg('Uloskirjautuminen ei onnistunut.', { id: 'error.sign-out-failed' }));
        if (pending) status = msg('Kirjaudutaan ulos…', { id: 'status.signing-out' });
        break;
      }
      case 'signed-out':
        if (this.inline) return this.#renderPanel(state);
        content = html`<button class="button" part="sign-in-button" type="button" aria-haspopup="dialog" @click=${() => this.open()}>
          ${msg('Kirjaudu sisään', { id: 'action.sign-in' })}
        </button>`;
        after = html`<dialog part="dialog" aria-labelledby=${`${this.#id}-title`} @cancel=${() => this.close()} @close=${this.#onDialogClose} @keydown=${wrapTabInDialog}>
          ${this.dialogOpen ? this.#renderPanel(state) : nothing}
        </dialog>`;
        status = this.#notice(state);
    }
    return html`<div class="bar" part="base" aria-busy=${state.status === 'checking' ? 'true' : nothing}>
        ${content} ${this.#renderLanguageSwitch('bar')}
      </div>
      ${after} ${this.dialogOpen ? nothing : this.#renderStatus(status)}`;
  }

  // ---------------------------------------------------------------- the panel

  #renderPanel(state: SignedOutState) {
    const { step, error } = state;
    const id = this.#id;
    const forgot = step === 'forgot' || step === 'forgot-sent';
    const reset = step === 'set-password' || step === 'password-changed';
    const setPassword = reset ? this.#setPassword() : undefined;
    const view = this.#setPasswordView(state);
    const title = reset
      ? (setPassword?.title(step) ?? msg('Kirjautuminen', { id: 'title.sign-in' }))
      : forgot
        ? msg('Unohtuiko käyttäjätunnus tai salasana?', { id: 'action.forgot' })
        : msg('Kirjautuminen', { id: 'title.sign-in' });
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 2, 1), 6);
    const spoken =
      state.pending === null && !state.notice && this.#flow.connectivity === 'online'
        ? {
            identify: msg('Vaihe 1 kahdesta: sähköpostiosoite tai käyttäjätunnus', { id: 'step.identify' }),
            password: msg('Vaihe 2 kahdesta: salasana', { id: 'step.password' }),
            forgot: msg('Salasanan palautus', { id: 'step.forgot' }),
            'forgot-sent': '',
            'set-password': '',
            'password-changed': '',
          }[step]
        : '';
    const pending = state.pending;
    const status =
      pending === 'verify' || pending === 'set-password'
        ? (setPassword?.pendingText(pending) ?? msg('Ladataan…', { id: 'status.loading' }))
        : pending
          ? {
              identify: msg('Tarkistetaan…', { id: 'status.identifying' }),
              'sign-in': msg('Kirjaudutaan…', { id: 'status.signing-in' }),
              reset: msg('Lähetetään…', { id: 'status.sending' }),
              redirect: msg('Siirrytään kirjautumispalveluun…', { id: 'status.redirecting' }),
            }[pending]
          : reset && !setPassword
            ? msg('Ladataan…', { id: 'status.loading' })
            : this.#notice(state);
    return html`<section class="panel" part="panel" aria-labelledby=${`${id}-title`}>
      <div class="header" part="header">
        <div class="title" part="title" id=${`${id}-title`} role="heading" aria-level=${level} tabindex="-1">${title}</div>
        <div class="header-actions">
          ${this.#renderLanguageSwitch('panel')}
          ${this.inline
            ? nothing
            : html`<button class="close" type="button" aria-label=${msg('Sulje', { id: 'action.close' })} @click=${() => this.close()}>
                <span aria-hidden="true">×</span>
              </button>`}
        </div>
      </div>
      ${reset ? (setPassword?.intro(view) ?? nothing) : this.#renderIntro(step)}
      ${error && !error.field
        ? this.#alert(
            error,
            '',
            error.code === 'rate_limited' && error.retryAfterSeconds ? waitMessage(error.retryAfterSeconds, currentLocale()) : nothing,
            error.code === 'locked' || error.code === 'delivery_failed' ? this.#renderContactLine('') : nothing,
          )
        : nothing}
      <slot name="form"></slot>
      <div class="footer" part="footer">
        ${reset
          ? (setPassword?.footer(view) ?? nothing)
          : forgot
          ? html`<button class="link" type="button" @click=${() => this.#flow.backToSignIn()}>
              ${msg('Takaisin kirjautumiseen', { id: 'action.back' })}
            </button>`
          : html`<button class="link" type="button" @click=${() => this.#flow.openForgot()}>
              ${msg('Unohtuiko käyttäjätunnus tai salasana?', { id: 'action.forgot' })}
            </button>`}
        ${this.#renderContactLine('muted')}
      </div>
      ${this.#renderStatus(status, true, spoken)}
    </section>`;
  }

  #renderIntro(step: Exclude<Step, 'set-password' | 'password-changed'>) {
    switch (step) {
      case 'identify': {
        const help = this.#safeHref(this.helpHref, 'help-href');
        const signup = this.#safeHref(this.signupHref, 'signup-href');
        return html`${this.noNotice
            ? nothing
            : html`<p class="notice" part="notice">
                ${msg('Kirjautumisjärjestelmä on hiljattain muuttunut. Käyttäjätunnuksena toimii jatkossa sähköpostiosoitteesi.', {
                  id: 'intro.notice',
                })}
              </p>`}
          ${help
            ? html`<p>
                ${msg(
                  html`Ongelmia sisäänkirjautumisessa? Katso <a href=${help} target="_blank" rel="noopener">ohje sisäänkirjautumiseen (pdf)<span class="sr-only"> (avautuu uuteen välilehteen)</span></a> muutosten jälkeen.`,
                  { id: 'intro.help' },
                )}
              </p>`
            : nothing}
          ${signup
            ? html`<p>
                ${msg(html`<a href=${signup}>Luo uusi käyttäjätunnus</a> jos sinulla ei vielä ole omaa käyttäjätunnusta.`, { id: 'intro.signup' })}
              </p>`
            : nothing}
          ${this.noAuthorityLine
            ? nothing
            : html`<p>
                ${msg('Viranomaiskäyttäjä? Kirjaudu sisään normaaliin tapaan välittämättä muutoksista.', {
                  id: 'intro.authority',
                })}
              </p>`}`;
      }
      case 'password':
        return html`<p>${msg('Syötä nyt salasanasi. Se on edelleen sama kuin ennenkin.', { id: 'intro.password' })}</p>`;
      case 'forgot':
        return html`<p>
          ${msg(
            'Anna sähköpostiosoitteesi, niin lähetämme siihen linkin salasanan vaihtamiseen. Käyttäjätunnuksesi on sama kuin sähköpostiosoitteesi.',
            { id: 'intro.forgot' },
          )}
        </p>`;
      case 'forgot-sent':
        return html`<p class="notice" part="notice" id=${`${this.#id}-sent`} tabindex="-1">
          ${msg(
            'Jos antamasi sähköpostiosoite on käytössä palvelussa, lähetimme siihen linkin salasanan vaihtamiseen. Tarkista sähköpostisi, myös roskapostikansio.',
            { id: 'intro.forgot-sent' },
          )}
        </p>`;
    }
  }

  /** An error box (`role=alert`), re-created for every new error. */
  #alert(error: FlowError, title: string, wait: unknown = nothing, contact: unknown = nothing) {
    return variant(
      error.seq,
      html`<div class="error" part="error" role="alert">
        ${title ? html`<p class="error-title">${title}</p>` : nothing}
        <p>${this.#message(error)} ${wait}</p>
        ${contact}
      </div>`,
    );
  }

  #renderContactLine(className: string) {
    const email = this.supportEmail?.trim();
    if (!email) return nothing;
    // Only a plain address: anything a mailto: link could read as more (recipients, a message) is not shown.
    if (!PLAIN_ADDRESS.test(email)) {
      this.#warn('<city-login>: ignoring support-email: not a plain address.', email);
      return nothing;
    }
    return html`<p class=${className}>
      ${msg('Olethan meihin yhteydessä mahdollisissa ongelmatilanteissa. Sähköposti:', { id: 'contact.line' })}
      <a href=${`mailto:${email}`}>${email}</a>
    </p>`;
  }

  /** The one polite live region of a view: `text` (visible when `visible`), and `spoken` for screen readers only. */
  #renderStatus(text: string, visible = false, spoken = '') {
    return html`<div class=${visible ? 'status' : 'sr-only'} part="status" role="status">
      ${spoken ? html`<span class="sr-only">${spoken}</span>` : nothing}${text}
    </div>`;
  }

  /** Said while offline and once back online; else the flow's notice. */
  #notice(state: SignedOutState): string {
    const connectivity = this.#flow.connectivity;
    if (connectivity === 'offline') return errorMessage('offline');
    if (connectivity === 'restored') return msg('Verkkoyhteys palasi. Voit yrittää uudelleen.', { id: 'notice.online' });
    return state.notice ? noticeMessage(state.notice) : '';
  }

  // ---------------------------------------------------------------- light-DOM form

  #renderForm() {
    const state = this.#flow.state;
    if (state.status !== 'signed-out' || (!this.inline && !this.dialogOpen) || state.step === 'forgot-sent') return nothing;
    const { step } = state;
    const id = this.#id;
    if (step === 'set-password' || step === 'password-changed') return this.#renderSetPasswordForm(state);
    const forgot = step === 'forgot';
    const blocked = (forgot ? state.blocked.reset : state.blocked.signIn) !== null;
    // method=dialog: a submission the handler does not see (a page script's form.submit(), a
    // capture listener that stops the event) sends nothing anywhere; a GET would put the password in a URL.
    return html`<form slot="form" method="dialog" novalidate aria-labelledby=${`${id}-form-label`} @submit=${this.#onSubmit}>
      <span id=${`${id}-form-label`} hidden>${msg('Kirjautuminen', { id: 'title.sign-in' })}</span>
      ${variant(
        forgot ? 1 : 0,
        forgot
          ? this.#renderInput(state, 'email', msg('Sähköpostiosoite', { id: 'field.email' }), state.email)
          : this.#renderInput(state, 'identifier', msg('Sähköpostiosoite / käyttäjätunnus', { id: 'field.identifier' }), state.identifier),
      )}
      ${step === 'password'
        ? html`${this.#renderInput(state, 'password', msg('Salasana', { id: 'field.password' }))}
            <city-login-field kind="check">
              <input
                slot="input"
                type="checkbox"
                id=${`${id}-remember`}
                name="remember"
                .checked=${state.remember}
                @change=${(event: Event) => this.#flow.editRemember((event.target as HTMLInputElement).checked)}
              />
              <label slot="label" for=${`${id}-remember`}>${msg('Muista kirjautumiseni tässä tietokoneessa', { id: 'field.remember' })}</label>
            </city-login-field>`
        : nothing}
      <city-login-field kind="submit">
        <button slot="input" type="submit" aria-disabled=${state.pending !== null || blocked ? 'true' : 'false'}>
          ${step === 'identify'
            ? msg('Jatka', { id: 'action.continue' })
            : forgot
              ? msg('Lähetä', { id: 'action.send' })
              : msg('Kirjaudu sisään', { id: 'action.sign-in' })}
        </button>
      </city-login-field>
    </form>`;
  }

  /** The set-new-password step's form (its fields come with its module); none once changed or without a usable link. */
  #renderSetPasswordForm(state: SignedOutState) {
    const module = setPasswordModule;
    if (!module || state.step !== 'set-password' || !state.ticket) return nothing;
    const blocked = state.blocked.signIn !== null;
    return html`<form slot="form" method="dialog" novalidate aria-labelledby=${`${this.#id}-form-label`} @submit=${this.#onSubmit}>
      <span id=${`${this.#id}-form-label`} hidden>${module.title('set-password')}</span>
      ${module.fields(this.#setPasswordView(state))}
      <city-login-field kind="submit">
        <button slot="input" type="submit" aria-disabled=${state.pending !== null || blocked ? 'true' : 'false'}>${module.submitLabel()}</button>
      </city-login-field>
    </form>`;
  }

  /** One text field: `identifier` (name `username`), `password` or `email`, with its error. */
  #renderInput(state: SignedOutState, field: Exclude<FieldName, 'new-password'>, label: string, value?: string) {
    const inputId = `${this.#id}-${field}`;
    const errorId = `${inputId}-error`;
    const error = state.error?.field === field ? state.error : null;
    const password = field === 'password';
    const readonly = field === 'identifier' && state.step === 'password';
    const name = field === 'identifier' ? 'username' : field;
    // The password is never kept in the flow's state; the other fields are, as they are typed.
    const edit =
      field === 'password'
        ? nothing
        : (event: Event) => this.#flow.dispatch({ type: 'edit', field, value: (event.target as HTMLInputElement).value });
    return html`<city-login-field kind="text">
      <label slot="label" for=${inputId}>${label}</label>
      <input
        slot="input"
        id=${inputId}
        name=${name}
        type=${password ? (this.passwordVisible ? 'text' : 'password') : field === 'email' ? 'email' : 'text'}
        autocomplete=${password ? 'current-password' : name}
        autocapitalize="none"
        spellcheck="false"
        inputmode=${password ? nothing : 'email'}
        ?readonly=${readonly}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? errorId : nothing}
        .value=${value ?? ''}
        @input=${edit}
        @change=${edit}
      />
      ${password
        ? html`<button
            slot="action"
            type="button"
            aria-label=${msg('Näytä salasana', { id: 'action.show-password' })}
            aria-pressed=${this.passwordVisible ? 'true' : 'false'}
            aria-controls=${inputId}
            @click=${() => (this.passwordVisible = !this.passwordVisible)}
          >
            ${msg('Näytä', { id: 'action.show' })}
          </button>`
        : nothing}
      ${readonly
        ? html`<button
            slot="action"
            type="button"
            aria-label=${msg('Vaihda käyttäjätunnus', { id: 'action.change-identifier' })}
            @click=${() => this.#flow.changeIdentifier()}
          >
            ${msg('Vaihda', { id: 'action.change' })}
          </button>`
        : nothing}
      ${error ? this.#fieldError(error, errorId) : nothing}
    </city-login-field>`;
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const state = this.#flow.state;
    if (state.status !== 'signed-out') return;
    // A shown password is hidden again when it is sent.
    this.passwordVisible = false;
    // Read what is in the form now: autofill may not fire input events.
    const form = event.currentTarget as HTMLFormElement;
    const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const value = (name: string, fallback = '') => input(name)?.value ?? fallback;
    if (state.step === 'identify') this.#flow.submitIdentifier(value('username'));
    if (state.step === 'password') this.#flow.submitPassword(value('username', state.identifier), value('password'), input('remember')?.checked ?? false);
    if (state.step === 'forgot') this.#flow.submitReset(value('email'));
    if (state.step === 'set-password') this.#flow.submitNewPassword(value('new-password'), value('confirm-password'));
  }

  #onDialogClose(event: Event): void {
    // A close event that arrives after the dialog was shown again is stale.
    if ((event.currentTarget as HTMLDialogElement).open) return;
    this.close();
  }

  #fieldSelector(field: string): string {
    return `#${this.#id}-${field}`;
  }

  #hasFocus(): boolean {
    return this.matches(':focus-within') || this.contains(document.activeElement);
  }

  // ---------------------------------------------------------------- client and locale

  #client(): AuthClient {
    if (this.auth) return this.auth;
    const endpoint = this.#endpointUrl();
    const key = `${endpoint} ${this.timeout}`;
    if (this.#defaultClient?.key !== key) {
      this.#defaultClient = {
        key,
        client: new HttpAuthClient({
          endpoint,
          // The client clamps it: NaN, 0 and negatives give the default; above the longest timer (Infinity too), the longest.
          timeoutMs: this.timeout,
          csrfToken: () => this.csrfToken ?? document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content,
          // The language asked for, even while its translations load: emails go out in it.
          language: () => (localizationRuntime() ? this.#wantedLocale() : 'fi'),
        }),
      };
    }
    return this.#defaultClient.client;
  }

  /** The endpoint attribute when it is a usable URL, else the default `/auth`. */
  #endpointUrl(): string {
    return this.#safeHref(this.endpoint, 'endpoint') ? this.endpoint.trim() : '/auth';
  }

  /** The language asked for: this element's `lang`, else the nearest non-empty `lang` up the tree (across shadow roots), else `fi`. */
  #wantedLocale(): SupportedLocale {
    let node: Node | null = this;
    while (node) {
      // An empty lang ("unknown") says nothing: look further up.
      const lang = node instanceof Element && node.getAttribute('lang');
      if (lang) return toSupportedLocale(lang) ?? 'fi';
      node = node instanceof ShadowRoot ? node.host : node.parentNode;
    }
    return 'fi';
  }

  /** Asks the localization runtime for the wanted locale when the wish changed. */
  #syncLocale(): void {
    const runtime = localizationRuntime();
    const wanted = this.#wantedLocale();
    if (!runtime || wanted === this.#requestedLocale) return;
    this.#requestedLocale = wanted;
    // Always ask, even when `wanted` is showing: a switch to another locale may still be loading,
    // and the last request must win (@lit/localize ignores a request for the current locale).
    runtime.setLocale(wanted).catch(() => {
      // The chunk could not load (offline): stay in the language shown, and try again next time.
      this.#requestedLocale = null;
      console.warn(`<city-login>: could not load the "${wanted}" translations.`);
    });
  }

  // ---------------------------------------------------------------- language switch

  #renderLanguageSwitch(place: SwitchPlace) {
    if (this.noLanguageSwitch || !localizationRuntime()) return nothing;
    const current = currentLocale();
    const open = this.languageMenu === place;
    const listId = `${this.#id}-languages-${place}`;
    const button = `[part=language-button][data-place=${place}]`;
    return html`<div
      class="language"
      part="language"
      @keydown=${(event: KeyboardEvent) => {
        if (event.key !== 'Escape' || !open) return;
        // Close the list, not the dialog around it.
        event.preventDefault();
        event.stopPropagation();
        this.#focus = button;
        this.languageMenu = null;
      }}
      @focusout=${(event: FocusEvent) => {
        if (!(event.currentTarget as HTMLElement).contains(event.relatedTarget as Node | null)) this.languageMenu = null;
      }}
    >
      <button
        class="language-toggle"
        part="language-button"
        type="button"
        data-place=${place}
        aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${listId}
        @click=${() => (this.languageMenu = open ? null : place)}
      >
        ${LANGUAGE_CODES[current]}<span class="sr-only">, ${msg('valitse kieli', { id: 'language.choose' })}</span>
        <span class="caret" aria-hidden="true">▼</span>
      </button>
      <ul class="language-list" part="language-list" id=${listId} ?hidden=${!open}>
        ${SUPPORTED_LOCALES.map(
          (locale) =>
            html`<li>
              <button
                type="button"
                lang=${locale}
                aria-current=${locale === current ? 'true' : 'false'}
                @click=${() => {
                  this.languageMenu = null;
                  this.#focus = button;
                  if (locale !== current && this.#emit(LANGUAGE_CHANGE_EVENT, { locale }, true)) this.lang = locale;
                }}
              >
                ${LANGUAGE_NAMES[locale]}
              </button>
            </li>`,
        )}
      </ul>
    </div>`;
  }

  /** An attribute URL that is safe to link or send to; warns once and returns `undefined` otherwise. */
  #safeHref(value: string | undefined, attribute: string): string | undefined {
    if (!value?.trim()) return undefined;
    const url = safeNavigationUrl(value, document.baseURI);
    if (url === null) this.#warn(`<city-login>: ignoring ${attribute}: only http(s) and relative URLs are allowed.`, value);
    return url ?? undefined;
  }

  /** Warns once per message (and `key`). */
  #warn(message: string, key = ''): void {
    if (this.#warned.has(message + key)) return;
    this.#warned.add(message + key);
    console.warn(message);
  }

  #emit<T>(type: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}
