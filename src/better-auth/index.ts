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
 * `auth.handler` (and `auth.$context` for the reset link), so better-auth stays out of the
 * element's dependencies.
 *
 * ```ts
 * const auth = betterAuth({
 *   emailAndPassword: {
 *     enabled: true,
 *     // The mail links to the page with the element, the token in the fragment (never the query).
 *     sendResetPassword: reportDeliveryFailures(({ user, token }) => sendMail(user.email, resetLink('https://city.example/', token))),
 *   },
 *   plugins: [username()],
 * });
 * const contract = cityLoginBridge({ auth, endpoint: '/auth' });
 * // in the server: (await contract(request)) ?? (await auth.handler(request))
 * ```
 */
import {
  CALLS,
  CORS,
  CSRF_HEADER,
  RETRY_AFTER_HEADER,
  WIRE_ERRORS,
  callFor,
  looksLikeEmail,
  resetLinkFragment,
  statusFor,
  successStatus,
  type CallName,
} from '../contract/contract.js';

/** What the bridge needs of a better-auth instance (`betterAuth(...)` returns it). */
export interface BetterAuthLike {
  handler(request: Request): Promise<Response>;
  options: { basePath?: string };
  /**
   * better-auth's context (`auth.$context`). The reset link's `verify` reads the token's
   * verification row and the password lengths from it; better-auth has no HTTP endpoint that
   * tells whose a reset token is without spending it. Without it, both reset-link calls answer
   * 404 (not offered).
   */
  $context?: PromiseLike<BetterAuthContextLike>;
}

