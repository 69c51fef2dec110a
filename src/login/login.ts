import { ReactiveElement, type PropertyValues } from '@lit/reactive-element';
import type { LitElement, render } from 'lit';
import { msg } from '@lit/localize';
import type { AuthClient, User } from '../auth/auth-client.js';
import { DEFAULT_TIMEOUT_MS, HttpAuthClient, loadFormCalls } from '../auth/http-auth-client.js';
import { readResetFragment } from '../contract/reset-link.js';
import { safeNavigationUrl } from '../contract/readers.js';
import { LANGUAGE_CHANGE_EVENT, SIGNED_IN_EVENT, SIGNED_OUT_EVENT, type CityLoginEventMap } from '../events.js';
import type { SignedOutState } from '../flow/flow.js';
import { SessionController } from '../flow/session-controller.js';
import { assertNever } from '../flow/session.js';
import type { ErrorCode } from '../flow/flow.js';
import { errorMessage, noticeMessage } from './messages.js';
import { wrapTabInDialog } from './focus-wrap.js';
import { styles } from './login.styles.js';
import { focusSelector, type FocusTarget } from './focus.js';
import { LanguageController } from './language.js';
import { localizationRuntime } from './locale-hook.js';
import { attr, children, h, text } from './dom.js';
import type { Panel } from './panel.js';

let instances = 0;

/** The sign-in form's module (the panel, the form and the flow's steps), loaded on demand. */
type PanelModule = typeof import('./panel.js');
/** The warning before the session ends (issue 17), loaded while signed in with a known end. */
type WarningModule = typeof import('./session-warning.js');
/** lit-html's `render`, which the form's chunk and the warning's bring (the element itself has no template engine). */
type Render = typeof render;

/** An error box (`role=alert`): a new node for each error, so a repeated one is announced again. */
function alertBox(title: string, message: string): HTMLElement {
  // A space between the sentences: a screen reader reading the box as one string does not run them together.
  return h(
    'div',
    { class: 'error', part: 'error', role: 'alert' },
    ...(title ? [h('p', { class: 'error-title' }, title), ' '] : []),
    h('p', {}, message),
  );
}

/** A polite live region (`role=status`): shown (`status`), or for screen readers only (`sr-only`). */
function statusBox(className: 'status' | 'sr-only'): HTMLElement {
  return h('div', { class: className, part: 'status', role: 'status' });
}

