/**
 * `city-login/better-auth`: the HTTP contract of `<city-login>` (`src/contract/contract.ts`)
 * mounted on a better-auth instance (tested with better-auth 1.7).
 *
 * This is reference code for any city writing its own bridge: each call of the contract is
 * one small function that asks better-auth's own HTTP handler and translates the answer. It
 * takes statuses, paths and error codes from the contract module only, so a change there
 * moves the bridge too. Every translation is marked `TRANSLATION:`.
 *
 * It speaks web-standard `Request`/`Response` (any runtime: Node via a small adapter, Hono,
 * Next.js route handlers, Bun, Deno). It does not import better-auth: it needs only
 * `auth.handler`, so better-auth stays out of the element's dependencies.
 *
 * ```ts
 * const auth = betterAuth({ emailAndPassword: { enabled: true, sendResetPassword: reportDeliveryFailures(sendMail) }, plugins: [username()] });
 * const contract = cityLoginBridge({ auth, endpoint: '/auth' });
 * // in the server: (await contract(request)) ?? (await auth.handler(request))
 * ```
 */
import {
  CORS,
  CSRF_HEADER,
  RETRY_AFTER_HEADER,
  WIRE_ERRORS,
  callFor,
  looksLikeEmail,
  statusFor,
  successStatus,
  type CallName,
} from '../contract/contract.js';

/** What the bridge needs of a better-auth instance (`betterAuth(...)` returns it). */
export interface BetterAuthLike {
  handler(request: Request): Promise<Response>;
  options: { basePath?: string };
}

export interface CityLoginBridgeOptions {
  auth: BetterAuthLike;
  /** Where the contract is mounted (the element's `endpoint`). Default `/auth`. */
  endpoint?: string;
  /**
   * The token the page puts in `<meta name="csrf-token">`: POSTs without it in
   * {@link CSRF_HEADER} are refused with 403 `csrf`. better-auth checks the `Origin` of
   * cookie-carrying POSTs itself (its `trustedOrigins`); with this set, both are checked.
   */
  csrfToken?: string | ((request: Request) => string | undefined);
  /** Page origins allowed to call the contract cross-origin (CORS with credentials). Add them to better-auth's `trustedOrigins` too. */
  corsOrigins?: readonly string[];
  /**
   * Whether an identifier's account is locked. better-auth (admin plugin) refuses a banned
   * user only after the right password; the contract answers 423 with any password. Without
   * this, a banned user still gets 423, but only with the right password.
   */
  isLocked?: (identifier: string) => boolean | Promise<boolean>;
  /**
   * The external sign-in (OIDC: Keycloak, Suomi.fi…) an identifier belongs to, e.g. by
   * domain. Without it identify answers 404 and the element goes straight to the password.
   */
  externalSignIn?: (identifier: string) => string | undefined;
}

/** A JSON answer of the contract. */
function answer(status: number, body?: unknown, headers?: HeadersInit): Response {
  const out = new Headers(headers);
  out.set('Cache-Control', 'no-store');
  if (body === undefined) return new Response(null, { status, headers: out });
  out.set('Content-Type', 'application/json');
  return new Response(JSON.stringify(body), { status, headers: out });
}

const failure = (status: number, error: string, headers?: HeadersInit) => answer(status, { error }, headers);

/** Requests whose reset mail could not be sent (see {@link reportDeliveryFailures}). */
const failedDeliveries = new WeakSet<Request>();

/**
 * Wraps better-auth's `emailAndPassword.sendResetPassword` so that a mail that cannot be
 * sent becomes the contract's `502 delivery_failed`. TRANSLATION: better-auth logs a failing
 * sender and answers 200 anyway. (With `advanced.backgroundTasks` the mail is sent after the
 * answer, and a failure cannot be reported.)
 */
export function reportDeliveryFailures<D>(
  send: (data: D, request?: Request) => Promise<void>,
): (data: D, request?: Request) => Promise<void> {
  return async (data, request) => {
    try {
      await send(data, request);
    } catch (error) {
      if (request) failedDeliveries.add(request);
      throw error;
    }
  };
}

