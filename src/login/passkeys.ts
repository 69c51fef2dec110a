/**
 * Passkeys beside the password (issue 16), loaded on demand by the form's chunk only where they
 * can be used: the browser has WebAuthn and the client has the passkey methods. Until the
 * server's first options answer says it has passkeys (a `404` says it has none), nothing shows.
 *
 * - Step 1: the identifier field offers saved passkeys in the browser's autofill (conditional
 *   mediation, started only where `isConditionalMediationAvailable()` says so, while the form is
 *   shown; aborted before any other submit or step change), and a secondary button starts a
 *   modal passkey sign-in. Nothing opens a prompt by itself.
 * - After a password sign-in, on a browser with a platform authenticator, a polite offer to
 *   create a passkey, once; dismissed, it is not made again on this browser (localStorage holds
 *   only that flag).
 * - Failures: a cancel (`NotAllowedError`, `AbortError`) says nothing and leaves the resident
 *   where they were; every other has its own message; the password path always stays.
 *
 * The browser's own JSON helpers read the server's options and write the credential
 * (`parseRequestOptionsFromJSON`, `parseCreationOptionsFromJSON`, `toJSON()`); a small base64url
 * fallback serves browsers that lack them. No WebAuthn library.
 */
import { css, html, nothing, type ReactiveController } from 'lit';
import { msg } from '@lit/localize';
import { AuthError, type AuthClient, type PasskeyOptionsJSON, type User } from '../auth/auth-client.js';
import type { ErrorCode, FlowError, PasskeyCode } from '../flow/flow.js';
import type { FlowController } from '../flow/flow-controller.js';
import type { SessionController } from '../flow/session-controller.js';
import type { CityLogin } from './login.js';
import { errorMessage } from './messages.js';
import type { FocusTarget } from './focus.js';
import { alert } from './parts.js';

/** What the passkeys need of the panel. */
export interface PasskeysContext {
  readonly id: string;
  readonly session: SessionController;
  readonly flow: FlowController;
  focus(target: FocusTarget): void;
}

/** The localStorage key of the dismissed offer: a flag, never a secret. */
export const OFFER_DISMISSED_KEY = 'city-login:passkey-offer-dismissed';

/** The offer after a password sign-in: asking, creating, done, or failed with its code. */
type Offer = { readonly step: 'ask' | 'creating' | 'created' | 'exists'; readonly error: FlowError | null };

type Json = Record<string, unknown>;
type PublicKeyCredentialStatic = typeof PublicKeyCredential & {
  parseRequestOptionsFromJSON?(options: unknown): PublicKeyCredentialRequestOptions;
  parseCreationOptionsFromJSON?(options: unknown): PublicKeyCredentialCreationOptions;
  signalUnknownCredential?(options: { rpId: string; credentialId: string }): Promise<void>;
};

function webauthn(): PublicKeyCredentialStatic | undefined {
  return typeof PublicKeyCredential === 'function' && navigator.credentials
    ? (PublicKeyCredential as PublicKeyCredentialStatic)
    : undefined;
}

/** Whether passkeys can be used with this client in this browser (the panel loads this module only then). */
export function passkeysUsable(client: AuthClient): boolean {
  return webauthn() !== undefined && typeof client.passkeyOptions === 'function' && typeof client.passkeySignIn === 'function';
}

// ---------------------------------------------------------------- JSON, with a fallback

const bytes = (text: string): ArrayBuffer =>
  Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)).buffer;
