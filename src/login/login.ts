import { LitElement, html, nothing, render, type PropertyValues, type TemplateResult } from 'lit';
import { msg } from '@lit/localize';
import type { AuthClient, User } from '../auth/auth-client.js';
import { DEFAULT_TIMEOUT_MS, HttpAuthClient } from '../auth/http-auth-client.js';
import { safeNavigationUrl } from '../auth/parse.js';
import { LANGUAGE_CHANGE_EVENT, REDIRECT_EVENT, SIGNED_IN_EVENT, SIGNED_OUT_EVENT, type SignedOutDetail } from '../events.js';
import { looksLikeEmail, type FieldName, type FlowError, type FlowState, type SignedOutState, type Step } from '../flow/flow.js';
import { FlowController } from '../flow/flow-controller.js';
import { errorMessage, needsSupport, noticeMessage, waitMessage } from './messages.js';
import { styles } from './login.styles.js';
import { currentLocale, localizationRuntime, onLocalizationChange, toSupportedLocale } from './locale-hook.js';
import { LANGUAGE_CODES, LANGUAGE_NAMES, SUPPORTED_LOCALES, type SupportedLocale } from './login.types.js';

let instances = 0;

/**
 * Lit re-creates DOM only for a different template. Two copies of one wrapper,
 * alternated by an error's `seq`, make every new error a new `role=alert` node,
 * so the same error shown twice is announced twice.
 */
const alternates = [(content: unknown) => html`${content}`, (content: unknown) => html`${content}`];
const fresh = (seq: number, content: unknown) => alternates[seq % 2]!(content);

