/**
 * The sign-in form and the panel around it, loaded on demand: when the browser is idle after
 * the header bar has painted, at once on intent (pointer over or focus on "Kirjaudu sisään",
 * `open()`), and at once for `inline` and for a reset link. `login.ts` imports it with
 * `import()`; a page where the resident never signs in pays for it only when idle.
 *
 * It holds what a signed-out resident does: the form in the element's light DOM (so password
 * managers see it), the panel's text, its focus moves, and the flow's steps
 * ({@link FlowController}, extending the element's session). The set-new-password step loads
 * on its own, later still (`set-password.ts`).
 */
import { html, nothing, type ReactiveController } from 'lit';
import { keyed } from 'lit/directives/keyed.js';
import { msg, str } from '@lit/localize';
import { REDIRECT_EVENT } from '../events.js';
import { RESET_CODES, type FieldName, type FlowError, type ResetCode, type SignedOutState, type Step } from '../flow/flow.js';
import { FlowController } from '../flow/flow-controller.js';
import { assertNever } from '../flow/session.js';
import { checkRedirect } from '../flow/redirect-policy.js';
import type { SessionController } from '../flow/session-controller.js';
import { CityLoginField } from './field.js';
import { formMessage, waitMessage } from './form-messages.js';
import { currentLocale, localizationRuntime } from './locale-hook.js';
import type { CityLogin } from './login.js';
import type { FocusTarget } from './focus.js';
import { alert, status } from './parts.js';
import { panelStyles } from './panel.styles.js';

/** lit-html's `render`: the element renders this chunk's templates with it (it has no template engine of its own). */
export { render } from 'lit';

/** What the panel needs of its element, besides the element's public properties. */
export interface PanelContext {
  /** The element's id prefix (`${id}-identifier`, `${id}-title`, …). */
  readonly id: string;
  readonly session: SessionController;
  /** Focus `target` after the next render. */
  focus(target: FocusTarget): void;
  /** An attribute URL that is safe to link or send to, or `undefined` (warned once). */
  safeHref(value: string | undefined, attribute: string): string | undefined;
  warn(message: string, key?: string): void;
  /** Where the built-in client sends its calls (the endpoint attribute, or `/auth`). */
  endpointUrl(): string;
  /** The notice the panel's status says (offline, back online, signed out…), or ''. */
  notice(state: SignedOutState): string;
}

/** Defines the form's field element in the registry the element was defined in. */
export function defineParts(registry: CustomElementRegistry): void {
  if (!registry.get('city-login-field')) registry.define('city-login-field', CityLoginField);
}

/**
 * A plain email address for the `mailto:` link: letters, digits and `._+-` before the `@`,
 * a dotted domain after it. Nothing a `mailto:` URL would read as more than an address
 * (`?cc=`, `&body=`, `%`, `,`, `;`, `:`, `/`, `#`, spaces, angle brackets).
 */
const PLAIN_ADDRESS = /^[\p{L}\p{N}._+-]+@[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)+$/u;

/** The field each step starts in (`sent`, `changed`: the confirmation text). */
const STEP_FOCUS: Record<Step, FocusTarget> = {
  identify: 'identifier',
  password: 'password',
  forgot: 'email',
  'forgot-sent': 'sent',
  'set-password': 'new-password',
  'password-changed': 'changed',
};

/** Errors of a lost connection: stale once the browser is back online. */
const STALE_ONLINE: readonly string[] = ['offline', 'network', 'timeout'];

/** The set-new-password step, loaded when a reset link opens it (see set-password.ts). */
type SetPasswordModule = typeof import('./set-password.js');
let setPasswordModule: SetPasswordModule | undefined;
let setPasswordLoading: Promise<SetPasswordModule> | undefined;

/** The sign-in panel's content and form for one element. */
export class Panel implements ReactiveController {
  readonly flow: FlowController;
  /** Passkeys (issue 16): their chunk, once loaded where they can be used. */
  passkeys: import('./passkeys.js').Passkeys | null = null;
  readonly #host: CityLogin;
  readonly #context: PanelContext;
  /** Whether the password is shown as text (the show-password button). */
  #passwordVisible = false;
  #previous: SignedOutState | null = null;
  /** The step rendered last, and what the status says once (after a step change or the show-password button). */
  #step: Step | null = null;
  #spoken: Step | 'shown' | 'hidden' | null = null;
  /** The message shown now (an error, a field's error, the visible status), and the one brought into view last. */
  #current = '';
  #revealed = '';