/** The part of better-auth's `AuthContext` the reset link reads (better-auth 1.7). */
export interface BetterAuthContextLike {
  internalAdapter: {
    /** A verification row by identifier (hashed or in secondary storage as configured); never deletes that row. */
    findVerificationValue(identifier: string): Promise<{ value: string; expiresAt: Date | string | number } | null>;
    findUserById(id: string): Promise<{ email: string; username?: string | null } | null>;
  };
  /** What `/reset-password` enforces: `emailAndPassword.minPasswordLength` (default 8) and `maxPasswordLength` (default 128). */
  password: { config: { minPasswordLength: number; maxPasswordLength: number } };
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

/**
 * complete's "the password is set, sign in yourself": the success status of that call that
 * carries no user (the contract accepts `200 {user}` first, and this one).
 */
const PASSWORD_CHANGED = (() => {
  const signedIn = successStatus('password-reset-complete');
  const other = CALLS['password-reset-complete'].success.find((status) => status !== signedIn);
  if (other === undefined) throw new Error('the contract has no success without a user for password-reset-complete');
  return other;
})();

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

/**
 * The link a reset mail carries: the page with `<city-login>` and the token in its fragment,
 * `https://city.example/page#reset-token=<token>` (the element reads it there). A fragment is
 * never sent to a server, so the token stays out of access logs and `Referer`. Give better-auth's
 * `sendResetPassword` this instead of its `url` (which points at better-auth's own
 * `GET /reset-password/:token`, whose redirect carries the token in a query).
 */
export function resetLink(page: string | URL, token: string): string {
  const url = new URL(page);
  url.hash = '';
  return `${url.href}${resetLinkFragment(token)}`;
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
  async function ask(
    request: Request,
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
  ): Promise<{ response: Response; forwarded: Request }> {
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

  /**
   * GET /session, and POST /session/refresh (issue 17). TRANSLATION: better-auth answers `200 null`
   * when signed out; the contract 401 (for a refresh: the session has ended). Its session's
   * `expiresAt` goes out beside the user, with the `Date` it is read against; better-auth has no
   * refresh call of its own: asking for the session extends it (`session.updateAge`), and the
   * answer says the end that holds. Its sign-in answer says no end: the element learns it at the
   * next session check.
   */
  async function session(request: Request, call: 'session' | 'session-refresh' = 'session'): Promise<Response> {
    const { response } = await ask(request, 'GET', '/get-session');
    if (!response.ok) return otherwise(response, call);
    const body: unknown = await response.json().catch(() => null);
    if (body === null || typeof body !== 'object') {
      return call === 'session'
        ? failure(statusFor('session', 'signed-out'), WIRE_ERRORS.unauthenticated, cookiesOf(response))
        : failure(statusFor('session-refresh', 'session_expired'), WIRE_ERRORS.unauthenticated, cookiesOf(response));
    }
    const ends = new Date((body as { session?: { expiresAt?: unknown } }).session?.expiresAt as string);
    const headers = cookiesOf(response);
    headers.set('Date', new Date().toUTCString());
    return answer(
      successStatus(call),
      { ...userOf(body), ...(Number.isNaN(ends.getTime()) ? {} : { expiresAt: ends.toISOString() }) },
      headers,
    );
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
    if (response.status === 401 || response.status === 400)
      return failure(statusFor('login', 'invalid_credentials'), WIRE_ERRORS.invalidCredentials);
    if (response.status === 403 && (await codeOf(response.clone())) === 'BANNED_USER')
      return failure(statusFor('login', 'locked'), WIRE_ERRORS.locked);
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

  /**
   * The account a reset token opens, or the contract's answer for one that opens none.
   * TRANSLATION: better-auth keeps a reset token as a verification row
   * `reset-password:<token>` → user id, until `expiresAt` (`resetPasswordTokenExpiresIn`,
   * default an hour), and answers `400 INVALID_TOKEN` for an unknown, used and expired token
   * alike. The bridge reads the row itself (without spending it): missing → `400
   * invalid_token`, past `expiresAt` → `410 expired_token`. better-auth deletes expired rows on
   * a lookup at most once a minute; after that an expired link reads as unknown (`400`).
   */
  async function ticket(
    call: 'password-reset-verify' | 'password-reset-complete',
    context: BetterAuthContextLike,
    token: string,
  ): Promise<{ username: string; email: string } | Response> {
    const invalid = () => failure(statusFor(call, 'invalid_token'), WIRE_ERRORS.invalidToken);
    // better-auth's tokens are 24 letters and digits; anything far from that was never issued.
    if (token === '' || token.length > 256) return invalid();
    const row = await context.internalAdapter.findVerificationValue(`reset-password:${token}`);
    if (!row) return invalid();
    if (new Date(row.expiresAt).getTime() <= Date.now()) return failure(statusFor(call, 'expired_token'), WIRE_ERRORS.expiredToken);
    const user = await context.internalAdapter.findUserById(row.value);
    if (!user) return invalid();
    // The name the resident signs in with, for password managers: the username plugin's, else the address.
    const username = typeof user.username === 'string' && user.username.trim() !== '' ? user.username : user.email;
    return { username, email: user.email };
  }

  /**
   * POST /password-reset/verify. TRANSLATION: better-auth has no such call (its
   * `GET /reset-password/:token` only redirects, with the token in a query). The bridge
   * answers from the token's row and from better-auth's password options: `policy` is
   * `{minLength, maxLength}` as `/reset-password` enforces them (better-auth has no
   * character-class rules). The token stays valid.
   */
  async function verifyReset(context: BetterAuthContextLike, body: unknown): Promise<Response> {
    const found = await ticket('password-reset-verify', context, text(body, 'token'));
    if (found instanceof Response) return found;
    const { minPasswordLength, maxPasswordLength } = context.password.config;
    return answer(successStatus('password-reset-verify'), {
      username: found.username,
      policy: { minLength: minPasswordLength, maxLength: maxPasswordLength },
    });
  }

  /**
   * POST /password-reset/complete. TRANSLATION: `POST /reset-password {newPassword, token}`
   * (the token in the body, never a query) answers `200 {status: true}` and does not sign in:
   * the contract's "changed, sign in yourself" (`204`). The token is checked first, as
   * `verify` does (better-auth checks the length before the token, and says `INVALID_TOKEN`
   * for an expired one). Its `400 PASSWORD_TOO_SHORT` / `PASSWORD_TOO_LONG` are `422
   * weak_password` with `rule` `min_length` / `max_length`; the haveibeenpwned plugin's
   * `PASSWORD_COMPROMISED` is `422 breached_password`; `INVALID_TOKEN` (spent meanwhile) and
   * `USER_NOT_FOUND` are `400 invalid_token`. A refused password leaves the token valid.
   */
  async function completeReset(request: Request, context: BetterAuthContextLike, body: unknown): Promise<Response> {
    const token = text(body, 'token');
    const found = await ticket('password-reset-complete', context, token);
    if (found instanceof Response) return found;
    const raw = typeof body === 'object' && body !== null ? (body as { password?: unknown }).password : undefined;
    const newPassword = typeof raw === 'string' ? raw : '';
    const { response } = await ask(request, 'POST', '/reset-password', { newPassword, token });
    if (response.ok) return answer(PASSWORD_CHANGED);
    const code = await codeOf(response.clone());
    const weak = (rule: string) => answer(statusFor('password-reset-complete', 'weak_password'), { error: WIRE_ERRORS.weakPassword, rule });
    if (code === 'PASSWORD_TOO_SHORT') return weak('min_length');
    if (code === 'PASSWORD_TOO_LONG') return weak('max_length');
    if (code === 'PASSWORD_COMPROMISED')
      return failure(statusFor('password-reset-complete', 'breached_password'), WIRE_ERRORS.breachedPassword);
    if (code === 'INVALID_TOKEN' || code === 'USER_NOT_FOUND')
      return failure(statusFor('password-reset-complete', 'invalid_token'), WIRE_ERRORS.invalidToken);
    return otherwise(response, 'password-reset-complete');
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
        headers: {
          ...cors,
          'Access-Control-Allow-Headers': CORS.allowHeaders.join(', '),
          'Access-Control-Allow-Methods': CORS.allowMethods.join(', '),
        },
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
    'session-refresh': (request) => session(request, 'session-refresh'),
    identify: async (_request, body) => identify(body),
    login: (request, body) => login(request, body),
    logout: (request) => logout(request),
    'password-reset': (request, body) => passwordReset(request, body),
    // The reset link needs better-auth's context; without it both calls answer 404 (not offered).
    ...(options.auth.$context === undefined
      ? {}
      : {
          'password-reset-verify': async (_request: Request, body: unknown) => verifyReset(await options.auth.$context!, body),
          'password-reset-complete': async (request: Request, body: unknown) => completeReset(request, await options.auth.$context!, body),
        }),
  };

  return async (request) => {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(`${endpoint}/`)) return null;
    const response = await route(request, pathname.slice(endpoint.length));
    for (const [name, value] of Object.entries(corsHeaders(request))) response.headers.set(name, value);
    return response;
  };
}