/** better-auth's error code, e.g. `INVALID_EMAIL_OR_PASSWORD`. */
async function codeOf(response: Response): Promise<string | undefined> {
  const body: unknown = await response.json().catch(() => undefined);
  const code = typeof body === 'object' && body !== null ? (body as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

function text(body: unknown, name: string): string {
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' ? value.trim() : '';
}

/** `{user: {name, email}}`: TRANSLATION: better-auth's user has many more fields (and the session token beside it); only these two leave. */
function userOf(body: unknown): { user: { name: string; email: string } } {
  const user = typeof body === 'object' && body !== null ? (body as { user?: unknown }).user : undefined;
  return { user: { name: text(user, 'name'), email: text(user, 'email') } };
}

/**
 * Returns the contract's handler: a `Response` for the contract's calls under `endpoint`,
 * `null` for any other request (let better-auth or the rest of the app answer it).
 */
export function cityLoginBridge(options: CityLoginBridgeOptions): (request: Request) => Promise<Response | null> {
  const endpoint = (options.endpoint ?? '/auth').replace(/\/+$/, '');
  const basePath = (options.auth.options.basePath ?? '/api/auth').replace(/\/+$/, '');

  /** Asks better-auth's own endpoint `path` on behalf of `request` (its cookies, Origin, client address). */
  async function ask(request: Request, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ response: Response; forwarded: Request }> {
    const headers = new Headers(request.headers);
    headers.delete('content-length');
    if (body !== undefined) headers.set('content-type', 'application/json');
    const forwarded = new Request(new URL(`${basePath}${path}`, request.url), {
      method,
      headers,
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { response: await options.auth.handler(forwarded), forwarded };
  }

  /** The session cookies better-auth sets or clears, passed on as they are. */
  function cookiesOf(response: Response): Headers {
    const headers = new Headers();
    for (const cookie of response.headers.getSetCookie()) headers.append('Set-Cookie', cookie);
    return headers;
  }

  /**
   * What every call shares. TRANSLATION: better-auth's 429 carries `X-Retry-After`; the
   * contract's carries `Retry-After`. better-auth refuses a POST whose `Origin` it does not
   * trust with 403 (`INVALID_ORIGIN`, `MISSING_OR_NULL_ORIGIN`): the contract's 403 `csrf`.
   * Anything else keeps its status (the element reads an unknown one as a server failure).
   */
  async function otherwise(response: Response, call: CallName): Promise<Response> {
    if (response.status === 429) {
      const seconds = response.headers.get('X-Retry-After') ?? '60';
      return failure(statusFor(call, 'rate_limited'), WIRE_ERRORS.rateLimited, { [RETRY_AFTER_HEADER]: seconds });
    }
    const code = await codeOf(response);
    if (response.status === 403 && code !== undefined && /ORIGIN/.test(code)) return failure(403, WIRE_ERRORS.csrf);
    return failure(response.status, (code ?? 'error').toLowerCase());
  }

  /** GET /session. TRANSLATION: better-auth answers `200 null` when signed out; the contract 401. */
  async function session(request: Request): Promise<Response> {
    const { response } = await ask(request, 'GET', '/get-session');
    if (!response.ok) return otherwise(response, 'session');
    const body: unknown = await response.json().catch(() => null);
    if (body === null || typeof body !== 'object') return failure(statusFor('session', 'signed-out'), WIRE_ERRORS.unauthenticated, cookiesOf(response));
    return answer(successStatus('session'), userOf(body), cookiesOf(response));
  }

  /** POST /identify. TRANSLATION: better-auth has no identify step: 404, unless `externalSignIn` routes the identifier. */
  async function identify(body: unknown): Promise<Response> {
    const username = text(body, 'username');
    if (!options.externalSignIn) return failure(statusFor('identify', 'no-identify-step'), WIRE_ERRORS.notFound);
    if (username === '') return failure(400, WIRE_ERRORS.badRequest);
    const url = options.externalSignIn(username);
    // The same answer for every identifier that signs in with a password: no account enumeration.
    return answer(successStatus('identify'), url ? { next: 'redirect', url } : { next: 'password' });
  }

  /**
   * POST /login. TRANSLATION: one call for both kinds of identifier: an address goes to
   * `/sign-in/email`, a classic username to `/sign-in/username` (username plugin);
   * `remember` is `rememberMe`. A wrong password, an unknown identifier and one better-auth
   * refuses as malformed (400) are all 401 `invalid_credentials`; `BANNED_USER` (403) is 423.
   */
  async function login(request: Request, body: unknown): Promise<Response> {
    const username = text(body, 'username');
    const password = typeof body === 'object' && body !== null ? (body as { password?: unknown }).password : undefined;
    if (username === '' || typeof password !== 'string' || password === '') return failure(400, WIRE_ERRORS.badRequest);
    if (await options.isLocked?.(username)) return failure(statusFor('login', 'locked'), WIRE_ERRORS.locked);
    const rememberMe = (body as { remember?: unknown }).remember === true;
    const { response } = username.includes('@')
      ? await ask(request, 'POST', '/sign-in/email', { email: username, password, rememberMe })
      : await ask(request, 'POST', '/sign-in/username', { username, password, rememberMe });
    if (response.ok) return answer(successStatus('login'), userOf(await response.json()), cookiesOf(response));
    if (response.status === 401 || response.status === 400) return failure(statusFor('login', 'invalid_credentials'), WIRE_ERRORS.invalidCredentials);
    if (response.status === 403 && (await codeOf(response.clone())) === 'BANNED_USER') return failure(statusFor('login', 'locked'), WIRE_ERRORS.locked);
    return otherwise(response, 'login');
  }

  /** POST /logout. TRANSLATION: better-auth's `/sign-out` answers 200 `{success}`; the contract 204 with the cookie cleared. */
  async function logout(request: Request): Promise<Response> {
    const { response } = await ask(request, 'POST', '/sign-out', {});
    if (response.ok) return answer(successStatus('logout'), undefined, cookiesOf(response));
    return otherwise(response, 'logout');
  }

  /** POST /password-reset. TRANSLATION: `/request-password-reset` answers 200 for every address; the contract 202, or 502 when the mail failed. */
  async function passwordReset(request: Request, body: unknown): Promise<Response> {
    const email = text(body, 'email');
    if (!looksLikeEmail(email)) return failure(400, WIRE_ERRORS.badRequest);
    const { response, forwarded } = await ask(request, 'POST', '/request-password-reset', { email });
    if (failedDeliveries.has(forwarded)) return failure(statusFor('password-reset', 'delivery_failed'), WIRE_ERRORS.deliveryFailed);
    if (response.ok) return answer(successStatus('password-reset'));
    return otherwise(response, 'password-reset');
  }

  /** CORS with credentials for the allowed page origins (never `*`), as the contract's {@link CORS} lists. */
  function corsHeaders(request: Request): Record<string, string> {
    const origin = request.headers.get('origin');
    if (!origin || !options.corsOrigins?.includes(origin)) return {};
    return {
      'Access-Control-Allow-Origin': origin,
      'Access-Control-Allow-Credentials': 'true',
      'Access-Control-Expose-Headers': CORS.exposeHeaders.join(', '),
      Vary: 'Origin',
    };
  }

  async function route(request: Request, path: string): Promise<Response> {
    if (request.method === 'OPTIONS') {
      const cors = corsHeaders(request);
      if (!cors['Access-Control-Allow-Origin']) return new Response(null, { status: 403 });
      return new Response(null, {
        status: 204,
        headers: { ...cors, 'Access-Control-Allow-Headers': CORS.allowHeaders.join(', '), 'Access-Control-Allow-Methods': CORS.allowMethods.join(', ') },
      });
    }
    const call = callFor(request.method, path);
    if (call === null) return failure(404, WIRE_ERRORS.notFound);
    if (request.method === 'POST' && options.csrfToken !== undefined) {
      const expected = typeof options.csrfToken === 'function' ? options.csrfToken(request) : options.csrfToken;
      if (!expected || request.headers.get(CSRF_HEADER) !== expected) return failure(403, WIRE_ERRORS.csrf);
    }
    const body: unknown = request.method === 'POST' ? await request.json().catch(() => undefined) : undefined;
    // A call of the contract this bridge does not map (yet) answers 404, as an unknown path.
    return calls[call]?.(request, body) ?? failure(404, WIRE_ERRORS.notFound);
  }

  /** One function per call of the contract this bridge maps, keyed by the contract's call names. */
  const calls: { readonly [C in CallName]?: (request: Request, body: unknown) => Promise<Response> } = {
    session: (request) => session(request),
    identify: async (_request, body) => identify(body),
    login: (request, body) => login(request, body),
    logout: (request) => logout(request),
    'password-reset': (request, body) => passwordReset(request, body),
  };

  return async (request) => {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(`${endpoint}/`)) return null;
    const response = await route(request, pathname.slice(endpoint.length));
    for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
    return response;
  };
}
