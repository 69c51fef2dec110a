import {
  AuthError,
  type AuthClient,
  type Credentials,
  type IdentifyResult,
  type ResetTicket,
  type SignOutResult,
  type User,
} from './auth-client.js';
import type { CallResults } from '../contract/contract.js';
import { CSRF_HEADER, interpretCall, sessionEnd, type CallReaders, type CallSpec } from '../contract/core.js';
import type { FormCallName } from '../contract/form-calls.js';
import { parseJson } from '../contract/readers.js';
import { SESSION_CALLS, SESSION_READERS, type SessionCallName } from '../contract/session-calls.js';
import { clock } from '../flow/clock.js';
import type { PasskeyOptionsJSON } from './auth-client.js';

/** The default time a call may take before it fails with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 15_000;
/** The longest timer a browser keeps: longer delays fire at once. */
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface HttpAuthClientOptions {
  /** Base URL of the auth API, e.g. `/auth` or `https://auth.example.fi/v1`. */
  endpoint: string;
  /** Milliseconds before a call fails with `timeout` (clamped to 1 … 2³¹−1; anything else: the default). */
  timeoutMs?: number;
  /** The CSRF token for `X-CSRF-Token`, read at each call. */
  csrfToken?: () => string | null | undefined;
  /** The UI language for `Accept-Language`, read at each call. */
  language?: () => string;
  /** The `fetch` to use (tests). */
  fetch?: typeof fetch;
}

/**
 * The form's calls and their readers (`src/contract/form-calls.ts`), loaded on demand: at the
 * first of them, and by the element beside the form's chunk (so a submit does not wait for it).
 * A load that failed (offline) is tried again at the next call.
 */
export function loadFormCalls(): Promise<typeof import('../contract/form-calls.js')> {
  return import('../contract/form-calls.js');
}

/** A usable timer delay: positive and finite, at most {@link MAX_TIMEOUT_MS}; otherwise the default. */
export function clampTimeout(value: number | undefined): number {
  if (value === undefined || Number.isNaN(value) || value <= 0) return DEFAULT_TIMEOUT_MS;
  return Math.min(Math.max(Math.round(value), 1), MAX_TIMEOUT_MS);
}

/**
 * The built-in {@link AuthClient}: the HTTP contract of `src/contract/contract.ts` over
 * `fetch`. Cookie sessions (`credentials: 'include'`), a timeout on every call, the CSRF
 * header on POSTs, no automatic retry of anything, and never a redirect followed.
 *
 * The session's calls (check, refresh, logout) are here, on every page; the form's calls
 * (identify, login, the reset, the passkeys) and their readers load with `import()`
 * ({@link loadFormCalls}): the element starts that beside the form's chunk.
 */
export class HttpAuthClient implements AuthClient {
  readonly #options: HttpAuthClientOptions;
  readonly #base: string;
  /** When the session ends (this browser's clock), as the last answer with the user said. */
  #end: number | null = null;

  constructor(options: HttpAuthClientOptions) {
    this.#options = options;
    this.#base = options.endpoint.replace(/\/+$/, '');
  }

  session(signal: AbortSignal): Promise<User | null> {
    return this.#session('session', undefined, signal);
  }

  sessionEnd(): number | null {
    return this.#end;
  }

  refreshSession(signal: AbortSignal): Promise<User> {
    return this.#session('session-refresh', undefined, signal);
  }

  identify(username: string, signal: AbortSignal): Promise<IdentifyResult> {
    return this.#form('identify', { username }, signal);
  }

  signIn({ username, password, remember }: Credentials, signal: AbortSignal): Promise<User> {
    return this.#form('login', { username, password, remember }, signal);
  }

  signOut(signal: AbortSignal): Promise<SignOutResult> {
    return this.#session('logout', undefined, signal);
  }

  async requestPasswordReset(email: string, signal: AbortSignal): Promise<void> {
    await this.#form('password-reset', { email }, signal);
  }

  verifyPasswordReset(token: string, signal: AbortSignal): Promise<ResetTicket> {
    return this.#form('password-reset-verify', { token }, signal);
  }

  completePasswordReset(token: string, password: string, signal: AbortSignal): Promise<User | null> {
    return this.#form('password-reset-complete', { token, password }, signal);
  }

  passkeyOptions(signal: AbortSignal): Promise<PasskeyOptionsJSON | null> {
    return this.#form('passkey-options', undefined, signal);
  }

  passkeySignIn(credential: unknown, signal: AbortSignal): Promise<User> {
    return this.#form('passkey-verify', { credential }, signal);
  }

  passkeyRegistrationOptions(signal: AbortSignal): Promise<PasskeyOptionsJSON | null> {
    return this.#form('passkey-register-options', undefined, signal);
  }

  async registerPasskey(credential: unknown, signal: AbortSignal): Promise<void> {
    await this.#form('passkey-register', { credential }, signal);
  }

  #session<C extends SessionCallName>(call: C, payload: object | undefined, signal: AbortSignal): Promise<CallResults[C]> {
    return this.#call(SESSION_CALLS[call], SESSION_READERS, payload, signal) as Promise<CallResults[C]>;
  }

  /** A call of the form's: its description and readers come with `import()` (a module already loaded once the form has). */
  #form<C extends FormCallName>(call: C, payload: object | undefined, signal: AbortSignal): Promise<CallResults[C]> {
    return loadFormCalls().then(
      ({ FORM_CALLS, FORM_READERS }) => this.#call(FORM_CALLS[call], FORM_READERS, payload, signal) as Promise<CallResults[C]>,
      (error: unknown) => {
        // The module could not be fetched: to the resident, like a request that could not be sent.
        throw new AuthError(navigator.onLine === false ? 'offline' : 'network', { cause: error });
      },
    );
  }

  async #call(spec: CallSpec, readers: CallReaders, payload: object | undefined, signal: AbortSignal): Promise<unknown> {
    signal.throwIfAborted();
    const { method, path } = spec;
    const options = this.#options;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new AuthError('timeout')), clampTimeout(options.timeoutMs));
    const headers: Record<string, string> = { Accept: 'application/json' };
    const language = options.language?.();
    if (language) headers['Accept-Language'] = language;
    // Only with a body: some servers refuse an empty body declared as JSON.
    if (payload) headers['Content-Type'] = 'application/json';
    const token = method === 'POST' && options.csrfToken?.();
    if (token) headers[CSRF_HEADER] = token;
    let answer;
    try {
      const response = await (options.fetch ?? fetch)(this.#base + path, {
        method,
        headers,
        credentials: 'include',
        cache: 'no-store',
        // The contract has no redirects: never re-send anything to where one points.
        redirect: 'manual',
        signal: AbortSignal.any([signal, timeout.signal]),
        body: payload && JSON.stringify(payload),
      });
      const redirected = response.type === 'opaqueredirect';
      answer = {
        status: response.status,
        redirected,
        headers: response.headers,
        body: redirected ? undefined : parseJson(await response.text()),
      };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw new AuthError(navigator.onLine === false ? 'offline' : 'network', { cause: error });
    } finally {
      clearTimeout(timer);
    }
    const result = interpretCall(spec, answer, { baseUrl: new URL(`${this.#base}/`, document.baseURI).href }, readers);
    // An answer with the user says when the session ends, or nothing (no timed end).
    if (spec.body.startsWith('user')) this.#end = result ? sessionEnd(answer, clock.now()) : null;
    return result;
  }
}
