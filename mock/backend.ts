/**
 * The mock auth backend: the whole HTTP contract (`src/contract/contract.ts`) with the demo
 * accounts, as plain logic with no transport. Its statuses, paths and error codes come
 * from the contract module, so a change there moves the mock too. The msw handlers (demo
 * page, tests, Storybook: `mock/msw.ts`) and the Node server (end-to-end tests, the contract
 * kit's tests: `mock/node-server.ts`) both wrap this one implementation, and both enforce
 * the same rules (CSRF included), so every state behaves the same everywhere.
 */
import {
  CSRF_HEADER,
  RETRY_AFTER_HEADER,
  WIRE_ERRORS,
  CALL_NAMES,
  callFor,
  looksLikeEmail,
  statusFor,
  successStatus,
  type CallName,
} from '../src/contract/contract.js';
import { MockPasskeys, isPasskeyCall, type PasskeyCall } from './passkeys.js';

import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './accounts.js';

// The demo accounts live in their own module (tests and stories read them without the backend).
export { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount };

/**
 * The demo's stand-in for a strong-identification provider (Suomi.fi): `strong-auth-href`
 * points here, and single logout of a strongly identified session ends here too
 * ({@link STRONG_LOGOUT_URL}).
 */
export const STRONG_AUTH_PATH = '/tunnistus-demo';
/** Where logout sends a strongly identified resident (`200 {redirect}`): the provider's logout. */
export const STRONG_LOGOUT_URL = `${STRONG_AUTH_PATH}?uloskirjautuminen`;

/** Identifiers that belong to an external sign-in (a real backend routes by domain). */
export const SSO_ROUTES: Readonly<Record<string, string>> = { 'sso@espoo.fi': '/sso-demo' };
export const LOCKED_IDENTIFIER = 'lukittu@example.com';
export const DELIVERY_FAILS_EMAIL = 'virhe@example.com';
export const MAX_FAILED_ATTEMPTS = 5;
export const RATE_LIMIT_SECONDS = 30;
export const SESSION_COOKIE = 'city_demo_session';
/** Seconds a remembered session lasts. */
export const REMEMBER_SECONDS = 30 * 24 * 60 * 60;

/** The contract's calls, as the demo's failure switch lists them. */
export const CALLS = CALL_NAMES;

/** The rules the demo server enforces on a new password (shown before typing). */
export const DEMO_PASSWORD_POLICY = { minLength: 10, requires: ['lowercase', 'uppercase', 'digit'] } as const;
/** Passwords the demo server knows from data breaches. */
export const BREACHED_PASSWORDS: readonly string[] = ['Salasana1234', 'Qwerty123456', 'Password1234'];
/** Passwords too common to use. */
export const COMMON_PASSWORDS: readonly string[] = ['Salasana123', 'Password123'];
/** A reset link that has expired, and one that was never issued (stories and tests). */
export const EXPIRED_RESET_TOKEN = 'vanhentunut-linkki';
export const UNKNOWN_RESET_TOKEN = 'tuntematon-linkki';
/** A reset link for Erkki that stays valid until used (stories and tests; the demo issues real ones). */
export const ERKKI_RESET_TOKEN = 'erkin-linkki';
/** How long an issued reset link works. */
export const RESET_TOKEN_SECONDS = 30 * 60;
export type Call = CallName;

/** Where the `redirect` fault points: the same origin, outside the contract's calls. */
export const REDIRECT_FAULT_LOCATION = '/auth/collect';

/**
 * Failures a demo, story or test can switch on per call (`faults: { login: 'server-error' }`):
 * every call of that kind fails until the fault is switched off. (The demo's switch takes it off
 * after one such call.)
 */
export const FAULTS = ['server-error', 'unavailable', 'network-error', 'hang', 'html', 'not-found', 'redirect'] as const;
export type Fault = (typeof FAULTS)[number];
export type Faults = Partial<Record<Call, Fault>>;

/**
 * Ways to break the contract on purpose: the contract kit's tests run it against each and
 * expect the named scenario to fail. A demo or story can use them too.
 */
