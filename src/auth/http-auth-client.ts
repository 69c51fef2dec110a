import { AuthError, type AuthClient, type Credentials, type IdentifyResult, type ResetTicket, type SignOutResult, type User } from './auth-client.js';
import { CALLS, CSRF_HEADER, interpret, sessionEnd, type CallName, type CallResults } from '../contract/contract.js';
import { parseJson } from '../contract/readers.js';
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

/** A usable timer delay: positive and finite, at most {@link MAX_TIMEOUT_MS}; otherwise the default. */
export function clampTimeout(value: number | undefined): number {
  if (value === undefined || Number.isNaN(value) || value <= 0) return DEFAULT_TIMEOUT_MS;
  return Math.min(Math.max(Math.round(value), 1), MAX_TIMEOUT_MS);
}

/**
 * The built-in {@link AuthClient}: the HTTP contract of `src/contract/contract.ts` over
 * `fetch`. Cookie sessions (`credentials: 'include'`), a timeout on every call, the CSRF
 * header on POSTs, no automatic retry of anything, and never a redirect followed.
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
    return this.#call('session', undefined, signal);
  }

  sessionEnd(): number | null {
    return this.#end;
  }

  refreshSession(signal: AbortSignal): Promise<User> {
    return this.#call('session-refresh', undefined, signal);
  }

  identify(username: string, signal: AbortSignal): Promise<IdentifyResult> {
    return this.#call('identify', { username }, signal);
  }

  signIn({ username, password, remember }: Credentials, signal: AbortSignal): Promise<User> {
    return this.#call('login', { username, password, remember }, signal);
  }

  signOut(signal: AbortSignal): Promise<SignOutResult> {
    return this.#call('logout', undefined, signal);
  }

  async requestPasswordReset(email: string, signal: AbortSignal): Promise<void> {
    await this.#call('password-reset', { email }, signal);
  }

  verifyPasswordReset(token: string, signal: AbortSignal): Promise<ResetTicket> {
    return this.#call('password-reset-verify', { token }, signal);
  }

  completePasswordReset(token: string, password: string, signal: AbortSignal): Promise<User | null> {
    return this.#call('password-reset-complete', { token, password }, signal);
  }

  passkeyOptions(signal: AbortSignal): Promise<PasskeyOptionsJSON | null> {
    return this.#call('passkey-options', undefined, signal);
  }

  passkeySignIn(credential: unknown, signal: AbortSignal): Promise<User> {
    return this.#call('passkey-verify', { credential }, signal);
  }

  passkeyRegistrationOptions(signal: AbortSignal): Promise<PasskeyOptionsJSON | null> {
    return this.#call('passkey-register-options', undefined, signal);
  }

  async registerPasskey(credential: unknown, signal: AbortSignal): Promise<void> {
    await this.#call('passkey-register', { credential }, signal);
  }

  async #call<C extends CallName>(call: C, payload: object | undefined, signal: AbortSignal): Promise<CallResults[C]> {
    signal.throwIfAborted();
    const { method, path } = CALLS[call];
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
      answer = { status: response.status, redirected, headers: response.headers, body: redirected ? undefined : parseJson(await response.text()) };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw new AuthError(navigator.onLine === false ? 'offline' : 'network', { cause: error });
    } finally {
      clearTimeout(timer);
    }
    const result = interpret(call, answer, { baseUrl: new URL(`${this.#base}/`, document.baseURI).href });
    // An answer with the user says when the session ends, or nothing (no timed end).
    if (CALLS[call].body.startsWith('user')) this.#end = result ? sessionEnd(answer, clock.now()) : null;
    return result;
  }
}