/** An "×" button (its aria-label is set at each render: the language may change). */
function closeButton(click: () => void): HTMLButtonElement {
  return h('button', { class: 'close', type: 'button', '@click': click }, h('span', { 'aria-hidden': 'true' }, '×'));
}

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
 * @fires city-login-redirect - Identify sent the resident to an external sign-in (`purpose: 'sign-in'`), or logout answered where single logout continues (`purpose: 'sign-out'`, the identity provider's logout page), to a URL that passed `redirect-origins` (see there). Cancelable: cancel it to stay on the page, or to refuse a URL by a rule of your own. Detail: `{ url, purpose }`.
 * @fires city-login-session-warning - The warning before the session ends opened: save what the resident has typed on the page. Detail: `{ endsAt }` (epoch ms, this browser's clock).
 * @fires city-login-language-change - The resident chose a language in the switch. Cancelable: cancel it to switch the page's language yourself (then set `lang`). Detail: `{ locale }`.
 *
 * @slot form - Internal: the light-DOM credential form the element renders itself. Do not use.
 *
 * @csspart base - The header bar (sign-in button, or badge and sign-out).
 * @csspart sign-in-button - The "Kirjaudu sisään" button that opens the dialog.
 * @csspart badge - The signed-in resident's "Name (email)" link.
 * @csspart sign-out-button - The "Kirjaudu ulos" button.
 * @csspart dialog - The modal `<dialog>` (header use).
 * @csspart session-warning - The modal warning before the session ends.
 * @csspart panel - The sign-in panel, in the dialog or in place.
 * @csspart header - The panel's title row.
 * @csspart title - The panel's heading.
 * @csspart notice - The migration notice.
 * @csspart error - The error box above the form.
 * @csspart footer - The forgot-password link and the contact line.
 * @csspart status - The polite live region for progress and notices.
 * @csspart message - The popover under the header bar: an error (sign-out failed, session check failed) or a notice (signed out), with its close button; positioned over the page, so the header keeps its height.
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
export class CityLogin extends ReactiveElement {
  static override styles = styles;

  static override properties = {
    dialogOpen: { state: true, attribute: false },
    panelFailed: { state: true, attribute: false },
    lang: { reflect: true, useDefault: true },
    endpoint: {},
    inline: { type: Boolean, reflect: true },
    sessionWarningSeconds: { type: Number, attribute: 'session-warning-seconds' },
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
    strongAuthHref: { attribute: 'strong-auth-href' },
    strongAuthName: { attribute: 'strong-auth-name' },
    strongAuthOnly: { type: Boolean, attribute: 'strong-auth-only' },
    returnHref: { attribute: 'return-href' },
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

  /**
   * @internal How the sign-in form's module is loaded: a relative `import()` of the chunk beside
   * this module (so the bundle works from any folder). Tests delay it or make it fail.
   */
  static importPanel: () => Promise<PanelModule> = () =>
    // The chunk of the view's parts and lit-html, which the form's chunk imports, is asked for at the
    // same time rather than once the form's chunk has arrived and been read: one round trip on a
    // slow network, not two.
    Promise.all([import('./panel.js'), import('./parts.js')]).then(([module]) => module);

  /** @internal The sign-in form's module once loaded (shared by every element on the page); tests clear it. */
  static panelModule: PanelModule | undefined;

  /** @internal How the session warning's module is loaded (tests delay it). */
  static importWarning: () => Promise<WarningModule> = () => import('./session-warning.js');

  /**
   * @internal Where the language chosen in the switch is remembered on this site (localStorage,
   * only its code), across reloads and a round trip through an external sign-in. `null`: not
   * remembered (the component tests, which run side by side on one origin).
   */
  static languageKey: string | null = 'city-login-lang';

  /** The registry the element was defined in (the form's field element is defined there too). */
  static registry: CustomElementRegistry = customElements;

  /** The load under way, shared by every element on the page. */
  static #panelLoading: Promise<PanelModule> | undefined;

  /** lit-html's `render`, once a chunk that renders with it has loaded. */
  static #lit: Render | undefined;

  /** Loads the sign-in form's module once; a failed load is forgotten, so a later one tries again. */
  static #loadPanel(): Promise<PanelModule> {
    const loaded = CityLogin.panelModule;
    if (loaded) return Promise.resolve(loaded);
    // The form's strings in the language shown (or loading) come with it, before it renders.
    CityLogin.#panelLoading ??= Promise.all([CityLogin.importPanel(), localizationRuntime()?.loadStrings?.('form')]).then(
      ([module]) => {
        CityLogin.#panelLoading = undefined;
        CityLogin.#lit = module.render;
        module.defineParts(CityLogin.registry);
        return (CityLogin.panelModule = module);
      },
      (error: unknown) => {
        CityLogin.#panelLoading = undefined;
        throw error;
      },
    );
    return CityLogin.#panelLoading;
  }

  readonly #session = new SessionController(this, {
    client: () => this.#client(),
    checkRetryDelays: () => CityLogin.sessionCheckRetryDelays,
    // In place (a dedicated sign-in page), the form shows at once; the session check runs behind it.
    signedOutFirst: () => this.inline,
    warnBefore: () => this.sessionWarningSeconds,
    // Tabs share cookie sessions of the built-in client's endpoint.
    channel: () => (this.auth ? null : `city-login ${new URL(this.#endpointUrl(), document.baseURI).href}`),
    effects: {
      signedIn: (user, restored) => {
        // Also when restored: a session found while the resident is in the form replaces it.
        if (this.#hasFocus()) this.#focus = 'account';
        this.#welcome = !restored;
        this.dialogOpen = this.#warm = false;
        this.#emit(SIGNED_IN_EVENT, { user, restored });
      },
      signedOut: (redirect) => {
        const state = this.#session.state;
        this.#dismissed = null;
        if (this.#hasFocus()) this.#focus = this.inline ? (this.#panel?.stepFocus('identify') ?? null) : 'sign-in-button';
        this.#emit(SIGNED_OUT_EVENT, {
          reason: state.status === 'signed-out' && state.notice === 'session-expired' ? 'session-expired' : 'signed-out',
        });
        // Single logout continues at the identity provider: checked and announced by the form's module.
        if (redirect) {
          this.#preloadPanel();
          CityLogin.#loadPanel().then(
            () => this.#panel?.leave(redirect),
            () => this.#warn("<city-login>: single logout could not continue (the form's module did not load)."),
          );
        }
      },
    },
  });

  readonly #id = `city-login-${++instances}`;

  readonly #language = new LanguageController(this, {
    id: this.#id,
    key: () => CityLogin.languageKey,
    chosen: (locale) => this.#emit(LANGUAGE_CHANGE_EVENT, { locale }, true),
  });
  /** The sign-in form and its steps, once their module has loaded. */
  #panel?: Panel;
  /** The session warning, once its module has loaded (`null`: loading). */
  #warning: import('./session-warning.js').SessionWarning | null | undefined;
  /** A reset link's token, until the form's module has loaded (then the flow holds it). */
  #resetToken?: string | null;
  #defaultClient?: { key: string; client: HttpAuthClient };
  /** What takes focus after the next render (src/login/focus.ts). */
  #focus?: FocusTarget | null;
  #warned = new Set<string>();
  /** Ends the listeners of one connection. */
  #connection?: AbortController;
  /** The popover's message shown, and the one dismissed (an error's seq or a notice). */
  #message?: number | string | null;
  #dismissed?: number | string | null;
  /** Signed in here just now (not a session found on load): the status says so. */
  #welcome?: boolean;
  /**
   * The pointer reached "Kirjaudu sisään": the dialog's content and the form are rendered, the
   * dialog still closed, so the click only shows them (`#intent`). Until the dialog closes.
   */
  #warm?: boolean;

  // The view in the shadow root, built once (`#build`) and updated in place (`#render`).
  /** The header bar: the sign-in button, the session check's placeholder, the retry, or the badge and sign-out. */
  #bar!: HTMLElement;
  #placeholder!: HTMLElement;
  #signIn!: HTMLButtonElement;
  #retry!: HTMLButtonElement;
  #signOut!: HTMLButtonElement;
  /** The badge, and what it was built from (a new one when that changes). */
  #badge?: HTMLElement;
  #badgeKey?: string;
  #dialog!: HTMLDialogElement;
  /** The sign-in panel (in the dialog, or in place): its title row, then the form's body, a busy state or a retry. */
  #panelView!: HTMLElement;
  /** The title row (the panel's, or the signed-in panel's: one is shown at a time), its heading and its buttons. */
  #header!: HTMLElement;
  #title!: HTMLElement;
  #actions!: HTMLElement;
  #close!: HTMLButtonElement;
  #busy!: HTMLElement;
  #busyStatus!: HTMLElement;
  #failed?: HTMLElement;
  #failedRetry!: HTMLButtonElement;
  /** `inline`, signed in: the panel that says so, with the badge, the way on and sign-out. */
  #signedInView!: HTMLElement;
  #confirmation!: HTMLElement;
  #badgeLine!: HTMLElement;
  #onward!: HTMLAnchorElement;
  #onwardLine!: HTMLElement;
  #signedInBar!: HTMLElement;
  /** Where the passkey offer and the session warning render (their chunks bring lit-html). */
  #offerAnchor!: Comment;
  #warningAnchor!: Comment;
  /** The popover under the bar: an error or a notice, the polite status, and "×". */
  #pop!: HTMLElement;
  #popAlert?: HTMLElement;
  #popAlertKey?: string;
  #popStatus!: HTMLElement;
  #popClose!: HTMLButtonElement;
  /** The node shown first in the shadow root: the bar, or a panel in place. */
  #main?: HTMLElement;

  /** Whether the dialog is open (header use). */
  private dialogOpen = false;

  /** The sign-in form's module could not be loaded (offline, a failed chunk): the panel offers to try again. */
  private panelFailed = false;

  /**
   * UI language: `fi`, `sv` or `en`. Unset: the language the resident last chose in the switch on
   * this site (remembered in localStorage, only its code), else the nearest `lang` up the tree,
   * else `fi`. The element sets it itself when the resident picks a language in the switch.
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
   * Seconds before the session ends that a modal warning offers to continue it (WCAG 2.2.1),
   * when the server says when it ends (`expiresAt`). `0`: no warning, the session just ends
   * (with its notice and `city-login-signed-out`). Not a number: the default 120.
   */
  sessionWarningSeconds = 120;

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

  /**
   * Where strong identification starts (the host's start URL of Suomi.fi or another OIDC
   * provider): step 1 then offers "Tunnistaudu vahvasti" first, as a plain link (part
   * `strong-auth-link`). The provider's session comes back to the endpoint's session check.
   */
  strongAuthHref?: string;

  /** The provider's name on that link, e.g. `Suomi.fi` ("Tunnistaudu vahvasti: Suomi.fi"). */
  strongAuthName?: string;

  /** Strong identification is the only way in: step 1 shows the `strong-auth-href` link alone (no password form). */
  strongAuthOnly = false;

  /**
   * `inline`, signed in: where "Jatka palveluun" leads on (the page the resident came from).
   * Unset: the page's `?return=` or `?next=` parameter. Only an address of the page's own origin
   * is offered (the redirect checks: http(s), no credentials, at most 2 048 characters); it is a
   * link the resident follows, never an automatic redirect.
   */
  returnHref?: string;

  /** Replaces the built-in HTTP client, e.g. with an adapter for a city's own auth SDK. */
  auth?: AuthClient;

  /** The signed-in resident, or `null`. */
  get user(): User | null {
    const state = this.#session.state;
    return state.status === 'signed-in' ? state.user : null;
  }

  /** Opens the sign-in flow: the dialog, or focus on the inline form. Does nothing when signed in. */
  open(): void {
    const state = this.#session.state;
    if (state.status !== 'signed-out') return;
    // The dialog may have been closed by script with its close event still queued
    // (Chrome fires it with the next rendering): render, so updated() shows it again.
    this.requestUpdate();
    this.dialogOpen = !this.inline;
    // Before the form has arrived, its heading takes focus; the form's field does when it comes.
    this.#focus = this.#panel?.stepFocus(state.step) ?? 'title';
    this.#preloadPanel();
    // Signing in again: the notice "signed out" has been read.
    this.#dismiss();
  }

  /** Closes the dialog (header use). Focus returns to the "Kirjaudu sisään" button. */
  close(): void {
    if (this.dialogOpen && this.#session.state.status === 'signed-out') this.#focus = 'sign-in-button';
    this.dialogOpen = this.#warm = false;
  }

  /** Signs the resident out, as the "Kirjaudu ulos" button does. */
  signOut(): void {
    this.#session.signOut();
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
    this.#readResetLink();
    const connection = (this.#connection = new AbortController());
    const rerender = () => this.requestUpdate();
    // The page's locale changed (its translations loaded): render again.
    window.addEventListener('lit-localize-status', rerender, { signal: connection.signal });
    // A reset link opened in a tab already on this page changes only the fragment.
    window.addEventListener('hashchange', () => this.#readResetLink(), { signal: connection.signal });
    // Rendered again when the host's size changes: shown or hidden (`display: none`), see update().
    const seen = new ResizeObserver(rerender);
    seen.observe(this);
    connection.signal.addEventListener('abort', () => seen.disconnect());
    // Escape in the bar dismisses the popover's message (the dialog and the language list handle their own first).
    this.addEventListener(
      'keydown',
      (event) => {
        if (event.key === 'Escape' && !this.dialogOpen) this.#dismiss();
      },
      { signal: connection.signal },
    );
    // A dedicated sign-in page needs the form at once; in the header, it comes when the
    // browser is idle after the bar has painted (or at once on intent: see #preloadPanel).
    if (this.inline) this.#preloadPanel();
    else {
      // Idle comes after the first frame; its timeout also lets a background tab have it.
      // Nothing is left waiting once the element leaves the page.
      void this.updateComplete.then(() => {
        if (connection.signal.aborted) return;
        const idle = () => this.#preloadPanel();
        if (typeof requestIdleCallback === 'function') {
          const handle = requestIdleCallback(idle, { timeout: 3000 });
          connection.signal.addEventListener('abort', () => cancelIdleCallback(handle));
        } else {
          const timer = setTimeout(idle, 500);
          connection.signal.addEventListener('abort', () => clearTimeout(timer));
        }
      });
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#connection?.abort();
  }

  /**
   * A reset link (`#reset-token=…` in the address): the token is taken out of the address bar
   * at once and held in memory only, until the flow takes it and opens the set-new-password
   * step (not for a resident who is signed in). The first element on the page takes it; in
   * header use the dialog opens.
   */
  #readResetLink(): void {
    const token = readResetFragment(location.hash);
    if (token === null) return;
    history.replaceState(history.state, '', location.pathname + location.search);
    this.#resetToken = token;
    this.#preloadPanel();
  }

  /** Loads the sign-in form's module (once per page), then sets it up for this element. */
  #preloadPanel(): void {
    if (this.#panel) return this.#openResetLink();
    if (this.panelFailed) this.panelFailed = false;
    // The built-in client's calls of the form come beside it (not awaited: a submit loads them
    // again if this failed).
    if (!this.auth) loadFormCalls().catch(() => undefined);
    CityLogin.#loadPanel().then(
      (module) => {
        if (this.#panel || !this.isConnected) return;
        this.#panel = new module.Panel(this, {
          id: this.#id,
          session: this.#session,
          focus: (target) => (this.#focus = target),
          safeHref: (value, attribute) => this.#safeHref(value, attribute),
          warn: (message, key) => this.#warn(message, key),
          endpointUrl: () => this.#endpointUrl(),
          notice: (state) => this.#notice(state),
        });
        // Opened before the form was here (focus went to the heading): its first field takes
        // focus now, unless the resident has moved on (to the language switch, say).
        const state = this.#session.state;
        // shadowRoot.activeElement, not :focus (which does not match while the window is in the background).
        const onHeading = (this.renderRoot as ShadowRoot).activeElement?.matches(focusSelector(this.#id, 'title'));
        if (state.status === 'signed-out' && (this.#focus === 'title' || onHeading)) {
          this.#focus = this.#panel.stepFocus(state.step);
        }
        this.#openResetLink();
        this.requestUpdate();
      },
      () => {
        this.panelFailed = true;
        console.warn('<city-login>: could not load the sign-in form.');
      },
    );
  }

  /** Hands a reset link's token to the flow, once both are here. */
  #openResetLink(): void {
    const token = this.#resetToken;
    if (!token || !this.#panel || !this.#session.started) return;
    this.#resetToken = null;
    if (this.#panel.flow.openResetLink(token)) this.dialogOpen = !this.inline;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A new adapter (or endpoint of the built-in client) while the session check is pending: ask the new one.
    if (this.hasUpdated && (changed.has('auth') || (changed.has('endpoint') && !this.auth))) this.#session.clientChanged();
  }

  /** Resolves once the element, the sign-in form's module if it is loading, and the fields of its light-DOM form have rendered. */
  protected override async getUpdateComplete(): Promise<boolean> {
    let done = await super.getUpdateComplete();
    const loading = CityLogin.#panelLoading;
    if (loading && !this.#panel) {
      await loading.catch(() => undefined);
      done = await super.getUpdateComplete();
    }
    await Promise.all([...this.querySelectorAll('city-login-field')].map((field) => (field as LitElement).updateComplete));
    return done;
  }

  protected override update(changed: PropertyValues): void {
    super.update(changed);
    if (!this.#bar) this.#build();
    this.#render();
    // The credential form lives in the light DOM, slotted into the shadow root (rendered by the form's chunk).
    const state = this.#session.state;
    const shown = state.status === 'signed-out' && (this.inline || this.dialogOpen || this.#warm);
    if (this.#panel) CityLogin.#lit?.(shown ? this.#panel.form(state) : undefined, this, { host: this });
    // Shown or closed before the controllers' hostUpdated: the form's passkeys arm only in an open dialog.
    // Open but no longer modal: the element left the page and came back (a layout that moves the
    // header, say), and a dialog leaves the top layer when it leaves the document: shown again.
    // Focus left with the element: back to the step's field.
    const dialog = this.#dialog;
    if (dialog.isConnected && (this.dialogOpen !== dialog.open || (dialog.open && !dialog.matches(':modal')))) {
      if (this.dialogOpen && dialog.open && state.status === 'signed-out') this.#focus = this.#panel?.stepFocus(state.step) ?? 'title';
      dialog.close();
      if (this.dialogOpen) dialog.showModal();
    }
    // Open and unseen (the host not rendered, `display: none`: a page that swaps its header at
    // another width, or zoomed in), a modal dialog would leave the page inert: it closes, as
    // Escape would (its close event closes the flow). The session warning waits for the host.
    if (dialog.open && dialog.isConnected && !dialog.getClientRects().length) dialog.close();
  }

  protected override updated(): void {
    this.#openResetLink();
    // Signed in with a known end: the warning's module, long before it is due.
    if (this.#session.endsAt !== null && this.#warning === undefined) this.#loadWarning();
    if (this.#warning?.updated()) this.#focus = null;
    const target = this.#focus;
    this.#focus = null;
    if (!target) return;
    const selector = focusSelector(this.#id, target);
    const element = this.querySelector<HTMLElement>(selector) ?? this.renderRoot.querySelector<HTMLElement>(selector);
    // A slotted input can take focus only once its field has rendered its slots.
    const field = element?.closest('city-login-field');
    if (field) void (field as LitElement).updateComplete.then(() => element?.focus());
    else element?.focus();
  }

  /** Builds the shadow root's nodes (the first update). */
  #build(): void {
    const id = this.#id;
    this.#bar = h('div', { class: 'bar', part: 'base' });
    // The sign-in button's size in this language (its text, unseen), so nothing moves when it comes.
    this.#placeholder = h('span', { class: 'placeholder', 'aria-hidden': 'true' }, h('span'));
    this.#signIn = h('button', {
      class: 'button',
      part: 'sign-in-button',
      type: 'button',
      'aria-haspopup': 'dialog',
      '@click': () => this.open(),
      '@pointerenter': this.#intent,
      '@focus': () => this.#preloadPanel(),
    });
    this.#retry = h('button', { class: 'button', type: 'button', '@click': () => this.#session.recheck() });
    this.#signOut = h('button', {
      class: 'button secondary',
      part: 'sign-out-button',
      type: 'button',
      '@click': () => this.#session.signOut(),
    });
    // The title row: the heading, then "FIN ▼" (and "×" in the dialog).
    this.#title = h('div', { class: 'title', part: 'title', id: `${id}-title`, role: 'heading', tabindex: '-1' });
    this.#actions = h('div', { class: 'header-actions' });
    this.#close = closeButton(() => this.close());
    this.#busyStatus = statusBox('status');
    this.#busy = h('div', { class: 'loading', 'aria-busy': 'true' }, this.#busyStatus);
    this.#failedRetry = h('button', {
      class: 'button',
      type: 'button',
      '@click': () => {
        // The heading holds focus while it loads again; the form's field takes it when it comes.
        this.#focus = 'title';
        this.#preloadPanel();
      },
    });
    this.#header = h('div', { class: 'header', part: 'header' }, this.#title, this.#actions);
    this.#panelView = h('section', { class: 'panel', part: 'panel' });
    this.#dialog = h('dialog', {
      part: 'dialog',
      'aria-labelledby': `${id}-title`,
      '@cancel': () => this.close(),
      '@close': (event) => this.#onDialogClose(event),
      '@keydown': (event) => wrapTabInDialog(event as KeyboardEvent),
    });
    // In place, signed in: the panel stays, says so, and offers the way on (the return address).
    this.#confirmation = h('p', { class: 'signed-in', part: 'confirmation' });
    this.#badgeLine = h('p');
    this.#onward = h('a', { class: 'button onward', part: 'return-link' });
    this.#onwardLine = h('p', {}, this.#onward);
    this.#signedInBar = h('div', { class: 'bar', part: 'base' });
    this.#signedInView = h('section', { class: 'panel', part: 'panel', 'aria-labelledby': `${id}-title` });
    this.#offerAnchor = new Comment();
    this.#warningAnchor = new Comment();
    this.#popStatus = statusBox('sr-only');
    this.#popClose = closeButton(() => this.#dismiss(true));
    this.#pop = h('div', { part: 'message' });
    this.renderRoot.append(this.#offerAnchor, this.#warningAnchor, this.#pop);
  }

  /** Brings the view up to date with the session, the dialog and the language. */
  #render(): void {
    const state = this.#session.state;
    const root = this.renderRoot;
    const signIn = msg('Kirjaudu sisään', { id: 'action.sign-in' });
    let content: (HTMLElement | null)[] = [];
    let main = this.#bar;
    let dialog = false;
    /** The popover's error box, and what it shows: an error's seq, or the notice; `null`: nothing. */
    let message: HTMLElement | undefined;
    let key: number | string | null = null;
    let said = '';
    switch (state.status) {
      case 'checking':
        text(this.#placeholder.firstChild!, signIn);
        content = [this.#placeholder];
        said = msg('Tarkistetaan kirjautumista…', { id: 'status.checking' });
        break;
      case 'check-failed':
        message = this.#popError(
          state.error.seq,
          msg('Kirjautumistilaa ei voitu tarkistaa.', { id: 'error.check-failed' }),
          state.error.code,
        );
        key = state.error.seq;
        text(this.#retry, msg('Yritä uudelleen', { id: 'action.retry' }));
        content = [this.#retry];
        break;
      case 'signed-in': {
        const { user, pending, error } = state;
        const badge = this.#renderBadge(user);
        text(this.#signOut, msg('Kirjaudu ulos', { id: 'action.sign-out' }));
        attr(this.#signOut, 'aria-disabled', `${!!pending}`);
        // A sign-in page: the panel stays, says so, and offers the way on (the return address).
        if (!this.inline) content = [badge, this.#signOut];
        else {
          main = this.#signedInView;
          this.#renderHeader(msg('Kirjautuminen', { id: 'title.sign-in' }));
          text(this.#confirmation, msg('Olet kirjautunut sisään.', { id: 'notice.signed-in' }));
          children(this.#badgeLine, badge);
          const onward = this.#panel?.onward(this.returnHref);
          attr(this.#onward, 'href', onward);
          text(this.#onward, msg('Jatka palveluun', { id: 'action.return' }));
          children(this.#signedInBar, this.#signOut);
          const view = this.#signedInView;
          children(view, this.#header, this.#confirmation, this.#badgeLine, !!onward && this.#onwardLine, this.#signedInBar);
        }
        if (error) {
          message = this.#popError(error.seq, msg('Uloskirjautuminen ei onnistunut.', { id: 'error.sign-out-failed' }), error.code);
          key = error.seq;
        }
        said = pending
          ? msg('Kirjaudutaan ulos…', { id: 'status.signing-out' })
          : this.#welcome
            ? msg('Olet kirjautunut sisään.', { id: 'notice.signed-in' })
            : '';
        break;
      }
      case 'signed-out':
        if (this.inline) main = this.#renderPanel(state);
        else {
          text(this.#signIn, signIn);
          content = [this.#signIn];
          dialog = true;
          // Step 1's migration notice is the dialog's description (read when it opens, though focus goes past it).
          attr(this.#dialog, 'aria-describedby', this.#panel && state.step === 'identify' && !this.noNotice && `${this.#id}-notice`);
          children(this.#dialog, (this.dialogOpen || this.#warm) && this.#renderPanel(state));
        }
        said = this.#notice(state);
        // Signed out, or the session ended: said, and seen too.
        if (state.notice === 'signed-out' || state.notice === 'session-expired') key = state.notice;
        break;
      default:
        assertNever(state);
    }
    attr(this.#bar, 'aria-busy', state.status === 'checking' && 'true');
    children(this.#bar, ...content, main === this.#bar && this.#language.render('bar'));
    if (this.#main !== main) {
      this.#main?.remove();
      root.prepend((this.#main = main));
    }
    if (!dialog) this.#dialog.remove();
    else if (main.nextSibling !== this.#dialog) main.after(this.#dialog);
    // After a password sign-in: the offer to create a passkey (issue 16), when their chunk is here.
    const lit = CityLogin.#lit;
    lit?.(state.status === 'signed-in' ? this.#panel?.passkeys?.offer() : undefined, root, { host: this, renderBefore: this.#offerAnchor });
    if (this.#warning) lit?.(this.#warning.render(), root, { host: this, renderBefore: this.#warningAnchor });
    // A dedicated sign-in page, signed out: the panel alone, its own status inside it.
    const pop = this.#pop;
    if (this.inline && state.status === 'signed-out') return pop.remove();
    if (!pop.isConnected) root.append(pop);
    // What went wrong, or the notice, in a popover under the bar: it never moves the page's header
    // (positioned over the page, not in the flow); × or Escape dismisses it. It opens towards the
    // page's middle (from the bar's start when the bar is in the left half).
    const shown = (this.#message = key !== this.#dismissed && !this.dialogOpen ? key : null) !== null;
    attr(pop, 'class', !shown ? '' : this.getBoundingClientRect().left < innerWidth / 2 ? 'pop start' : 'pop');
    attr(this.#popStatus, 'class', shown && !message ? 'status' : 'sr-only');
    text(this.#popStatus, this.dialogOpen ? '' : said);
    attr(this.#popClose, 'aria-label', msg('Sulje ilmoitus', { id: 'action.dismiss' }));
    children(pop, shown && message, this.#popStatus, shown && this.#popClose);
  }

  /** The popover's error box: the same node while the error (its seq) and its text stay, a new one for a new error. */
  #popError(seq: number, title: string, code: ErrorCode): HTMLElement {
    const message = errorMessage(code);
    const key = `${seq} ${title} ${message}`;
    if (this.#popAlertKey !== key) {
      this.#popAlertKey = key;
      this.#popAlert = alertBox(title, message);
    }
    return this.#popAlert!;
  }

  /**
   * The badge: "Name (email)", each part isolated bidirectionally (a right-to-left name cannot
   * reorder the address); a link to the account settings when `account-href` is usable. The
   * link's name adds where it leads (aria-label: a visually hidden part would add a stray space
   * before the comma in Chromium's name). A new node when the name, the address or the link
   * changes; the link's name follows the language in place, so a focused badge keeps focus.
   */
  #renderBadge(user: User): HTMLElement {
    const { name, email } = user;
    const href = this.#safeHref(this.accountHref, 'account-href');
    const label = `${name && email ? `${name} (${email})` : name || email}, ${msg('omat tiedot', {
      id: 'badge.account',
      desc: 'Said after the name on the badge link: it opens the account settings',
    })}`;
    const key = `${href}\n${name}\n${email}`;
    if (this.#badgeKey !== key || !this.#badge) {
      this.#badgeKey = key;
      const parts = name && email ? [h('bdi', {}, name), ' (', h('bdi', {}, email), ')'] : [h('bdi', {}, name || email)];
      this.#badge = h(href ? 'a' : 'span', { class: 'badge', part: 'badge', href }, ...parts);
    }
    if (href) attr(this.#badge, 'aria-label', label);
    return this.#badge;
  }

  /** The panel's title row: the heading (at `heading-level`, 1–6), "FIN ▼", and "×" in the dialog. */
  #renderHeader(title: string): void {
    text(this.#title, title);
    attr(this.#title, 'aria-level', Math.min(Math.max(Math.trunc(this.headingLevel) || 2, 1), 6));
    attr(this.#close, 'aria-label', msg('Sulje', { id: 'action.close' }));
    children(this.#actions, this.#language.render('panel'), !this.inline && this.#close);
  }

  /**
   * The pointer reaches "Kirjaudu sisään" (a mouse over it, a finger on it): the form's module
   * loads (if not yet here), and its view renders behind the closed dialog. Not on focus: focus
   * comes back to the button when the dialog closes, which is no sign of a next sign-in.
   */
  #intent = (): void => {
    this.#preloadPanel();
    this.#warm = true;
    this.requestUpdate();
  };

  #loadWarning(): void {
    this.#warning = null;
    Promise.all([CityLogin.importWarning(), localizationRuntime()?.loadStrings?.('session-warning')]).then(
      ([module]) => {
        CityLogin.#lit = module.render;
        this.#warning = new module.SessionWarning(this, this.#session, { id: this.#id, client: () => this.#client() });
        this.requestUpdate();
      },
      // Offline, say: asked again at a later update. The session still ends on time.
      () => (this.#warning = undefined),
    );
  }

  /** Dismisses the popover's message (× or Escape); with the × gone, focus goes back to the bar. */
  #dismiss(refocus?: boolean): void {
    if (this.#message == null) return;
    this.#dismissed = this.#message;
    if (refocus) this.#focus = 'bar';
    this.requestUpdate();
  }

  /** The sign-in panel: its title row here; its body comes with the form's module (until then, a busy state or a retry). */
  #renderPanel(state: SignedOutState): HTMLElement {
    const panel = this.#panel;
    const view = this.#panelView;
    // A region named by its heading in place; in the dialog, which has that name already, a plain section.
    attr(view, 'aria-labelledby', this.inline && `${this.#id}-title`);
    this.#renderHeader(panel?.title(state) ?? msg('Kirjautuminen', { id: 'title.sign-in' }));
    // The body follows the title row: the form's, rendered after it by lit-html, or the element's own.
    if (view.firstChild !== this.#header) view.prepend(this.#header);
    if (panel) {
      this.#busy.remove();
      this.#failed?.remove();
      this.#failedRetry.remove();
      CityLogin.#lit?.(panel.body(state), view, { host: this });
    } else if (this.panelFailed) {
      // The form's chunk did not arrive: to the resident, the service could not be reached.
      text(this.#failedRetry, msg('Yritä uudelleen', { id: 'action.retry' }));
      // A new alert each time it shows (after a retry that failed again, say), so it is announced.
      const message = errorMessage('network');
      if (!this.#failed?.isConnected || this.#failed.textContent !== message) this.#failed = alertBox('', message);
      children(view, this.#header, this.#failed, this.#failedRetry);
    } else {
      text(this.#busyStatus, msg('Ladataan…', { id: 'status.loading' }));
      children(view, this.#header, this.#busy);
    }
    return view;
  }

  /** Said while offline and once back online; else the flow's notice. */
  #notice(state: SignedOutState): string {
    const connectivity = this.#session.connectivity;
    if (connectivity === 'offline') return errorMessage('offline');
    if (connectivity === 'restored') return msg('Verkkoyhteys palasi. Voit yrittää uudelleen.', { id: 'notice.online' });
    return state.notice ? noticeMessage(state.notice) : '';
  }

  #onDialogClose(event: Event): void {
    // A close event that arrives after the dialog was shown again is stale.
    if ((event.currentTarget as HTMLDialogElement).open) return;
    this.close();
  }

  /** Focus is in the element: its light-DOM form, or its shadow root (then the page's activeElement is the element itself). */
  #hasFocus(): boolean {
    return this.contains(document.activeElement);
  }

  // ---------------------------------------------------------------- client

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
          language: () => (localizationRuntime() ? this.#language.wanted() : 'fi'),
        }),
      };
    }
    return this.#defaultClient.client;
  }

  /** The endpoint attribute when it is a usable URL, else the default `/auth`. */
  #endpointUrl(): string {
    return this.#safeHref(this.endpoint, 'endpoint') ? this.endpoint.trim() : '/auth';
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

  #emit<K extends keyof CityLoginEventMap>(type: K, detail: CityLoginEventMap[K]['detail'], cancelable = false): boolean {
    return this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable }));
  }
}
