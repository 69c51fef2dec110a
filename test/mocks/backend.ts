/**
 * The mock auth backend: the whole HTTP contract with the demo accounts, as
 * plain logic with no transport. The msw handlers (demo page, tests, Storybook)
 * and the Node server (end-to-end tests under a strict CSP) both wrap this one
 * implementation, so every state behaves the same everywhere.
 */

export const DEMO_PASSWORD = 'Salasana123';

export interface DemoAccount {
  readonly username: string;
  readonly name: string;
  readonly email: string;
}

/** Accounts that can sign in with {@link DEMO_PASSWORD}. */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  { username: 'esimerkki.erkki@example.com', name: 'Erkki Esimerkki', email: 'esimerkki.erkki@example.com' },
  { username: 'virve.viranomainen', name: 'Virve Viranomainen', email: 'virve.viranomainen@espoo.fi' },
];

/** Identifiers that belong to an external sign-in (a real backend routes by domain). */
export const SSO_ROUTES: Readonly<Record<string, string>> = { 'sso@espoo.fi': '/sso-demo' };
export const LOCKED_IDENTIFIER = 'lukittu@example.com';
export const DELIVERY_FAILS_EMAIL = 'virhe@example.com';
export const MAX_FAILED_ATTEMPTS = 5;
export const RATE_LIMIT_SECONDS = 30;
export const SESSION_COOKIE = 'city_demo_session';
/** Seconds a remembered session lasts. */
export const REMEMBER_SECONDS = 30 * 24 * 60 * 60;

export const CALLS = ['session', 'identify', 'login', 'logout', 'password-reset'] as const;
export type Call = (typeof CALLS)[number];

/** Failures a demo, story or test can switch on for one call. */
export const FAULTS = ['server-error', 'unavailable', 'network-error', 'hang', 'html', 'not-found'] as const;
export type Fault = (typeof FAULTS)[number];
export type Faults = Partial<Record<Call, Fault>>;

export interface MockRequest {
  readonly method: string;
  /** The path below the endpoint, e.g. `/login`. */
  readonly path: string;
  readonly body: unknown;
  readonly cookies: Readonly<Record<string, string>>;
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
  /** Mark the session cookie HttpOnly (a real server does; msw cannot set HttpOnly cookies). */
  httpOnlyCookie?: boolean;
  /** When set, POSTs without this `X-CSRF-Token` get 403 (checked by the transport adapters). */
  csrfToken?: string;
  /** The clock (tests). */
  now?: () => number;
}

function json(status: number, body?: unknown, headers: Record<string, string> = {}): MockResponse {
  return {
    kind: 'response',
    status,
    headers: body === undefined ? headers : { 'Content-Type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body }),
  };
}

function field(body: unknown, name: string): string {
  if (typeof body !== 'object' || body === null) return '';
  const value = (body as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}

export class MockAuthBackend {
  faults: Faults;
  readonly #options: MockBackendOptions;
  readonly #failures = new Map<string, { count: number; blockedUntil: number }>();

  constructor(options: MockBackendOptions = {}) {
    this.#options = options;
    this.faults = { ...options.faults };
  }

  /** Forgets failed attempts and faults. */
  reset(): void {
    this.#failures.clear();
    this.faults = { ...this.#options.faults };
  }

  handle(request: MockRequest): MockResponse {
    const call = this.#call(request);
    if (call === null) return json(404, { error: 'not_found' });
    const fault = this.faults[call];
    if (fault) return this.#fault(fault);
    switch (call) {
      case 'session':
        return this.#session(request);
      case 'identify':
        return this.#identify(request);
      case 'login':
        return this.#login(request);
      case 'logout':
        return json(204, undefined, { 'Set-Cookie': this.#cookie('', 0) });
      case 'password-reset':
        return this.#passwordReset(request);
    }
  }

  #call(request: MockRequest): Call | null {
    const name = request.path.replace(/^\/+|\/+$/g, '');
    const call = (CALLS as readonly string[]).includes(name) ? (name as Call) : null;
    if (call === null) return null;
    const method = call === 'session' ? 'GET' : 'POST';
    return request.method.toUpperCase() === method ? call : null;
  }

  #fault(fault: Fault): MockResponse {
    switch (fault) {
      case 'server-error':
        return json(500, { error: 'internal_error', message: '<b>Internal</b> error at db01' });
      case 'unavailable':
        return json(503, { error: 'unavailable' }, { 'Retry-After': '120' });
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
        return json(404, { error: 'not_found' });
    }
  }

  #session(request: MockRequest): MockResponse {
    const account = this.#sessionAccount(request.cookies);
    if (!account) return json(401, { error: 'unauthenticated' });
    return json(200, { user: { name: account.name, email: account.email, id: account.username } });
  }

  #identify(request: MockRequest): MockResponse {
    const username = field(request.body, 'username').trim().toLowerCase();
    if (username === '') return json(400, { error: 'bad_request' });
    const route = SSO_ROUTES[username];
    return route ? json(200, { next: 'redirect', url: route }) : json(200, { next: 'password' });
  }

  #login(request: MockRequest): MockResponse {
    const username = field(request.body, 'username').trim().toLowerCase();
    const password = field(request.body, 'password');
    const remember = typeof request.body === 'object' && request.body !== null && (request.body as { remember?: unknown }).remember === true;
    if (username === '' || password === '') return json(400, { error: 'bad_request' });
    if (username === LOCKED_IDENTIFIER) return json(423, { error: 'locked' });

    const now = this.#now();
    const record = this.#failures.get(username);
    if (record && record.blockedUntil > now) {
      const seconds = Math.ceil((record.blockedUntil - now) / 1000);
      return json(429, { error: 'rate_limited' }, { 'Retry-After': String(seconds) });
    }
    const account = DEMO_ACCOUNTS.find((a) => a.username === username || a.email === username);
    if (account && password === DEMO_PASSWORD) {
      this.#failures.delete(username);
      const user = { name: account.name, email: account.email };
      return json(200, { user }, { 'Set-Cookie': this.#cookie(account.username, remember ? REMEMBER_SECONDS : null) });
    }
    const count = (record && record.blockedUntil !== 0 ? 0 : (record?.count ?? 0)) + 1;
    if (count >= MAX_FAILED_ATTEMPTS) {
      this.#failures.set(username, { count: 0, blockedUntil: now + RATE_LIMIT_SECONDS * 1000 });
      return json(429, { error: 'rate_limited' }, { 'Retry-After': String(RATE_LIMIT_SECONDS) });
    }
    this.#failures.set(username, { count, blockedUntil: 0 });
    return json(401, { error: 'invalid_credentials' });
  }

  #passwordReset(request: MockRequest): MockResponse {
    const email = field(request.body, 'email').trim().toLowerCase();
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) return json(400, { error: 'bad_request' });
    if (email === DELIVERY_FAILS_EMAIL) return json(502, { error: 'delivery_failed' });
    // The same answer whether or not the address has an account.
    return json(202);
  }

  #sessionAccount(cookies: Readonly<Record<string, string>>): DemoAccount | undefined {
    const value = cookies[SESSION_COOKIE];
    return value ? DEMO_ACCOUNTS.find((a) => a.username === decodeURIComponent(value)) : undefined;
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