  constructor(host: CityLogin, context: PanelContext) {
    this.#host = host;
    this.#context = context;
    this.flow = new FlowController(host, context.session, {
      checkRedirect: (url) => this.#allowed(url),
      redirectRecoveryDelay: () => (host.constructor as typeof CityLogin).redirectRecoveryDelay,
      effects: {
        redirect: (url) => this.#go(url, 'sign-in'),
        passwordRejected: () => {
          for (const input of host.querySelectorAll<HTMLInputElement>('input[type=password],input[name$=password]')) input.value = '';
        },
      },
    });
    host.addController(this);
    // Passkeys load only where they can be used: WebAuthn here, and a client with their methods.
    const client = context.session.client();
    if (typeof PublicKeyCredential == 'function' && client.passkeyOptions && client.passkeySignIn) {
      void Promise.all([import('./passkeys.js'), localizationRuntime()?.loadStrings?.('passkeys')]).then(
        ([module]) => (this.passkeys = new module.Passkeys(host, { ...context, flow: this.flow })),
        () => undefined,
      );
    }
    if (host.getRootNode() instanceof ShadowRoot) {
      context.warn(
        '<city-login> is inside a shadow root: password-manager extensions may not see its form. Place it in the light DOM of the page.',
      );
    }
    // The panel's own styles join the element's (constructable style sheets: no inline styles, strict CSP holds).
    const root = host.renderRoot as ShadowRoot;
    const sheet = panelStyles.styleSheet;
    if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  }

  /** The selector of the field (or text) a step starts in. */
  stepFocus(step: Step): FocusTarget {
    return step === 'identify' && this.#strongOnly() ? 'strong' : STEP_FOCUS[step];
  }