const text = (buffer: ArrayBuffer | null | undefined): string | undefined =>
  buffer
    ? btoa(String.fromCharCode(...new Uint8Array(buffer)))
        .replace(/\+/g, '-')
        .replace(/\//g, '_')
        .replace(/=+$/, '')
    : undefined;

/** Options JSON to the browser's options: its own parser, or the base64url fields by hand. */
export function readOptions(
  json: PasskeyOptionsJSON,
  create: boolean,
): PublicKeyCredentialRequestOptions | PublicKeyCredentialCreationOptions {
  const api = webauthn();
  const parse = (create ? api?.parseCreationOptionsFromJSON : api?.parseRequestOptionsFromJSON) as
    ((options: unknown) => PublicKeyCredentialRequestOptions) | undefined;
  if (parse) return parse.call(api, json);
  const ids = (list: unknown) => (Array.isArray(list) ? list.map((c: Json) => ({ ...c, id: bytes(c['id'] as string) })) : undefined);
  const user = json['user'] as Json | undefined;
  return {
    ...json,
    challenge: bytes(json.challenge),
    ...(user ? { user: { ...user, id: bytes(user['id'] as string) } } : {}),
    ...(json['allowCredentials'] ? { allowCredentials: ids(json['allowCredentials']) } : {}),
    ...(json['excludeCredentials'] ? { excludeCredentials: ids(json['excludeCredentials']) } : {}),
  } as unknown as PublicKeyCredentialRequestOptions;
}

/** A credential as JSON: the browser's `toJSON()`, or its fields in base64url by hand. */
export function credentialJSON(credential: PublicKeyCredential): unknown {
  if (typeof credential.toJSON === 'function') return credential.toJSON();
  const response = credential.response as unknown as {
    clientDataJSON: ArrayBuffer;
    signature?: ArrayBuffer;
    authenticatorData?: ArrayBuffer;
    userHandle?: ArrayBuffer | null;
    attestationObject?: ArrayBuffer;
    getTransports?(): string[];
  };
  return {
    id: credential.id,
    rawId: text(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    clientExtensionResults: credential.getClientExtensionResults(),
    response: {
      clientDataJSON: text(response.clientDataJSON),
      ...('signature' in response
        ? {
            authenticatorData: text(response.authenticatorData),
            signature: text(response.signature),
            userHandle: text(response.userHandle),
          }
        : { attestationObject: text(response.attestationObject), transports: response.getTransports?.() ?? [] }),
    },
  };
}

// ---------------------------------------------------------------- the controller

/** What a WebAuthn rejection means: a cancel (said nowhere), or one of the passkeys' codes. */
function fromBrowser(error: unknown, create: boolean): PasskeyCode | 'cancelled' {
  const name = error instanceof DOMException ? error.name : '';
  if (name === 'NotAllowedError' || name === 'AbortError') return 'cancelled';
  if (create && name === 'InvalidStateError') return 'passkey_exists';
  // SecurityError (this site cannot use passkeys here), NotSupportedError, and the rest.
  return 'passkey_none';
}

export class Passkeys implements ReactiveController {
  readonly #host: CityLogin;
  readonly #context: PasskeysContext;
  /** Whether the server has passkeys: unknown until its first options answer. */
  #available: boolean | null = null;
  /** Step 1's passkey request (conditional) under way, or settled for this visit of step 1. */
  #armed: AbortController | null = null;
  /** The sign-in under way is a passkey's (no offer after it). */
  #byPasskey = false;
  #wasSigningIn = false;
  /** Whether this browser has a platform authenticator (can create passkeys). */
  #platform = false;
  #offer: Offer | null = null;
  /** The offer's sentence is said once its live region is in the page. */
  #offerSaid = false;
  #offerCall: AbortController | null = null;
  #seq = 0;

  constructor(host: CityLogin, context: PasskeysContext) {
    this.#host = host;
    this.#context = context;
    host.addController(this);
    const root = host.renderRoot as ShadowRoot;
    const sheet = passkeyStyles.styleSheet;
    if (sheet && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
    void webauthn()
      ?.isUserVerifyingPlatformAuthenticatorAvailable?.()
      .then(
        (yes) => (this.#platform = yes),
        () => undefined,
      );
    host.requestUpdate();
  }

  #client(): AuthClient | null {
    const client = this.#context.session.client();
    return passkeysUsable(client) ? client : null;
  }

  /** Whether the identifier field offers passkeys in its autofill. */
  get autofill(): boolean {
    return this.#available !== false && this.#client() !== null;
  }

  hostUpdate(): void {
    const state = this.#context.session.state;
    // A password sign-in succeeded: offer a passkey (once, unless dismissed on this browser).
    if (state.status === 'signed-in' && this.#wasSigningIn && !this.#byPasskey && this.#canOffer()) {
      this.#offer = { step: 'ask', error: null };
      this.#offerSaid = false;
    }
    if (state.status !== 'signed-in') {
      this.#offer = null;
      this.#offerCall?.abort();
    }
    this.#wasSigningIn = state.status === 'signed-out' && state.pending === 'sign-in';
    if (state.status !== 'signed-out' || state.pending !== 'sign-in') this.#byPasskey = false;
  }

  hostUpdated(): void {
    const state = this.#context.session.state;
    // In view: not in the dialog's content rendered, closed, ahead of the click (login.ts, `#warm`).
    const shown =
      this.#host.querySelector(`#${this.#context.id}-identifier`) !== null &&
      this.#host.renderRoot.querySelector<HTMLDialogElement>('dialog[part=dialog]')?.open !== false;
    // Never for an element that has left the page (its chunk may arrive after): nothing would end the request.
    if (state.status === 'signed-out' && state.step === 'identify' && state.pending === null && shown && this.#host.isConnected) {
      if (!this.#armed) void this.#arm();
    } else if (!(state.status === 'signed-out' && state.pending === 'sign-in' && this.#byPasskey)) {
      this.stop();
    }
    if (this.#offer && !this.#offerSaid) {
      // A live region's first text is not read: the sentence goes in once the region is there.
      setTimeout(() => {
        this.#offerSaid = true;
        this.#host.requestUpdate();
      }, 50);
    }
  }

  hostDisconnected(): void {
    this.stop();
    this.#offerCall?.abort();
  }

  /** Ends step 1's passkey request (before any other submit, or when the step changes). */
  stop(): void {
    this.#armed?.abort();
    this.#armed = null;
  }

  /** Step 1: asks the server for options (does it have passkeys?), then arms the identifier's autofill where the browser can. */
  async #arm(): Promise<void> {
    const client = this.#client();
    if (!client || this.#available === false) return;
    const armed = (this.#armed = new AbortController());
    const { signal } = armed;
    try {
      const options = await client.passkeyOptions!(signal);
      this.#setAvailable(options !== null);
      if (!options || !(await webauthn()!.isConditionalMediationAvailable?.()) || signal.aborted) return;
      const credential = (await navigator.credentials.get({
        mediation: 'conditional',
        publicKey: readOptions(options, false) as PublicKeyCredentialRequestOptions,
        signal,
      })) as PublicKeyCredential | null;
      if (credential && !signal.aborted) {
        this.#armed = null;
        this.#signIn(async (c, callSignal) => c.passkeySignIn!(credentialJSON(credential), callSignal), credential.id);
      }
    } catch {
      // Aborted, cancelled or failed before the resident chose anything: the autofill just offers nothing.
    }
  }

  #setAvailable(value: boolean): void {
    if (this.#available === value) return;
    this.#available = value;
    this.#host.requestUpdate();
  }

  /** The button: a modal passkey sign-in, on the resident's click only. */
  #modal(): void {
    this.stop();
    let failure: PasskeyCode | 'cancelled' | null = null;
    let id = '';
    this.#signIn(
      async (client, signal) => {
        const options = await client.passkeyOptions!(signal);
        if (!options) {
          this.#setAvailable(false);
          failure = 'cancelled';
          throw new AuthError('unexpected');
        }
        let credential: PublicKeyCredential;
        try {
          credential = (await navigator.credentials.get({
            publicKey: readOptions(options, false) as PublicKeyCredentialRequestOptions,
            signal,
          })) as PublicKeyCredential;
        } catch (error) {
          if (signal.aborted) throw error;
          failure = fromBrowser(error, false);
          throw new AuthError('unexpected', { cause: error });
        }
        id = credential.id;
        return client.passkeySignIn!(credentialJSON(credential), signal);
      },
      () => id,
      () => failure,
    );
  }

  /** Signs in with a credential the browser gave: the panel's status says so, the outcome goes to the flow. */
  #signIn(
    call: (client: AuthClient, signal: AbortSignal) => Promise<User>,
    credentialId: string | (() => string),
    browserFailure: () => PasskeyCode | 'cancelled' | null = () => null,
  ): void {
    const { session, flow } = this.#context;
    const after = flow.dispatch({ type: 'submit-passkey', now: session.now() });
    if (after.status !== 'signed-out' || after.pending !== 'sign-in') return;
    this.#byPasskey = true;
    void session.run(
      (client, signal) => call(client, signal),
      (user) => {
        flow.dispatch({ type: 'signed-in', user });
        session.signedIn(user);
      },
      undefined,
      (code) => {
        const failure = browserFailure();
        if (failure === 'cancelled') {
          // Cancelled: no error, back where they were (the button keeps focus).
          flow.dispatch({ type: 'cancelled' });
          this.#context.focus('passkey');
          return;
        }
        if (code === 'unknown_credential') this.#forget(typeof credentialId === 'string' ? credentialId : credentialId());
        flow.dispatch({
          type: 'failed',
          code: failure ?? (code === 'invalid_credentials' ? 'passkey_rejected' : code),
          now: session.now(),
        });
      },
    );
  }

  /** The server does not know this passkey: the browser may stop offering it (where it can be told). */
  #forget(credentialId: string): void {
    const signal = webauthn()?.signalUnknownCredential;
    if (!signal || !credentialId) return;
    void signal.call(webauthn(), { rpId: location.hostname, credentialId }).catch(() => undefined);
  }

  #canOffer(): boolean {
    const client = this.#client();
    if (!client?.passkeyRegistrationOptions || !client.registerPasskey || !this.#platform || this.#available === false) return false;
    try {
      return localStorage.getItem(OFFER_DISMISSED_KEY) === null;
    } catch {
      return false;
    }
  }

  #remember(): void {
    try {
      localStorage.setItem(OFFER_DISMISSED_KEY, '1');
    } catch {
      // Storage refused (private mode): the offer simply comes again.
    }
  }

  /** Creates a passkey for the signed-in resident (the offer's button). */
  async #create(): Promise<void> {
    const client = this.#client();
    if (!client || this.#offer?.step === 'creating') return;
    const call = (this.#offerCall = new AbortController());
    const { signal } = call;
    this.#setOffer('creating', null);
    let code: ErrorCode | 'cancelled';
    try {
      const options = await client.passkeyRegistrationOptions!(signal);
      if (!options) {
        this.#setAvailable(false);
        this.#offer = null;
        this.#host.requestUpdate();
        return;
      }
      let credential: PublicKeyCredential;
      try {
        credential = (await navigator.credentials.create({
          publicKey: readOptions(options, true) as PublicKeyCredentialCreationOptions,
          signal,
        })) as PublicKeyCredential;
      } catch (error) {
        throw signal.aborted ? error : fromBrowser(error, true);
      }
      await client.registerPasskey!(credentialJSON(credential), signal);
      this.#remember();
      this.#setOffer('created', null);
      // The button pressed is gone: focus goes to the offer's "Sulje".
      this.#context.focus('passkey-close');
      return;
    } catch (error) {
      if (signal.aborted) return;
      code = typeof error === 'string' ? (error as PasskeyCode | 'cancelled') : error instanceof AuthError ? error.code : 'unexpected';
    }
    if (code === 'passkey_exists') {
      // Not a failure: the resident has what the offer was for. Said as a fact, with "Sulje" only.
      this.#remember();
      this.#setOffer('exists', null);
      this.#context.focus('passkey-close');
      return;
    }
    this.#setOffer('ask', code === 'cancelled' ? null : { code, field: null, seq: ++this.#seq });
    if (code === 'cancelled') this.#context.focus('passkey-create');
  }

  #setOffer(step: Offer['step'], error: FlowError | null): void {
    this.#offer = { step, error };
    this.#host.requestUpdate();
  }

  #dismiss(): void {
    this.#offerCall?.abort();
    this.#remember();
    this.#offer = null;
    this.#context.focus('account');
    this.#host.requestUpdate();
  }

  // ---------------------------------------------------------------- view

  /** Step 1's "Kirjaudu pääsyavaimella" (once the server has said it has passkeys). */
  button() {
    const state = this.#context.session.state;
    if (!this.#available || !this.#client() || state.status !== 'signed-out' || state.step !== 'identify') return nothing;
    return html`<p class="passkey">
      <button type="button" id=${`${this.#context.id}-passkey`} aria-disabled=${state.pending ? 'true' : 'false'} @click=${() => state.pending || this.#modal()}>
        ${msg('Kirjaudu pääsyavaimella', { id: 'passkey.sign-in' })}
      </button>
    </p>`;
  }

  /** The message of a passkey's error, or `undefined` for the form's own codes. */
  message(code: ErrorCode): string | undefined {
    switch (code) {
      case 'passkey_none':
        return msg('Tällä laitteella ei ole pääsyavainta tähän palveluun. Kirjaudu salasanalla.', { id: 'passkey.error.none' });
      case 'unknown_credential':
        return msg('Tätä pääsyavainta ei tunneta. Kirjaudu salasanalla, ja luo sen jälkeen uusi pääsyavain.', {
          id: 'passkey.error.unknown',
        });
      case 'passkey_rejected':
        return msg('Kirjautuminen pääsyavaimella ei onnistunut. Yritä uudelleen tai kirjaudu salasanalla.', {
          id: 'passkey.error.rejected',
        });
      default:
        return undefined;
    }
  }

  /** The offer after a password sign-in, below the bar (or nothing). */
  offer() {
    const offer = this.#offer;
    if (!offer) return nothing;
    const id = this.#context.id;
    const done = offer.step === 'created' || offer.step === 'exists';
    const said = !this.#offerSaid
      ? ''
      : offer.step === 'created'
        ? msg('Pääsyavain on luotu. Voit kirjautua sillä ensi kerralla ilman salasanaa.', { id: 'passkey.created' })
        : offer.step === 'exists'
          ? msg('Tällä laitteella on jo pääsyavain tähän palveluun.', { id: 'passkey.error.exists' })
          : msg('Luo pääsyavain, niin kirjaudut ensi kerralla ilman salasanaa.', { id: 'passkey.offer' });
    // The bar's popover (login.styles.ts: .pop), anchored on the side of the page the element is on.
    const side = this.#host.getBoundingClientRect().left < innerWidth / 2 ? ' start' : '';
    return html`<section class=${`pop passkey-offer${side}`} part="passkey-offer" aria-labelledby=${`${id}-passkey-offer`}>
      <p id=${`${id}-passkey-offer`} role="status">${said}</p>
      ${offer.error ? alert(offer.error, '', this.message(offer.error.code) ?? errorMessage(offer.error.code)) : nothing}
      <div class="passkey-actions">
        ${
          done
            ? html`<button type="button" id=${`${id}-passkey-close`} @click=${() => this.#dismiss()}>${msg('Sulje', { id: 'action.close' })}</button>`
            : html`<button
                class="button"
                type="button"
                id=${`${id}-passkey-create`}
                aria-disabled=${offer.step === 'creating' ? 'true' : 'false'}
                @click=${() => void this.#create()}
              >
                ${msg('Luo pääsyavain', { id: 'passkey.create' })}
              </button>
              <button type="button" @click=${() => this.#dismiss()}>${msg('Ei kiitos', { id: 'passkey.dismiss' })}</button>`
        }
      </div>
    </section>`;
  }
}

const passkeyStyles = css`
  /* In the panel's footer (a grid of start-aligned links): the button spans it. */
  .passkey {
    justify-self: stretch;
    margin: 0.25rem 0 0;
  }
  .passkey button {
    inline-size: 100%;
  }
  /* The offer after a password sign-in: the bar's popover (.pop), its text above its buttons. */
  .passkey-offer {
    flex-direction: column;
    align-items: stretch;
  }
  .passkey-offer p {
    margin: 0;
  }
  .passkey-actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
`;
