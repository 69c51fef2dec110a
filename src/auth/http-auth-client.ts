import {
  AuthError,
  type AuthClient,
  type AuthErrorCode,
  type Credentials,
  type IdentifyResult,
  type User,
} from './auth-client.js';
import { parseErrorCode, parseIdentifyBody, parseJson, parseRetryAfter, parseUserBody } from './parse.js';

/** The default time a call may take before it fails with `timeout`. */
export const DEFAULT_TIMEOUT_MS = 15_000;

export interface HttpAuthClientOptions {
  /** Base URL of the auth API, e.g. `/auth` or `https://auth.example.fi/v1`. */
  endpoint: string;
  /** Milliseconds before a call fails with `timeout`. */
  timeoutMs?: number;
  /** The CSRF token for `X-CSRF-Token`, read at each call. */
  csrfToken?: () => string | null | undefined;
  /** The UI language for `Accept-Language`, read at each call. */
  language?: () => string;
  /** The `fetch` to use (tests). */
  fetch?: typeof fetch;
}

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/**
 * The built-in {@link AuthClient}: the JSON-over-fetch contract in the README.
 * Cookie sessions (`credentials: 'include'`), a timeout on every call, the CSRF
 * header on POSTs, and no automatic retry of anything.
 */
export class HttpAuthClient implements AuthClient {
  readonly #options: HttpAuthClientOptions;
  readonly #base: string;

  constructor(options: HttpAuthClientOptions) {
    this.#options = options;
    this.#base = options.endpoint.replace(/\/+$/, '');
  }

  async session(signal: AbortSignal): Promise<User | null> {
    const answer = await this.#request('GET', '/session', undefined, signal);
    if (answer.status === 401) return null;
    return this.#user(answer);
  }

  async identify(username: string, signal: AbortSignal): Promise<IdentifyResult> {
    const answer = await this.#request('POST', '/identify', { username }, signal);
    // A backend without an identify step: go straight to the password.
    if (answer.status === 404) return { next: 'password' };
    this.#expect(answer, [200]);
    const result = parseIdentifyBody(answer.body, this.#absoluteBase());
    if (result === null) throw new AuthError('bad_response');
    return result;
  }

  async signIn(credentials: Credentials, signal: AbortSignal): Promise<User> {
    const { username, password, remember } = credentials;
    const answer = await this.#request('POST', '/login', { username, password, remember }, signal);
    if (answer.status === 401) throw new AuthError('invalid_credentials');
    return this.#user(answer);
  }

  async signOut(signal: AbortSignal): Promise<void> {
    const answer = await this.#request('POST', '/logout', undefined, signal);
    if (answer.status === 401) throw new AuthError('session_expired');
    this.#expect(answer, [200, 204]);
  }

  async requestPasswordReset(email: string, signal: AbortSignal): Promise<void> {
    const answer = await this.#request('POST', '/password-reset', { email }, signal);
    this.#expect(answer, [200, 202, 204]);
  }

  #user(answer: Answer): User {
    this.#expect(answer, [200]);
    const user = parseUserBody(answer.body);
    if (user === null) throw new AuthError('bad_response');
    return user;
  }

  /** Throws the AuthError for any status not in `ok`. */
  #expect(answer: Answer, ok: readonly number[]): void {
    const { status, headers, body } = answer;
    if (ok.includes(status)) return;
    if (status === 429) {
      throw new AuthError('rate_limited', { retryAfterSeconds: parseRetryAfter(headers.get('Retry-After')) });
    }
    let code: AuthErrorCode = 'server';
    if (status === 423) code = 'locked';
    else if (status === 502 && parseErrorCode(body) === 'delivery_failed') code = 'delivery_failed';
    else if (status === 401) code = 'session_expired';
    else if (status >= 200 && status < 300) code = 'bad_response';
    throw new AuthError(code);
  }

  #absoluteBase(): string {
    return new URL(`${this.#base}/`, document.baseURI).href;
  }

  async #request(method: 'GET' | 'POST', path: string, payload: object | undefined, signal: AbortSignal): Promise<Answer> {
    signal.throwIfAborted();
    const options = this.#options;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new AuthError('timeout')), options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const headers: Record<string, string> = { Accept: 'application/json' };
    const language = options.language?.();
    if (language) headers['Accept-Language'] = language;
    // Only with a body: some servers refuse an empty body declared as JSON.
    if (payload) headers['Content-Type'] = 'application/json';
    const token = method === 'POST' && options.csrfToken?.();
    if (token) headers['X-CSRF-Token'] = token;
    try {
      const response = await (options.fetch ?? fetch)(this.#base + path, {
        method,
        headers,
        credentials: 'include',
        cache: 'no-store',
        signal: AbortSignal.any([signal, timeout.signal]),
        body: payload && JSON.stringify(payload),
      });
      return { status: response.status, headers: response.headers, body: parseJson(await response.text()) };
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      if (timeout.signal.aborted) throw timeout.signal.reason;
      throw new AuthError(navigator.onLine === false ? 'offline' : 'network', { cause: error });
    } finally {
      clearTimeout(timer);
    }
  }
}