/** Where focus goes after the next render, if anything moved it there. */
type FocusTarget = FieldName | 'sent' | 'sign-in' | 'badge' | 'language-bar' | 'language-panel';

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
 * @fires city-login-redirect - Identify sent the resident to an external sign-in. Cancelable: cancel it to stay on the page. Detail: `{ url }`.
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
 * @cssprop --city-login-color-primary - Buttons, links, focus ring. Default `#0047b3`.
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
    dialogOpen: { state: true },
    languageMenu: { state: true },
    passwordVisible: { state: true },
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
    auth: { attribute: false },
  };

  /**
   * @internal Waits (ms) before the 2nd and 3rd try of a session check that failed on
   * load (network, timeout, 5xx): a blip is neither "signed out" nor an error. Tests shorten it.
   */
  static sessionCheckRetryDelays: readonly number[] = [1000, 3000];

  readonly #flow = new FlowController(this, {
    client: () => this.#client(),
    checkRetryDelays: () => CityLogin.sessionCheckRetryDelays,
    // Tabs share cookie sessions of the built-in client's endpoint.
    channel: () => (this.auth ? null : `city-login ${new URL(this.#endpointUrl(), document.baseURI).href}`),
    effects: {
      signedIn: (user, restored) => this.#onSignedIn(user, restored),
      signedOut: () => this.#onSignedOut(),
      redirect: (url) => this.#onRedirect(url),
      passwordRejected: () => this.#clearPassword(),
    },
  });

  readonly #id = `city-login-${++instances}`;
  #defaultClient: { key: string; client: HttpAuthClient } | null = null;
  #focusTarget: FocusTarget | null = null;
  #previous: FlowState = this.#flow.state;
  #warned = new Set<string>();
  /** The locale last asked of the localization runtime. */
  #requestedLocale: SupportedLocale | null = null;
  #langObserver: MutationObserver | null = null;
  #unsubscribe: (() => void) | null = null;

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

  /** Render the flow in place (a dedicated sign-in page) instead of a button and a dialog. */
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

  /** Milliseconds before a call to the auth API fails with a timeout. */
  timeout = DEFAULT_TIMEOUT_MS;

  /** Replaces the built-in HTTP client, e.g. with an adapter for a city's own auth SDK. */
  auth?: AuthClient;

  /** The signed-in resident, or `null`. */
  get user(): User | null {
    const state = this.#flow.state;
    return state.status === 'signed-in' ? state.user : null;
  }

  /** Opens the sign-in flow: the dialog, or focus on the inline form. Does nothing when signed in. */
  open(): void {
    if (this.#flow.state.status !== 'signed-out') return;
    if (this.inline) {
      this.#focusTarget = this.#stepFocus(this.#flow.state.step);
      this.requestUpdate();
    } else {
      this.#openDialog();
    }
  }

  /** Closes the dialog (header use). Focus returns to the "Kirjaudu sisään" button. */
  close(): void {
    if (this.dialogOpen && this.#flow.state.status === 'signed-out') this.#focusTarget = 'sign-in';
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

  #rerender = (): void => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    if (this.getRootNode() instanceof ShadowRoot && !this.#warned.has('shadow-root')) {
      this.#warned.add('shadow-root');
      console.warn(
        '<city-login> is inside a shadow root: password-manager extensions may not see its form. Place it in the light DOM of the page.',
      );
    }
    // The nearest `lang` up the tree may change (the page switches its language).
    this.#langObserver = new MutationObserver(this.#rerender);
    this.#langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
    // Render again when the page's locale changes (the translations have loaded).
    window.addEventListener('lit-localize-status', this.#rerender);
    this.#unsubscribe = onLocalizationChange(() => {
      this.#requestedLocale = null;
      this.requestUpdate();
    });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    window.removeEventListener('lit-localize-status', this.#rerender);
    this.#langObserver?.disconnect();
    this.#langObserver = null;
    this.#unsubscribe?.();
    this.#unsubscribe = null;
  }

  protected override willUpdate(): void {
    this.#syncLocale();
    const state = this.#flow.state;
    // The show-password choice lasts only as long as the password step.
    if (this.passwordVisible && (state.status !== 'signed-out' || state.step !== 'password')) this.passwordVisible = false;
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
    if (dialog && this.dialogOpen && !dialog.open) dialog.showModal();
    if (dialog && !this.dialogOpen && dialog.open) dialog.close();
    this.#trackFocus();
    this.#applyFocus();
  }

  protected override render() {
    return this.#flow.render({
      checking: () => this.#renderChecking(),
      'check-failed': (state) => this.#renderCheckFailed(state.error),
      'signed-out': (state) => this.#renderSignedOut(state),
      'signed-in': (state) => this.#renderSignedIn(state),
    });
  }

  // ---------------------------------------------------------------- states

  #renderChecking(): TemplateResult {
    const text = msg('Tarkistetaan kirjautumista…', { id: 'status.checking' });
    return html`<div class="bar" part="base" aria-busy="true">
        <span class="placeholder" aria-hidden="true"></span>
        ${this.#renderLanguageSwitch('bar')}
      </div>
      ${this.#renderStatus(text)}`;
  }

  #renderCheckFailed(error: FlowError): TemplateResult {
    return html`<div class="bar" part="base">
        <div class="error" part="error" role="alert">
          <p class="error-title">${msg('Kirjautumistilaa ei voitu tarkistaa.', { id: 'error.check-failed' })}</p>
          <p>${errorMessage(error.code)}</p>
        </div>
        <button class="button" type="button" @click=${() => this.#flow.recheck()}>
          ${msg('Yritä uudelleen', { id: 'action.retry' })}
        </button>
        ${this.#renderLanguageSwitch('bar')}
      </div>
      ${this.#renderStatus('')}`;
  }

  #renderSignedIn(state: Extract<FlowState, { status: 'signed-in' }>): TemplateResult {
    const { user } = state;
    const label = user.name && user.email ? `${user.name} (${user.email})` : user.name || user.email;
    const href = this.#safeHref(this.accountHref, 'account-href');
    const busy = state.pending === 'sign-out';
    return html`<div class="bar" part="base">
        ${href
          ? html`<a class="badge" part="badge" href=${href}>${label}</a>`
          : html`<span class="badge" part="badge">${label}</span>`}
        <button
          class="button secondary"
          part="sign-out-button"
          type="button"
          aria-disabled=${busy ? 'true' : 'false'}
          @click=${() => this.#flow.signOut()}
        >
          ${msg('Kirjaudu ulos', { id: 'action.sign-out' })}
        </button>
        ${this.#renderLanguageSwitch('bar')}
      </div>
      ${state.error
        ? fresh(
            state.error.seq,
            html`<div class="error" part="error" role="alert">
              <p class="error-title">${msg('Uloskirjautuminen ei onnistunut.', { id: 'error.sign-out-failed' })}</p>
              <p>${errorMessage(state.error.code)}</p>
            </div>`,
          )
        : nothing}
      ${this.#renderStatus(busy ? msg('Kirjaudutaan ulos…', { id: 'status.signing-out' }) : '')}`;
  }

  #renderSignedOut(state: SignedOutState): TemplateResult {
    if (this.inline) return this.#renderPanel(state);
    return html`<div class="bar" part="base">
        <button
          class="button"
          part="sign-in-button"
          type="button"
          aria-haspopup="dialog"
          @click=${() => this.#openDialog()}
        >
          ${msg('Kirjaudu sisään', { id: 'action.sign-in' })}
        </button>
        ${this.#renderLanguageSwitch('bar')}
      </div>
      <dialog
        part="dialog"
        aria-labelledby=${`${this.#id}-title`}
        @cancel=${this.#onDialogCancel}
        @close=${this.#onDialogClose}
      >
        ${this.dialogOpen ? this.#renderPanel(state) : nothing}
      </dialog>
      ${this.dialogOpen
        ? nothing
        : this.#renderStatus(this.#connectivityMessage() || (state.notice ? noticeMessage(state.notice) : ''))}`;
  }

  #renderPanel(state: SignedOutState): TemplateResult {
    const { step } = state;
    const title =
      step === 'forgot' || step === 'forgot-sent'
        ? msg('Unohtuiko käyttäjätunnus tai salasana?', { id: 'action.forgot' })
        : msg('Kirjautuminen', { id: 'title.sign-in' });
    return html`<section class="panel" part="panel" aria-labelledby=${`${this.#id}-title`}>
      <div class="header" part="header">
        ${this.#renderHeading(title)}
        <div class="header-actions">
          ${this.#renderLanguageSwitch('panel')}
          ${this.inline
            ? nothing
            : html`<button class="close" type="button" aria-label=${msg('Sulje', { id: 'action.close' })} @click=${() => this.close()}>
                <span aria-hidden="true">×</span>
              </button>`}
        </div>
      </div>
      ${this.#renderIntro(step)} ${this.#renderPanelError(state)}
      <slot name="form"></slot>
      <div class="footer" part="footer">
        ${step === 'identify' || step === 'password'
          ? html`<button class="link" type="button" @click=${() => this.#flow.openForgot()}>
              ${msg('Unohtuiko käyttäjätunnus tai salasana?', { id: 'action.forgot' })}
            </button>`
          : html`<button class="link" type="button" @click=${() => this.#flow.backToSignIn()}>
              ${msg('Takaisin kirjautumiseen', { id: 'action.back' })}
            </button>`}
        ${this.#renderContactLine('muted')}
      </div>
      ${this.#renderStatus(
        this.#panelStatus(state),
        true,
        state.pending === null && !state.notice && this.#flow.connectivity === 'online' ? this.#stepAnnouncement(step) : '',
      )}
    </section>`;
  }

  #renderHeading(text: string): TemplateResult {
    const id = `${this.#id}-title`;
    const level = Math.min(Math.max(Math.trunc(this.headingLevel) || 2, 1), 6);
    return html`<div class="title" part="title" id=${id} role="heading" aria-level=${level} tabindex="-1">${text}</div>`;
  }

  #renderIntro(step: Step): unknown {
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

  /** Errors that are not about one field: in the shadow root, above the form. */
  #renderPanelError(state: SignedOutState): unknown {
    const { error } = state;
    if (!error || error.field !== null) return nothing;
    return fresh(
      error.seq,
      html`<div class="error" part="error" role="alert">
        <p>
          ${errorMessage(error.code)}
          ${error.code === 'rate_limited' && error.retryAfterSeconds
            ? waitMessage(error.retryAfterSeconds, currentLocale())
            : nothing}
        </p>
        ${needsSupport(error.code) ? this.#renderContactLine('') : nothing}
      </div>`,
    );
  }

  #renderContactLine(className: string): unknown {
    const email = this.supportEmail?.trim();
    if (!email) return nothing;
    return html`<p class=${className}>
      ${msg('Olethan meihin yhteydessä mahdollisissa ongelmatilanteissa. Sähköposti:', { id: 'contact.line' })}
      ${looksLikeEmail(email) ? html`<a href=${`mailto:${email}`}>${email}</a>` : email}
    </p>`;
  }

  /** The one polite live region of a view: `text` (visible when `visible`), and `spoken` for screen readers only. */
  #renderStatus(text: string, visible = false, spoken = ''): TemplateResult {
    return html`<div class=${visible ? 'status' : 'sr-only'} part="status" role="status">
      ${spoken ? html`<span class="sr-only">${spoken}</span>` : nothing}${text}
    </div>`;
  }

  #panelStatus(state: SignedOutState): string {
    switch (state.pending) {
      case 'identify':
        return msg('Tarkistetaan…', { id: 'status.identifying' });
      case 'sign-in':
        return msg('Kirjaudutaan…', { id: 'status.signing-in' });
      case 'reset':
        return msg('Lähetetään…', { id: 'status.sending' });
      case 'redirect':
        return msg('Siirrytään kirjautumispalveluun…', { id: 'status.redirecting' });
      case null:
        return this.#connectivityMessage() || (state.notice ? noticeMessage(state.notice) : '');
    }
  }

  /** Said while the device is offline, and once when it comes back. */
  #connectivityMessage(): string {
    switch (this.#flow.connectivity) {
      case 'offline':
        return errorMessage('offline');
      case 'restored':
        return msg('Verkkoyhteys palasi. Voit yrittää uudelleen.', { id: 'notice.online' });
      case 'online':
        return '';
    }
  }

  /** Said (not shown) when a step begins, so a screen-reader user knows where they are. */
  #stepAnnouncement(step: Step): string {
    switch (step) {
      case 'identify':
        return msg('Vaihe 1 kahdesta: sähköpostiosoite tai käyttäjätunnus', { id: 'step.identify' });
      case 'password':
        return msg('Vaihe 2 kahdesta: salasana', { id: 'step.password' });
      case 'forgot':
        return msg('Salasanan palautus', { id: 'step.forgot' });
      case 'forgot-sent':
        return '';
    }
  }

  // ---------------------------------------------------------------- light-DOM form

  #renderForm(): unknown {
    const state = this.#flow.state;
    if (state.status !== 'signed-out' || (!this.inline && !this.dialogOpen)) return nothing;
    const { step, error, pending } = state;
    if (step === 'forgot-sent') return nothing;
    const id = this.#id;
    const fieldError = (field: FieldName) => (error?.field === field ? error : null);
    const blocked = (step === 'forgot' ? state.blocked.reset : state.blocked.signIn) !== null;
    const submitLabel =
      step === 'identify'
        ? msg('Jatka', { id: 'action.continue' })
        : step === 'password'
          ? msg('Kirjaudu sisään', { id: 'action.sign-in' })
          : msg('Lähetä', { id: 'action.send' });
    return html`<form
      slot="form"
      novalidate
      aria-labelledby=${`${id}-form-label`}
      @submit=${this.#onSubmit}
    >
      <span id=${`${id}-form-label`} hidden>${msg('Kirjautuminen', { id: 'title.sign-in' })}</span>
      ${step === 'forgot'
        ? this.#renderInput({
            field: 'email',
            label: msg('Sähköpostiosoite', { id: 'field.email' }),
            type: 'email',
            name: 'email',
            autocomplete: 'email',
            value: state.email,
            error: fieldError('email'),
            onInput: (value) => this.#flow.editEmail(value),
          })
        : this.#renderInput({
            field: 'identifier',
            label: msg('Sähköpostiosoite / käyttäjätunnus', { id: 'field.identifier' }),
            type: 'text',
            name: 'username',
            autocomplete: 'username',
            value: state.identifier,
            readonly: step === 'password',
            error: fieldError('identifier'),
            onInput: (value) => this.#flow.editIdentifier(value),
          })}
      ${step === 'password'
        ? html`${this.#renderInput({
              field: 'password',
              label: msg('Salasana', { id: 'field.password' }),
              type: 'password',
              name: 'password',
              autocomplete: 'current-password',
              error: fieldError('password'),
            })}
            <city-login-field kind="check">
              <input
                slot="input"
                type="checkbox"
                id=${`${id}-remember`}
                name="remember"
                .checked=${state.remember}
                @change=${(event: Event) => this.#flow.editRemember((event.target as HTMLInputElement).checked)}
              />
              <label slot="label" for=${`${id}-remember`}>
                ${msg('Muista kirjautumiseni tässä tietokoneessa', { id: 'field.remember' })}
              </label>
            </city-login-field>`
        : nothing}
      <city-login-field kind="submit">
        <button slot="input" type="submit" aria-disabled=${pending !== null || blocked ? 'true' : 'false'}>
          ${submitLabel}
        </button>
      </city-login-field>
    </form>`;
  }

  #renderInput(field: {
    field: FieldName;
    label: string;
    type: 'text' | 'email' | 'password';
    name: string;
    autocomplete: string;
    value?: string;
    readonly?: boolean;
    error: FlowError | null;
    onInput?: (value: string) => void;
  }): TemplateResult {
    const inputId = `${this.#id}-${field.field}`;
    const errorId = `${inputId}-error`;
    const { error } = field;
    return html`<city-login-field kind="text">
      <label slot="label" for=${inputId}>${field.label}</label>
      <input
        slot="input"
        id=${inputId}
        name=${field.name}
        type=${field.type === 'password' && this.passwordVisible ? 'text' : field.type}
        autocomplete=${field.autocomplete}
        autocapitalize="none"
        spellcheck="false"
        inputmode=${field.type === 'password' ? nothing : 'email'}
        ?readonly=${field.readonly ?? false}
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? errorId : nothing}
        .value=${field.value ?? ''}
        @input=${field.onInput ? (event: Event) => field.onInput?.((event.target as HTMLInputElement).value) : nothing}
        @change=${field.onInput ? (event: Event) => field.onInput?.((event.target as HTMLInputElement).value) : nothing}
      />
      ${field.type === 'password'
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
      ${field.readonly
        ? html`<button
            slot="action"
            type="button"
            aria-label=${msg('Vaihda käyttäjätunnus', { id: 'action.change-identifier' })}
            @click=${() => this.#flow.changeIdentifier()}
          >
            ${msg('Vaihda', { id: 'action.change' })}
          </button>`
        : nothing}
      ${error ? fresh(error.seq, html`<span slot="error" id=${errorId} role="alert">${errorMessage(error.code)}</span>`) : nothing}
    </city-login-field>`;
  }

  // ---------------------------------------------------------------- handlers

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    const state = this.#flow.state;
    if (state.status !== 'signed-out') return;
    // A shown password is hidden again when it is sent.
    this.passwordVisible = false;
    // Read what is in the form now: autofill may not fire input events.
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => {
      const element = form.elements.namedItem(name);
      return element instanceof HTMLInputElement ? element : null;
    };
    switch (state.step) {
      case 'identify':
        this.#flow.submitIdentifier(value('username')?.value ?? '');
        break;
      case 'password':
        this.#flow.submitPassword(
          value('username')?.value ?? state.identifier,
          value('password')?.value ?? '',
          value('remember')?.checked ?? false,
        );
        break;
      case 'forgot':
        this.#flow.submitReset(value('email')?.value ?? '');
        break;
      case 'forgot-sent':
        break;
    }
  }

  #openDialog(): void {
    const state = this.#flow.state;
    if (state.status !== 'signed-out') return;
    // The dialog may have been closed by script with its close event still queued
    // (Chrome fires it with the next rendering): render, so updated() shows it again.
    if (this.dialogOpen) this.requestUpdate();
    this.dialogOpen = true;
    this.#focusTarget = this.#stepFocus(state.step);
  }

  /** Escape: close through our own state at once, not when the deferred close event comes. */
  #onDialogCancel(): void {
    this.close();
  }

  #onDialogClose(event: Event): void {
    // A close event that arrives after the dialog was shown again is stale.
    if ((event.currentTarget as HTMLDialogElement).open) return;
    const wasOpen = this.dialogOpen;
    this.dialogOpen = false;
    if (wasOpen && this.#flow.state.status === 'signed-out') this.#focusTarget = 'sign-in';
  }

  #onSignedIn(user: User, restored: boolean): void {
    if (!restored && this.#hasFocus()) this.#focusTarget = 'badge';
    this.dialogOpen = false;
    this.#emit(SIGNED_IN_EVENT, { user, restored });
  }

  #onSignedOut(): void {
    const state = this.#flow.state;
    const reason: SignedOutDetail['reason'] =
      state.status === 'signed-out' && state.notice === 'session-expired' ? 'session-expired' : 'signed-out';
    if (this.#hasFocus()) this.#focusTarget = this.inline ? 'identifier' : 'sign-in';
    this.#emit(SIGNED_OUT_EVENT, { reason });
  }

  #onRedirect(url: string): boolean {
    const proceed = this.#emit(REDIRECT_EVENT, { url }, true);
    if (proceed) window.location.assign(url);
    return proceed;
  }

  #clearPassword(): void {
    const input = this.querySelector<HTMLInputElement>('input[name="password"]');
    if (input) input.value = '';
  }

  // ---------------------------------------------------------------- focus

  /** Moves focus when the flow moved on: a new step, an error in a field. */
  #trackFocus(): void {
    const before = this.#previous;
    const after = this.#flow.state;
    this.#previous = after;
    if (after.status !== 'signed-out' || before.status !== 'signed-out') return;
    if (after.step !== before.step) {
      this.#focusTarget = this.#stepFocus(after.step);
    } else if (after.error && after.error.seq !== before.error?.seq && after.error.field) {
      this.#focusTarget = after.error.field;
    }
  }

  #stepFocus(step: Step): FocusTarget {
    switch (step) {
      case 'identify':
        return 'identifier';
      case 'password':
        return 'password';
      case 'forgot':
        return 'email';
      case 'forgot-sent':
        return 'sent';
    }
  }

  #applyFocus(): void {
    const target = this.#focusTarget;
    if (target === null) return;
    this.#focusTarget = null;
    let element: HTMLElement | null;
    switch (target) {
      case 'identifier':
      case 'password':
      case 'email':
        element = this.querySelector<HTMLElement>(`#${this.#id}-${target}`);
        break;
      case 'sent':
        element = this.renderRoot.querySelector<HTMLElement>(`#${this.#id}-sent`);
        break;
      case 'sign-in':
        element = this.renderRoot.querySelector<HTMLElement>('[part="sign-in-button"]');
        break;
      case 'badge':
        // The badge when it is a link; without account-href it is text, so the sign-out button.
        element = this.renderRoot.querySelector<HTMLElement>('a[part="badge"], [part="sign-out-button"]');
        break;
      case 'language-bar':
      case 'language-panel':
        element = this.renderRoot.querySelector<HTMLElement>(`[part="language-button"][data-place="${target.slice(9)}"]`);
        break;
    }
    // A slotted input can take focus only once its field has rendered its slots.
    const field = element?.closest('city-login-field');
    if (field) void field.updateComplete.then(() => element?.focus());
    else element?.focus();
  }

  #hasFocus(): boolean {
    return this.matches(':focus-within') || this.contains(document.activeElement);
  }

  // ---------------------------------------------------------------- helpers

  #client(): AuthClient {
    if (this.auth) return this.auth;
    const endpoint = this.#endpointUrl();
    const key = `${endpoint} ${this.timeout}`;
    if (this.#defaultClient?.key !== key) {
      this.#defaultClient = {
        key,
        client: new HttpAuthClient({
          endpoint,
          timeoutMs: this.timeout > 0 ? this.timeout : DEFAULT_TIMEOUT_MS,
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
    return this.#safeHref(this.endpoint, 'endpoint') === undefined ? '/auth' : this.endpoint.trim();
  }

  /** The language asked for: this element's `lang`, else the nearest non-empty `lang` up the tree (across shadow roots), else `fi`. */
  #wantedLocale(): SupportedLocale {
    let node: Node | null = this;
    while (node) {
      // An empty lang ("unknown") says nothing: look further up.
      if (node instanceof Element && node.getAttribute('lang')) return toSupportedLocale(node.getAttribute('lang')) ?? 'fi';
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

  #renderLanguageSwitch(place: SwitchPlace): unknown {
    if (this.noLanguageSwitch || !localizationRuntime()) return nothing;
    const current = currentLocale();
    const open = this.languageMenu === place;
    const listId = `${this.#id}-languages-${place}`;
    return html`<div class="language" part="language" @keydown=${this.#onLanguageKeydown} @focusout=${this.#onLanguageFocusOut}>
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
              <button type="button" lang=${locale} aria-current=${locale === current ? 'true' : 'false'} @click=${() => this.#chooseLanguage(locale, place)}>
                ${LANGUAGE_NAMES[locale]}
              </button>
            </li>`,
        )}
      </ul>
    </div>`;
  }

  #chooseLanguage(locale: SupportedLocale, place: SwitchPlace): void {
    this.languageMenu = null;
    this.#focusTarget = place === 'bar' ? 'language-bar' : 'language-panel';
    if (locale === currentLocale()) return;
    if (!this.#emit(LANGUAGE_CHANGE_EVENT, { locale }, true)) return;
    this.lang = locale;
  }

  #onLanguageKeydown(event: KeyboardEvent): void {
    if (event.key !== 'Escape' || this.languageMenu === null) return;
    // Close the list, not the dialog around it.
    event.preventDefault();
    event.stopPropagation();
    this.#focusTarget = this.languageMenu === 'bar' ? 'language-bar' : 'language-panel';
    this.languageMenu = null;
  }

  #onLanguageFocusOut(event: FocusEvent): void {
    const container = event.currentTarget as HTMLElement;
    if (!(event.relatedTarget instanceof Node) || !container.contains(event.relatedTarget)) this.languageMenu = null;
  }

  /** An attribute URL that is safe to link or send to; warns once and returns `undefined` otherwise. */
  #safeHref(value: string | undefined, attribute: string): string | undefined {
    if (value === undefined || value.trim() === '') return undefined;
    const url = safeNavigationUrl(value, document.baseURI);
    if (url !== null) return url;
    if (!this.#warned.has(`${attribute}=${value}`)) {
      this.#warned.add(`${attribute}=${value}`);
      console.warn(`<city-login>: ignoring ${attribute}: only http(s) and relative URLs are allowed.`);
    }
    return undefined;
  }

  #emit<T>(type: string, detail: T, cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}