  /** The strong-identification start URL (`strong-auth-href`), when usable. */
  #strong(): string | undefined {
    return this.#context.safeHref(this.#host.strongAuthHref, 'strong-auth-href');
  }

  /** Strong identification is the only way in (`strong-auth-only` with a usable `strong-auth-href`). */
  #strongOnly(): boolean {
    return this.#host.strongAuthOnly && this.#strong() !== undefined;
  }

  hostUpdate(): void {
    const state = this.flow.state;
    // The show-password choice lasts only as long as the password step (or the new password's).
    if (state.status !== 'signed-out' || (state.step !== 'password' && state.step !== 'set-password')) this.#passwordVisible = false;
    // A step is announced when the flow moves to it (a live region's first text is not read), and only once.
    const step = state.status === 'signed-out' ? state.step : null;
    if (step !== this.#step) this.#spoken = this.#step && step;
    if (state.status !== 'signed-out' || state.pending) this.#spoken = null;
    this.#step = step;
  }

  hostUpdated(): void {
    // Moves focus when the flow moved on: a new step, an error in a field.
    const before = this.#previous;
    const state = this.flow.state;
    const after = (this.#previous = state.status === 'signed-out' ? state : null);
    if (!after || !before) return;
    if (after.step !== before.step || (after.ticket && !before.ticket)) this.#context.focus(this.stepFocus(after.step));
    else if (after.error?.field && after.error.seq !== before.error?.seq) this.#context.focus(after.error.field);
    // A new message is brought into view with the form's button under it (on a phone the sheet
    // scrolls its step text away under the title row), after focus has moved.
    if (this.#current !== this.#revealed) {
      this.#revealed = this.#current;
      if (this.#current) void this.#host.updateComplete.then(() => this.#reveal());
    }
  }

  /** Scrolls as little as needed to show the primary button, then the message above it. */
  #reveal(): void {
    const host = this.#host;
    const message = host.renderRoot.querySelector('.panel > .error, .panel > .status') ?? host.querySelector('[slot=error]');
    for (const element of [host.querySelector('form button[type=submit]'), message]) element?.scrollIntoView({ block: 'nearest' });
  }

  /**
   * Single logout: goes where the logout answered (the identity provider's logout page), if
   * the host's redirect rules allow it and nobody cancels the redirect event.
   */
  leave(url: string): void {
    const allowed = this.#allowed(url);
    if (allowed) this.#go(allowed, 'sign-out');
  }

  /** A redirect URL the host's rules allow (absolute), or `null` (warned). */
  #allowed(url: string): string | null {
    const list = this.#host.redirectOrigins?.trim();
    const origins = list ? list.split(/\s+/) : [location.href, new URL(this.#context.endpointUrl(), document.baseURI).href];
    const verdict = checkRedirect(url, { page: location.href, base: document.baseURI, origins });
    if (verdict.refused) this.#context.warn(`<city-login>: refused a redirect (${verdict.refused}); see redirect-origins.`);
    return verdict.url ?? null;
  }

  /**
   * `inline`, signed in: where the link on to the service, "Jatka palveluun", leads, when the return address
   * (`return-href`, else the page's `?return=` or `?next=`) is of the page's own origin. A link
   * the resident follows, never a redirect.
   */
  onward(attribute: string | undefined): string | undefined {
    const query = new URLSearchParams(location.search);
    const value = attribute?.trim() || query.get('return') || query.get('next');
    if (!value) return undefined;
    const verdict = checkRedirect(value, { page: location.href, base: document.baseURI, origins: [location.href] });
    if (!verdict.url) {
      this.#context.warn(
        `<city-login>: ignoring the return address (${verdict.refused}): only this site's own addresses are offered.`,
        value,
      );
      return undefined;
    }
    return verdict.url;
  }

  /** Fires the cancelable redirect event, then goes; `false` when cancelled. */
  #go(url: string, purpose: 'sign-in' | 'sign-out'): boolean {
    const detail = { url, purpose };
    const proceed = this.#host.dispatchEvent(new CustomEvent(REDIRECT_EVENT, { detail, bubbles: true, composed: true, cancelable: true }));
    if (proceed) window.location.assign(url);
    return proceed;
  }

  /** The panel's heading for this state. */
  title(state: SignedOutState): string {
    const { step } = state;
    if (step === 'set-password' || step === 'password-changed')
      return this.#setPassword()?.title(step) ?? msg('Kirjautuminen', { id: 'title.sign-in' });
    // The forgot steps are named by what they do (the link that leads there asks the question).
    return step === 'forgot' || step === 'forgot-sent'
      ? msg('Salasanan palautus', { id: 'step.forgot' })
      : msg('Kirjautuminen', { id: 'title.sign-in' });
  }

  /** The panel below its header: the step's text, an error, the form's slot, the footer and the status. */
  body(state: SignedOutState) {
    const { step, error } = state;
    const forgot = step === 'forgot' || step === 'forgot-sent';
    const reset = step === 'set-password' || step === 'password-changed';
    const setPassword = reset ? this.#setPassword() : undefined;
    const view = this.#setPasswordView(state);
    const said = this.#spoken;
    const spoken =
      said && !state.notice && this.#context.session.connectivity === 'online'
        ? said === 'shown'
          ? msg('Salasana näkyy.', { id: 'status.password-shown' })
          : said === 'hidden'
            ? msg('Salasana on piilotettu.', { id: 'status.password-hidden' })
            : this.#stepName(said)
        : '';
    const pending = state.pending;
    const connectivity = this.#context.session.connectivity;
    // One place for what went wrong, above the form: offline says so instead of an older error;
    // back online, an error of the lost connection is stale and goes.
    const shown =
      connectivity === 'offline'
        ? ({ code: 'offline', field: null, seq: 0 } as const)
        : error && !error.field && !(connectivity === 'restored' && STALE_ONLINE.includes(error.code))
          ? error
          : null;
    const contact = shown !== null && (shown.code === 'locked' || shown.code === 'delivery_failed');
    const fieldError = error?.field ? error : null;
    const text =
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
            : connectivity === 'offline'
              ? ''
              : this.#context.notice(state);
    this.#current = shown || text || fieldError ? `${shown?.code} ${shown?.seq} ${text} ${fieldError?.field} ${fieldError?.seq}` : '';
    const strong = step === 'identify' ? this.#strong() : undefined;
    const only = strong !== undefined && this.#strongOnly();
    const name = this.#host.strongAuthName?.trim();
    // First on step 1: a resident who came to identify strongly need not read the password copy.
    return html`${
      strong
        ? html`<p class="strong">
            <a id=${`${this.#context.id}-strong`} part="strong-auth-link" href=${strong}
              >${
                name
                  ? msg(str`Tunnistaudu vahvasti: ${name}`, { id: 'action.strong-auth-named' })
                  : msg('Tunnistaudu vahvasti', { id: 'action.strong-auth' })
              }</a
            >
          </p>`
        : nothing
    }
      ${only ? nothing : reset ? (setPassword?.intro(view) ?? nothing) : this.#intro(step)}
      ${
        shown
          ? alert(
              shown,
              '',
              this.#message(shown),
              shown.code === 'rate_limited' && shown.retryAfterSeconds ? waitMessage(shown.retryAfterSeconds, currentLocale()) : nothing,
              // The message already says to contact the city: only the address follows it.
              contact ? this.#contactLine('', true) : nothing,
            )
          : nothing
      }
      ${status(text, text !== '', spoken)}
      <slot name="form"></slot>
      <div class="footer" part="footer">
        ${
          reset
            ? (setPassword?.footer(view) ?? nothing)
            : forgot
              ? html`<button class="link" type="button" @click=${() => this.flow.backToSignIn()}>
                ${msg('Takaisin kirjautumiseen', { id: 'action.back' })}
              </button>`
              : only
                ? nothing
                : html`<button class="link" type="button" @click=${() => this.flow.openForgot()}>
                  ${msg('Unohtuiko käyttäjätunnus tai salasana?', { id: 'action.forgot' })}
                </button>`
        }
        ${/* Below the form's own links: it appears when the server has answered, and moves nothing above it. */ this.passkeys?.button()}
        ${contact ? nothing : this.#contactLine('muted')}
      </div>`;
  }

  /** The light-DOM form (slotted into the panel), or nothing where the step has none. */
  form(state: SignedOutState) {
    const { step } = state;
    if (step === 'forgot-sent' || (step === 'identify' && this.#strongOnly())) return nothing;
    const id = this.#context.id;
    const reset = step === 'set-password' || step === 'password-changed';
    const setPassword = reset ? setPasswordModule : undefined;
    // The set-new-password form's fields come with its module; none once changed or without a usable link.
    if (reset && (!setPassword || step !== 'set-password' || !state.ticket)) return nothing;
    const forgot = step === 'forgot';
    const blocked = (forgot ? state.blocked.reset : state.blocked.signIn) !== null;
    // Named by its step, not the panel's title again (the dialog and its heading say that).
    const label = setPassword ? setPassword.title('set-password') : this.#stepName(step);
    const fields = setPassword
      ? setPassword.fields(this.#setPasswordView(state))
      : forgot
        ? this.#input(state, 'email', msg('Sähköpostiosoite', { id: 'field.email' }), state.email)
        : html`${this.#input(state, 'identifier', msg('Sähköpostiosoite / käyttäjätunnus', { id: 'field.identifier' }), state.identifier)}
          ${step === 'password' ? this.#passwordFields(state) : nothing}`;
    const submit = setPassword
      ? setPassword.submitLabel()
      : step === 'identify'
        ? msg('Jatka', { id: 'action.continue' })
        : forgot
          ? msg('Lähetä', { id: 'action.send' })
          : msg('Kirjaudu sisään', { id: 'action.sign-in' });
    // method=dialog: a submission the handler does not see (a page script's form.submit(), a
    // capture listener that stops the event) sends nothing anywhere; a GET would put the password in a URL.
    // Keyed by the kind of form: the forgot step gets inputs of its own, not the identifier field reused.
    return html`<form slot="form" method="dialog" novalidate aria-labelledby=${`${id}-form-label`} @submit=${(event: SubmitEvent) => this.#onSubmit(event)}>
      <span id=${`${id}-form-label`} hidden>${label}</span>
      ${keyed(forgot, fields)}
      <city-login-field kind="submit">
        <button slot="input" type="submit" aria-disabled=${state.pending !== null || blocked ? 'true' : 'false'}>${submit}</button>
      </city-login-field>
    </form>`;
  }

  /** A step as the form's name and its announcement ("Vaihe 2 kahdesta: salasana"); '' for a step without one. */
  #stepName(step: Step): string {
    return step === 'identify'
      ? msg('Vaihe 1 kahdesta: sähköpostiosoite tai käyttäjätunnus', { id: 'step.identify' })
      : step === 'password'
        ? msg('Vaihe 2 kahdesta: salasana', { id: 'step.password' })
        : step === 'forgot'
          ? msg('Salasanan palautus', { id: 'step.forgot' })
          : '';
  }

  #passwordFields(state: SignedOutState) {
    const id = this.#context.id;
    return html`${this.#input(state, 'password', msg('Salasana', { id: 'field.password' }))}
      <city-login-field kind="check">
        <input
          slot="input"
          type="checkbox"
          id=${`${id}-remember`}
          name="remember"
          .checked=${state.remember}
          @change=${(event: Event) => this.flow.editRemember((event.target as HTMLInputElement).checked)}
        />
        <label slot="label" for=${`${id}-remember`}>${msg('Muista kirjautumiseni tässä tietokoneessa', { id: 'field.remember' })}</label>
      </city-login-field>`;
  }

  /** One text field: `identifier` (name `username`), `password` or `email`, with its error. */
  #input(state: SignedOutState, field: Exclude<FieldName, 'new-password'>, label: string, value?: string) {
    const inputId = `${this.#context.id}-${field}`;
    const errorId = `${inputId}-error`;
    const error = state.error?.field === field ? state.error : null;
    const password = field === 'password';
    const readonly = field === 'identifier' && state.step === 'password';
    const name = field === 'identifier' ? 'username' : field;
    // The password is never kept in the flow's state; the other fields are, as they are typed.
    const edit = password
      ? nothing
      : (event: Event) => this.flow.dispatch({ type: 'edit', field, value: (event.target as HTMLInputElement).value });
    return html`<city-login-field kind="text" ?readonly=${readonly}>
      <label slot="label" for=${inputId}>${label}</label>
      <input
        slot="input"
        id=${inputId}
        name=${name}
        type=${password ? (this.#passwordVisible ? 'text' : 'password') : field === 'email' ? 'email' : 'text'}
        .autocomplete=${password ? 'current-password' : field === 'identifier' ? (this.passkeys?.autofill ? 'username webauthn' : 'username') : 'email'}
        autocapitalize="none"
        spellcheck="false"
        inputmode=${password ? nothing : 'email'}
        ?readonly=${readonly}
        aria-required="true"
        aria-invalid=${error ? 'true' : 'false'}
        aria-describedby=${error ? errorId : nothing}
        .value=${value ?? ''}
        @input=${edit}
        @change=${edit}
      />
      ${
        password
          ? html`<button
            slot="action"
            type="button"
            aria-label=${
              this.#passwordVisible
                ? msg('Piilota salasana', { id: 'action.hide-password' })
                : msg('Näytä salasana', { id: 'action.show-password' })
            }
            aria-controls=${inputId}
            @click=${() => this.#togglePasswordVisible()}
          >
            ${this.#passwordVisible ? msg('Piilota', { id: 'action.hide' }) : msg('Näytä', { id: 'action.show' })}
          </button>`
          : nothing
      }
      ${
        readonly
          ? html`<button
            slot="action"
            type="button"
            aria-label=${msg('Vaihda käyttäjätunnus', { id: 'action.change-identifier' })}
            @click=${() => this.flow.changeIdentifier()}
          >
            ${msg('Vaihda', { id: 'action.change' })}
          </button>`
          : nothing
      }
      ${error ? this.#fieldError(error, errorId) : nothing}
    </city-login-field>`;
  }

  #intro(step: Exclude<Step, 'set-password' | 'password-changed'>) {
    const host = this.#host;
    switch (step) {
      case 'identify': {
        const help = this.#context.safeHref(host.helpHref, 'help-href');
        const signup = this.#context.safeHref(host.signupHref, 'signup-href');
        return html`${
          host.noNotice
            ? nothing
            : html`<p class="notice" part="notice" id=${`${this.#context.id}-notice`}>
                ${msg('Kirjautumisjärjestelmä on hiljattain muuttunut. Käyttäjätunnuksena toimii jatkossa sähköpostiosoitteesi.', {
                  id: 'intro.notice',
                })}
              </p>`
        }
          ${
            help
              ? html`<p>
                ${msg(
                  html`Ongelmia sisäänkirjautumisessa? Katso <a href=${help} target="_blank" rel="noopener">ohje sisäänkirjautumiseen (pdf)<span class="sr-only"> (avautuu uuteen välilehteen)</span></a> muutosten jälkeen.`,
                  { id: 'intro.help' },
                )}
              </p>`
              : nothing
          }
          ${
            signup
              ? html`<p>
                ${msg(html`<a href=${signup}>Luo uusi käyttäjätunnus</a> jos sinulla ei vielä ole omaa käyttäjätunnusta.`, { id: 'intro.signup' })}
              </p>`
              : nothing
          }
          ${
            host.noAuthorityLine
              ? nothing
              : html`<p>
                ${msg('Viranomaiskäyttäjä? Kirjaudu sisään normaaliin tapaan välittämättä muutoksista.', {
                  id: 'intro.authority',
                })}
              </p>`
          }`;
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
        return html`<p class="notice" part="notice" id=${`${this.#context.id}-sent`} tabindex="-1">
          ${msg(
            'Jos antamasi sähköpostiosoite on käytössä palvelussa, lähetimme siihen linkin salasanan vaihtamiseen. Tarkista sähköpostisi, myös roskapostikansio.',
            { id: 'intro.forgot-sent' },
          )}
        </p>`;
      default:
        return assertNever(step);
    }
  }

  /** The support address with the guide's sentence, or (`short`, under a message that says to get in touch) with "Sähköposti:" alone. */
  #contactLine(className: string, short = false) {
    const email = this.#host.supportEmail?.trim();
    if (!email) return nothing;
    // Only a plain address: anything a mailto: link could read as more (recipients, a message) is not shown.
    if (!PLAIN_ADDRESS.test(email)) {
      this.#context.warn('<city-login>: ignoring support-email: not a plain address.', email);
      return nothing;
    }
    return html`<p class=${className}>
      ${
        short
          ? msg('Sähköposti:', { id: 'contact.email' })
          : msg('Olethan meihin yhteydessä mahdollisissa ongelmatilanteissa. Sähköposti:', { id: 'contact.line' })
      }
      <a href=${`mailto:${email}`}>${email}</a>
    </p>`;
  }

  #onSubmit(event: SubmitEvent): void {
    event.preventDefault();
    // The identifier's passkey autofill ends before anything else is sent.
    this.passkeys?.stop();
    const state = this.flow.state;
    if (state.status !== 'signed-out') return;
    // A shown password is hidden again when it is sent.
    this.#passwordVisible = false;
    this.#host.requestUpdate();
    // Read what is in the form now: autofill may not fire input events.
    const form = event.currentTarget as HTMLFormElement;
    const input = (name: string) => form.elements.namedItem(name) as HTMLInputElement | null;
    const value = (name: string, fallback = '') => input(name)?.value ?? fallback;
    if (state.step === 'identify') this.flow.submitIdentifier(value('username'));
    if (state.step === 'password')
      this.flow.submitPassword(value('username', state.identifier), value('password'), input('remember')?.checked ?? false);
    if (state.step === 'forgot') this.flow.submitReset(value('email'));
    if (state.step === 'set-password') this.flow.submitNewPassword(value('new-password'), value('confirm-password'));
  }

  #togglePasswordVisible(): void {
    this.#passwordVisible = !this.#passwordVisible;
    this.#spoken = this.#passwordVisible ? 'shown' : 'hidden';
    this.#host.requestUpdate();
  }

  /** The set-new-password step's module: loaded on first need, then the element renders again. */
  #setPassword(): SetPasswordModule | undefined {
    if (!setPasswordModule) {
      setPasswordLoading ??= Promise.all([import('./set-password.js'), localizationRuntime()?.loadStrings?.('set-password')]).then(
        ([module]) => (setPasswordModule = module),
      );
      void setPasswordLoading.then(
        () => {
          // The new password's field may be there before the module was: focus it now.
          const state = this.flow.state;
          if (state.status === 'signed-out' && state.step === 'set-password' && state.ticket)
            this.#context.focus(this.stepFocus('set-password'));
          this.#host.requestUpdate();
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
      id: this.#context.id,
      state,
      passwordVisible: this.#passwordVisible,
      togglePasswordVisible: () => this.#togglePasswordVisible(),
      requestNewLink: () => this.flow.requestNewLink(),
      ...(this.flow.canRetryResetLink ? { retry: () => this.flow.retryResetLink() } : {}),
      backToSignIn: () => this.flow.backToSignIn(),
      fieldError: (error: FlowError, id: string) => this.#fieldError(error, id),
    };
  }

  /** The message of an error: the set-new-password step's own codes come with its module. */
  #message(error: FlowError): string {
    const module = setPasswordModule;
    const state = this.flow.state;
    return (
      this.passkeys?.message(error.code) ??
      (module && (RESET_CODES as readonly string[]).includes(error.code)
        ? module.resetMessage(error.code as ResetCode, error.rule, state.status === 'signed-out' ? state.ticket?.policy : undefined)
        : formMessage(error.code))
    );
  }

  #fieldError(error: FlowError, id: string) {
    // Keyed by the error's seq: a new error is a new node, announced even with the same text.
    return keyed(error.seq, html`<span slot="error" id=${id} role="alert">${this.#message(error)}</span>`);
  }
}