export interface Breaks {
  /** Login signs in with any password. */
  wrongPasswordSignsIn?: boolean;
  /** Identify answers 404 for unknown identifiers: account enumeration. */
  identifyRevealsAccounts?: boolean;
  /** Login answers 200 without a Set-Cookie. */
  noCookie?: boolean;
  /** Logout answers 204 but neither clears the cookie nor ends the session. */
  logoutKeepsSession?: boolean;
  /** Logout answers `200 {redirect}` with a URL that is no http(s) URL (single logout gone wrong). */
  logoutRedirectsNowhere?: boolean;
  /** `remember: true` gets a browser-session cookie. */
  rememberIgnored?: boolean;
  /** Login answers a user without name and email. */
  userWithoutName?: boolean;
  /** Login answers a user with a name only (allowed; the kit warns). */
  userWithoutEmail?: boolean;
  /** A 429 (after too many wrong passwords) carries a Retry-After no reader can read. */
  unreadableRetryAfter?: boolean;
  /** Transports with CORS (`mock/node-server.ts`) answer `Access-Control-Allow-Origin: *`, which credentials forbid. */
  corsWildcard?: boolean;
  /** Every answer is a 307 redirect to this URL. */
  redirectTo?: string;
}

export interface MockRequest {
  readonly method: string;
  /** The path below the endpoint, e.g. `/login`. */
  readonly path: string;
  readonly body: unknown;
  readonly cookies: Readonly<Record<string, string>>;
  /** Request headers, names in lower case. */
  readonly headers?: Readonly<Record<string, string | undefined>>;
  /** The request URL's origin (passkeys: the relying party, when the request has no `Origin` header). */
  readonly origin?: string;
}

export type MockResponse =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      /** A JSON value, or a string sent as is. */
      readonly body?: unknown;
    }
  /** The connection fails (fetch rejects). */
  | { readonly kind: 'network-error' }
  /** No answer until the client gives up. */
  | { readonly kind: 'hang' };

export interface MockBackendOptions {
  /** Failures to simulate, per call. */
  faults?: Faults;
  /** Contract breaks to simulate (the contract kit's tests). */
  breaks?: Breaks;
  /** Mark the session cookie HttpOnly (a real server does; msw cannot set HttpOnly cookies). */
  httpOnlyCookie?: boolean;
  /** Setting a new password answers `204` (sign in yourself) instead of signing in (`200 {user}`). */
  resetWithoutSignIn?: boolean;
  /** Told of every reset link "emailed" (the demo shows it, since no email is sent). */
  onResetLink?: (link: { email: string; token: string }) => void;
  /**
   * Where reset links and changed passwords are kept; default: in memory. The demo keeps them
   * in `sessionStorage`, so a link opened on another page of the demo still works.
   */
  store?: MockStore;
  /** When set, POSTs without this {@link CSRF_HEADER} get `403 {"error": "csrf"}`, on every transport. */
  csrfToken?: string;
  /** The clock (tests). */
  now?: () => number;
  /**
   * Seconds a session lasts from sign-in or from `session/refresh` (issue 17: the demo's is short,
   * so the warning shows within a minute). Unset: sessions carry no `expiresAt` and never end by time.
   */
  sessionSeconds?: number;
  /** `false`: the server has no passkeys (the passkey calls answer 404, and the element shows none). Default: it has. */
  passkeys?: boolean;
}

function json(status: number, body?: unknown, headers: Record<string, string> = {}): MockResponse {
  return {
    kind: 'response',
    status,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  };
}

function field(body: unknown, name: string): unknown {
  return typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
}

function text(body: unknown, name: string): string {
  const value = field(body, name);
  return typeof value === 'string' ? value : '';
}

let sessionCounter = 0;

/** A small key-value store for what the mock must remember (see {@link MockBackendOptions.store}). */
export interface MockStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  clear(): void;
}

function memoryStore(): MockStore {
  const map = new Map<string, string>();
  return {
    get: (key) => map.get(key) ?? null,
    set: (key, value) => void map.set(key, value),
    delete: (key) => void map.delete(key),
    clear: () => map.clear(),
  };
}

/** A reset token the way a server makes one: random, unguessable. */
function randomToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The rule of {@link DEMO_PASSWORD_POLICY} (or common / like the username) a password breaks, if any. */
function weakness(password: string, account: DemoAccount): string | null {
  if (password.length < DEMO_PASSWORD_POLICY.minLength) return 'min_length';
  if (!/[a-zåäö]/.test(password)) return 'lowercase';
  if (!/[A-ZÅÄÖ]/.test(password)) return 'uppercase';
  if (!/\d/.test(password)) return 'digit';
  if (COMMON_PASSWORDS.includes(password)) return 'common';
  const local = account.username.split('@')[0]!.toLowerCase();
  if (password.toLowerCase().includes(local)) return 'username';
  return null;
}

export class MockAuthBackend {
  faults: Faults;
  readonly #options: MockBackendOptions;
  readonly #failures = new Map<string, { count: number; blockedUntil: number }>();
  /** Session cookie values ended by logout: replaying one is refused, as a real server does. */
  readonly #ended = new Set<string>();
  /** Reset links issued (`reset:<token>` → account and until when it works; used ones are removed) and passwords set through one (`password:<username>`). */
  readonly #store: MockStore;

  constructor(options: MockBackendOptions = {}) {
    this.#options = options;
    this.faults = { ...options.faults };
    this.#store = options.store ?? memoryStore();
    this.#passkeys = new MockPasskeys(this.#store, () => this.#now());
  }

  /** Passkeys (issue 16): their calls are asynchronous (WebCrypto), see {@link respond}. */
  readonly #passkeys: MockPasskeys;

  /**
   * Answers a request, passkey calls included: what the transports (msw, node:http) use.
   * {@link handle} answers the others synchronously.
   */
  async respond(request: MockRequest): Promise<MockResponse> {
    const answer = this.#route(request);
    if (typeof answer !== 'string') return this.#lived(request, answer);
    if (this.#options.passkeys === false) return json(404, { error: WIRE_ERRORS.notFound });
    const account = this.#sessionAccount(request.cookies);
    return this.#lived(
      request,
      await this.#passkeys.answer(answer, request.body, {
        origin: request.headers?.['origin'] ?? request.origin ?? 'http://localhost',
        username: account?.username ?? null,
        signIn: (username) => ({ 'Set-Cookie': this.#cookie(`${username}~${++sessionCounter}`, null) }),
        user: (username) => {
          const found = this.#account(username);
          return found ? { name: found.name, email: found.email } : null;
        },
      }),
    );
  }

  /** Forgets failed attempts, faults, reset links and changed passwords. */
  reset(): void {
    this.#failures.clear();
    this.#store.clear();
    this.faults = { ...this.#options.faults };
  }

  handle(request: MockRequest): MockResponse {
    const answer = this.#route(request);
    // Passkey calls verify with WebCrypto, which is asynchronous: only respond() answers them.
    return typeof answer === 'string' ? json(500, { error: 'use respond() for passkey calls' }) : this.#lived(request, answer);
  }

  /** The answer to a request, or the passkey call it is (answered asynchronously by {@link respond}). */
  #route(request: MockRequest): MockResponse | PasskeyCall {
    const breaks = this.#options.breaks ?? {};
    if (breaks.redirectTo) return json(307, undefined, { Location: breaks.redirectTo });
    const call = callFor(request.method, request.path);
    if (call === null) return json(404, { error: WIRE_ERRORS.notFound });
    const token = this.#options.csrfToken;
    if (token && request.method.toUpperCase() === 'POST' && request.headers?.[CSRF_HEADER.toLowerCase()] !== token) {
      return json(403, { error: WIRE_ERRORS.csrf });
    }
    const fault = this.faults[call];
    if (fault) return this.#fault(fault);
    if (isPasskeyCall(call)) return call;
    switch (call) {
      case 'session':
        return this.#session(request);
      case 'session-refresh':
        return this.#refresh(request);
      case 'identify':
        return this.#identify(request);
      case 'login':
        return this.#login(request);
      case 'logout':
        return this.#logout(request);
      case 'password-reset':
        return this.#passwordReset(request);
      case 'password-reset-verify':
        return this.#verifyReset(request);
      case 'password-reset-complete':
        return this.#completeReset(request);
    }
  }

  #fault(fault: Fault): MockResponse {
    switch (fault) {
      case 'server-error':
        return json(500, { error: 'internal_error', message: '<b>Internal</b> error at db01' });
      case 'unavailable':
        return json(503, { error: 'unavailable' }, { [RETRY_AFTER_HEADER]: '120' });
      case 'network-error':
        return { kind: 'network-error' };
      case 'hang':
        return { kind: 'hang' };
      case 'html':
        return {
          kind: 'response',
          status: 200,
          headers: { 'Content-Type': 'text/html' },
          body: '<!doctype html><title>Wi-Fi</title><h1>Log in to the hotel Wi-Fi</h1>',
        };
      case 'not-found':
        return json(404, { error: WIRE_ERRORS.notFound });
      case 'redirect':
        // A proxy or CDN rule sending the call elsewhere (here a path a strict CSP's
        // connect-src would not stop): the client must never follow it.
        return json(307, undefined, { Location: REDIRECT_FAULT_LOCATION });
    }
  }

  #session(request: MockRequest): MockResponse {
    const account = this.#sessionAccount(request.cookies);
    if (!account) return json(statusFor('session', 'signed-out'), { error: WIRE_ERRORS.unauthenticated });
    const assurance = this.#strong(request.cookies) ? 'strong' : 'password';
    return json(successStatus('session'), { user: { name: account.name, email: account.email, id: account.username, assurance } });
  }

  /**
   * Not a call of the contract: what a strong-identification provider does at the end of its
   * flow (the demo's stand-in for Suomi.fi): a session for `username`, strongly identified.
   * Returns the session cookie's value; logout of this session answers with
   * {@link STRONG_LOGOUT_URL} (single logout).
   */
  identifyStrongly(username: string): string {
    const account = this.#account(username);
    if (!account) throw new Error(`no demo account ${username}`);
    const value = `${account.username}~${++sessionCounter}`;
    this.#store.set(`strong:${value}`, '1');
    return value;
  }

  /** Whether the session in these cookies was made by strong identification. */
  #strong(cookies: Readonly<Record<string, string>>): boolean {
    const raw = cookies[SESSION_COOKIE];
    return raw !== undefined && this.#store.get(`strong:${decodeURIComponent(raw)}`) !== null;
  }

  /** Continues the session: with {@link MockBackendOptions.sessionSeconds}, a new end from now; 401 once it has ended. */
  #refresh(request: MockRequest): MockResponse {
    const account = this.#sessionAccount(request.cookies);
    if (!account) return json(statusFor('session-refresh', 'session_expired'), { error: WIRE_ERRORS.unauthenticated });
    const seconds = this.#options.sessionSeconds;
    if (seconds) this.#store.set(`ends:${decodeURIComponent(request.cookies[SESSION_COOKIE]!)}`, String(this.#now() + seconds * 1000));
    return json(successStatus('session-refresh'), { user: { name: account.name, email: account.email } });
  }

  /**
   * Issue 17: every answer carries the server's `Date` (its own clock: `now`); with
   * {@link MockBackendOptions.sessionSeconds}, a session started by this answer gets its end,
   * and a `200` with the user says it (`expiresAt`). A session made by hand (a story's cookie)
   * gets its end when first answered.
   */
  #lived(request: MockRequest, answer: MockResponse): MockResponse {
    if (answer.kind !== 'response') return answer;
    const now = this.#now();
    const seconds = this.#options.sessionSeconds;
    const started = new RegExp(`^${SESSION_COOKIE}=([^;]+)`).exec(answer.headers['Set-Cookie'] ?? '')?.[1];
    const value = started ?? request.cookies[SESSION_COOKIE];
    const key = value ? `ends:${decodeURIComponent(value)}` : null;
    if (seconds && key && (started || (answer.status === 200 && this.#store.get(key) === null)))
      this.#store.set(key, String(now + seconds * 1000));
    const ends = Number((key && this.#store.get(key)) ?? Number.NaN);
    const { body } = answer;
    const said = answer.status === 200 && typeof body === 'object' && body !== null && 'user' in body && !Number.isNaN(ends);
    return {
      ...answer,
      headers: { Date: new Date(now).toUTCString(), ...answer.headers },
      ...(said ? { body: { ...body, expiresAt: new Date(ends).toISOString() } } : {}),
    };
  }

  #identify(request: MockRequest): MockResponse {
    const username = text(request.body, 'username').trim().toLowerCase();
    if (username === '') return json(400, { error: WIRE_ERRORS.badRequest });
    if (this.#options.breaks?.identifyRevealsAccounts && !this.#account(username)) {
      return json(statusFor('identify', 'no-identify-step'), { error: WIRE_ERRORS.notFound });
    }
    const route = SSO_ROUTES[username];
    return json(successStatus('identify'), route ? { next: 'redirect', url: route } : { next: 'password' });
  }

  #login(request: MockRequest): MockResponse {
    const breaks = this.#options.breaks ?? {};
    const username = text(request.body, 'username').trim().toLowerCase();
    const password = text(request.body, 'password');
    const remember = field(request.body, 'remember') === true && !breaks.rememberIgnored;
    if (username === '' || password === '') return json(400, { error: WIRE_ERRORS.badRequest });
    if (username === LOCKED_IDENTIFIER) return json(statusFor('login', 'locked'), { error: WIRE_ERRORS.locked });

    const now = this.#now();
    const record = this.#failures.get(username);
    if (record && record.blockedUntil > now) {
      return this.#rateLimited(Math.ceil((record.blockedUntil - now) / 1000));
    }
    const account = this.#account(username);
    if (account && (password === this.#passwordOf(account) || breaks.wrongPasswordSignsIn)) {
      this.#failures.delete(username);
      const user = breaks.userWithoutName
        ? { id: account.username }
        : breaks.userWithoutEmail
          ? { name: account.name }
          : { name: account.name, email: account.email, assurance: 'password' };
      const headers: Record<string, string> = breaks.noCookie
        ? {}
        : { 'Set-Cookie': this.#cookie(`${account.username}~${++sessionCounter}`, remember ? REMEMBER_SECONDS : null) };
      return json(successStatus('login'), { user }, headers);
    }
    const count = (record && record.blockedUntil !== 0 ? 0 : (record?.count ?? 0)) + 1;
    if (count >= MAX_FAILED_ATTEMPTS) {
      this.#failures.set(username, { count: 0, blockedUntil: now + RATE_LIMIT_SECONDS * 1000 });
      return this.#rateLimited(RATE_LIMIT_SECONDS);
    }
    this.#failures.set(username, { count, blockedUntil: 0 });
    return json(statusFor('login', 'invalid_credentials'), { error: WIRE_ERRORS.invalidCredentials });
  }

  #rateLimited(seconds: number): MockResponse {
    const retryAfter = this.#options.breaks?.unreadableRetryAfter ? 'in a while' : String(seconds);
    return json(statusFor('login', 'rate_limited'), { error: WIRE_ERRORS.rateLimited }, { [RETRY_AFTER_HEADER]: retryAfter });
  }

  #logout(request: MockRequest): MockResponse {
    if (this.#options.breaks?.logoutKeepsSession) return json(successStatus('logout'));
    const value = request.cookies[SESSION_COOKIE];
    if (value) this.#ended.add(decodeURIComponent(value));
    const cleared = { 'Set-Cookie': this.#cookie('', 0) };
    if (this.#options.breaks?.logoutRedirectsNowhere) return json(200, { redirect: 'javascript:alert(1)' }, cleared);
    // Single logout: a strongly identified session ends at the provider too.
    if (value && this.#strong(request.cookies)) return json(200, { redirect: STRONG_LOGOUT_URL }, cleared);
    return json(successStatus('logout'), undefined, cleared);
  }

  #passwordReset(request: MockRequest): MockResponse {
    const email = text(request.body, 'email').trim().toLowerCase();
    if (!looksLikeEmail(email)) return json(400, { error: WIRE_ERRORS.badRequest });
    if (email === DELIVERY_FAILS_EMAIL) return json(statusFor('password-reset', 'delivery_failed'), { error: WIRE_ERRORS.deliveryFailed });
    const account = DEMO_ACCOUNTS.find((a) => a.email === email);
    if (account) {
      const token = randomToken();
      this.#store.set(`reset:${token}`, JSON.stringify({ username: account.username, until: this.#now() + RESET_TOKEN_SECONDS * 1000 }));
      this.#options.onResetLink?.({ email, token });
    }
    // The same answer whether or not the address has an account.
    return json(successStatus('password-reset'));
  }

  /** The account a reset token opens, or the contract's answer for a token that does not. */
  #ticket(request: MockRequest, call: 'password-reset-verify' | 'password-reset-complete'): DemoAccount | MockResponse {
    const token = text(request.body, 'token');
    if (token === EXPIRED_RESET_TOKEN) return json(statusFor(call, 'expired_token'), { error: WIRE_ERRORS.expiredToken });
    const stored = this.#store.get(`reset:${token}`);
    const issued: { username: string; until: number } | null =
      token === ERKKI_RESET_TOKEN ? { username: DEMO_ACCOUNTS[0]!.username, until: Infinity } : stored ? JSON.parse(stored) : null;
    if (!issued) return json(statusFor(call, 'invalid_token'), { error: WIRE_ERRORS.invalidToken });
    if (issued.until <= this.#now()) {
      this.#store.delete(`reset:${token}`);
      return json(statusFor(call, 'expired_token'), { error: WIRE_ERRORS.expiredToken });
    }
    return DEMO_ACCOUNTS.find((a) => a.username === issued.username)!;
  }

  #verifyReset(request: MockRequest): MockResponse {
    const account = this.#ticket(request, 'password-reset-verify');
    if ('kind' in account) return account;
    return json(successStatus('password-reset-verify'), { username: account.username, policy: DEMO_PASSWORD_POLICY });
  }

  #completeReset(request: MockRequest): MockResponse {
    const account = this.#ticket(request, 'password-reset-complete');
    if ('kind' in account) return account;
    const password = text(request.body, 'password');
    const rule = weakness(password, account);
    if (rule) return json(statusFor('password-reset-complete', 'weak_password'), { error: WIRE_ERRORS.weakPassword, rule });
    if (BREACHED_PASSWORDS.includes(password)) {
      return json(statusFor('password-reset-complete', 'breached_password'), { error: WIRE_ERRORS.breachedPassword });
    }
    this.#store.delete(`reset:${text(request.body, 'token')}`);
    this.#store.set(`password:${account.username}`, password);
    this.#failures.delete(account.username);
    if (this.#options.resetWithoutSignIn) return json(204);
    const cookie = this.#cookie(`${account.username}~${++sessionCounter}`, null);
    return json(200, { user: { name: account.name, email: account.email } }, { 'Set-Cookie': cookie });
  }

  #passwordOf(account: DemoAccount): string {
    return this.#store.get(`password:${account.username}`) ?? DEMO_PASSWORD;
  }

  #account(identifier: string): DemoAccount | undefined {
    return DEMO_ACCOUNTS.find((a) => a.username === identifier || a.email === identifier);
  }

  /**
   * The session cookie's value is `username~n` (n counts sign-ins), or the bare username a
   * story or test sets by hand. A value ended by logout is refused from then on.
   */
  #sessionAccount(cookies: Readonly<Record<string, string>>): DemoAccount | undefined {
    const raw = cookies[SESSION_COOKIE];
    if (!raw) return undefined;
    const value = decodeURIComponent(raw);
    if (this.#ended.has(value)) return undefined;
    // Past its end (issue 17): the session is over.
    const ends = this.#store.get(`ends:${value}`);
    if (ends !== null && Number(ends) <= this.#now()) return undefined;
    const username = value.replace(/~\d+$/, '');
    return DEMO_ACCOUNTS.find((a) => a.username === username);
  }

  /** A Set-Cookie value: `maxAge` null for a browser-session cookie, 0 to delete. */
  #cookie(value: string, maxAge: number | null): string {
    const parts = [`${SESSION_COOKIE}=${encodeURIComponent(value)}`, 'Path=/', 'SameSite=Lax'];
    if (maxAge !== null) parts.push(`Max-Age=${maxAge}`);
    if (this.#options.httpOnlyCookie) parts.push('HttpOnly');
    return parts.join('; ');
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
