/**
 * THE HTTP contract between `<city-login>` and a city's auth server, written once.
 *
 * Everything else follows this file:
 * - the built-in client (`src/auth/http-auth-client.ts`) sends what {@link CALLS} says and
 *   turns every answer into a result or an `AuthError` with {@link interpret};
 * - the mock backend (`mock/backend.ts`) answers with the statuses and error codes named here
 *   ({@link statusFor}, {@link successStatus}, {@link WIRE_ERRORS});
 * - the contract kit (`src/contract-kit/`) judges a live server with the same
 *   {@link interpret} and readers;
 * - the docs' tables (README, Storybook) are rendered from {@link CALLS} by
 *   `src/contract/table.ts`, and a test fails when the README's copy drifts.
 *
 * Changing a status or an error code is a change here (plus, for a new `AuthErrorCode`,
 * its message in `src/login/messages.ts` and the translations).
 *
 * Decisions, each made once (they were made differently in earlier copies):
 * - **Success statuses.** Each call lists the status it asks for first; the others listed
 *   are accepted too, by the client and by the kit (logout: `204`, also `200`; password
 *   reset: `202`, also `200` and `204`). Servers differ here and nothing depends on it.
 * - **A user** is `{"user": {"name", "email"}}`; the element shows it when at least one of the
 *   two is a non-empty string (the badge then shows what it has). The kit requires that too,
 *   and warns (advisory) when one of the two is missing, since the badge reads "Name (email)".
 *   It may say how strongly the resident was identified, `"assurance": "password" | "passkey" |
 *   "strong"`: the element passes it on (`user`, the signed-in event), never shows it.
 * - **Single logout**: logout may answer `200 {"redirect": url}`, the identity provider's
 *   logout page; the element fires its cancelable redirect event and goes there, after the same
 *   checks as identify's redirect (http(s), `redirect-origins`). A `redirect` that is not an
 *   http(s) URL is a bad response.
 * - **When a session ends**: a user answer (session, login, session-refresh) may carry
 *   `"expiresAt"` (ISO 8601 with a zone: `Z` or an offset) beside `"user"`; absent, the element
 *   shows no warning and ends nothing by time. Clock skew must not matter, so the time left is
 *   read against the server's own clock: `expiresAt` minus the answer's `Date` header, counted
 *   from when the answer arrived ({@link readSessionEnd}). Only when `Date` is missing or
 *   unreadable is `expiresAt` read against the browser's clock (then skew counts). `Date` is
 *   not a CORS-safelisted header: a cross-origin endpoint must expose it ({@link CORS}).
 *   `POST /session/refresh` continues the session (`200 {user, expiresAt}`); `401` there
 *   means it has already ended.
 * - **`Retry-After`** is delay-seconds or an HTTP date with a day name and a time
 *   (`readRetryAfter`); the kit fails a 429 whose value that reader cannot read, because the
 *   element would then wait its default instead of what the server meant.
 * - **Redirects**: the contract has none. The client never follows one (`redirect: 'manual'`):
 *   a 3xx would re-send the password and the CSRF token to wherever it points. It fails with
 *   `redirected`. The kit fails a server that redirects and never follows it either.
 * - **CSRF**: every POST carries {@link CSRF_HEADER} when the page provides a token; a server
 *   should refuse a POST without it with `403 {"error": "csrf"}`. The mock enforces it the same
 *   way on every transport (msw and node:http) when given a token.
 * - **The email pattern** ({@link EMAIL_PATTERN}) is a loose check against typos, not a
 *   validator: the server decides.
 * - **A reset link's token** travels only in request bodies (`password-reset/verify` and
 *   `/complete`), never in a URL the element requests; the link carries it in the fragment.
 *   Unknown or used: `400 invalid_token`; expired: `410 expired_token`; a new password the
 *   server refuses: `422` with `weak_password` (and its `rule`) or `breached_password`.
 */
import { AuthError, type AuthErrorCode, type IdentifyResult, type ResetTicket, type SignOutResult, type User } from '../auth/auth-client.js';
import { parseErrorCode, parseIdentifyBody, parseLogoutBody, parsePasswordRule, parseRetryAfter, parseTicketBody, parseUserBody } from './readers.js';
import { parsePasskeyOptions, type PasskeyOptionsJSON } from './readers.js';
import { readSessionEnd } from './readers.js';

/** The calls, in the order a resident meets them. */
export const CALL_NAMES = [
  'session',
  'session-refresh',
  'identify',
  'login',
  'logout',
  'password-reset',
  'password-reset-verify',
  'password-reset-complete',
  'passkey-options',
  'passkey-verify',
  'passkey-register-options',
  'passkey-register',
] as const;
export type CallName = (typeof CALL_NAMES)[number];

/** What a rule turns an answer into: an error the element explains, or a call's own meaning. */
export type Meaning =
  | AuthErrorCode
  /** `session`: nobody is signed in (`null`). */
  | 'signed-out'
  /** `identify`: the server has no identify step; the element goes to the password. */
  | 'no-identify-step'
  /** `passkey-options`, `passkey-register-options`: the server has no passkeys (`null`; the element shows none). */
  | 'no-passkeys';

/** One failure status of a call. */
export interface StatusRule {
  readonly status: number;
  /** When set, the rule applies only to an error body with this `error` code. */
  readonly error?: string;
  readonly means: Meaning;
}

/**
 * How the body of a success answer is read: a user; identify's next step; a reset ticket
 * (`{username, policy}`); a user, or none (`204`: changed, sign in yourself); logout's
 * optional `{redirect}`; nothing.
 */
export type SuccessBody = 'user' | 'identify' | 'ticket' | 'user-or-none' | 'logout' | 'passkey-options' | 'none';

export interface CallSpec {
  readonly method: 'GET' | 'POST';
  /** Below the endpoint, e.g. `/login`. */
  readonly path: `/${string}`;
  /** Success statuses: the first is the one the contract asks for; the others are accepted. */
  readonly success: readonly [number, ...number[]];
  readonly body: SuccessBody;
  /** This call's own failure statuses, checked before {@link SHARED_RULES}. */
  readonly rules: readonly StatusRule[];
}

/** The `error` codes a server puts in `{"error": "<code>"}` bodies. The element never shows their text. */
export const WIRE_ERRORS = {
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  invalidToken: 'invalid_token',
  expiredToken: 'expired_token',
  weakPassword: 'weak_password',
  unknownCredential: 'unknown_credential',
  breachedPassword: 'breached_password',
  locked: 'locked',
  rateLimited: 'rate_limited',
  deliveryFailed: 'delivery_failed',
  badRequest: 'bad_request',
  notFound: 'not_found',
  csrf: 'csrf',
} as const;

/** A reset link's token: unknown or used (`400`), or expired (`410`). */
const TOKEN_RULES: readonly StatusRule[] = [
  { status: 400, error: 'invalid_token', means: 'invalid_token' },
  { status: 410, error: 'expired_token', means: 'expired_token' },
];

const PASSKEY_OPTIONS: CallSpec = {
  method: 'POST',
  path: '/passkey/options',
  success: [200],
  body: 'passkey-options',
  rules: [{ status: 404, means: 'no-passkeys' }],
};

export const CALLS: { readonly [C in CallName]: CallSpec } = {
  session: {
    method: 'GET',
    path: '/session',
    success: [200],
    body: 'user',
    rules: [{ status: 401, means: 'signed-out' }],
  },
  'session-refresh': {
    method: 'POST',
    path: '/session/refresh',
    success: [200],
    body: 'user',
    rules: [{ status: 401, means: 'session_expired' }],
  },
  identify: {
    method: 'POST',
    path: '/identify',
    success: [200],
    body: 'identify',
    rules: [{ status: 404, means: 'no-identify-step' }],
  },
  login: {
    method: 'POST',
    path: '/login',
    success: [200],
    body: 'user',
    rules: [
      { status: 401, means: 'invalid_credentials' },
      { status: 423, means: 'locked' },
    ],
  },
  logout: {
    method: 'POST',
    path: '/logout',
    success: [204, 200],
    body: 'logout',
    rules: [{ status: 401, means: 'session_expired' }],
  },
  'password-reset': {
    method: 'POST',
    path: '/password-reset',
    success: [202, 200, 204],
    body: 'none',
    rules: [{ status: 502, error: 'delivery_failed', means: 'delivery_failed' }],
  },
  'password-reset-verify': {
    method: 'POST',
    path: '/password-reset/verify',
    success: [200],
    body: 'ticket',
    rules: TOKEN_RULES,
  },
  'password-reset-complete': {
    method: 'POST',
    path: '/password-reset/complete',
    success: [200, 204],
    body: 'user-or-none',
    rules: [
      ...TOKEN_RULES,
      { status: 422, error: 'weak_password', means: 'weak_password' },
      { status: 422, error: 'breached_password', means: 'breached_password' },
    ],
  },
  // Passkeys (WebAuthn): the options are the browser's JSON forms of its request and creation
  // options; a credential is sent as the browser's `toJSON()` makes it. 404 on an options call:
  // this server has no passkeys, and the element shows none.
  'passkey-options': PASSKEY_OPTIONS,
  'passkey-verify': {
    method: 'POST',
    path: '/passkey/verify',
    success: [200],
    body: 'user',
    rules: [
      { status: 401, error: 'unknown_credential', means: 'unknown_credential' },
      { status: 401, means: 'invalid_credentials' },
    ],
  },
  'passkey-register-options': { ...PASSKEY_OPTIONS, path: '/passkey/register/options' },
  'passkey-register': { method: 'POST', path: '/passkey/register', success: [201, 200, 204], body: 'none', rules: [] },
};

/** Rules every call shares, after its own. */
export const SHARED_RULES: readonly StatusRule[] = [
  { status: 429, means: 'rate_limited' },
  { status: 423, means: 'locked' },
  { status: 401, means: 'session_expired' },
];

/**
 * What each call sends and means, in words: the docs' table (`table.ts`) and the kit read
 * these. Kept apart from {@link CALLS} so that the element's bundle carries none of this text
 * (nothing the client imports refers to it). Keyed by the statuses of {@link CALLS}: the docs
 * test fails when a rule has no words.
 */
/** A passkey options call in words (plain data: a call here would keep the docs in the element's bundle). */
const PASSKEY_OPTIONS_DOCS = {
  request: [],
  success: 'WebAuthn options as JSON (`challenge` and the rest, base64url): a fresh challenge each time, which works once',
  rules: { 404: 'this server has no passkeys: the element shows no passkey UI' },
};

/** What a user answer's `expiresAt` means, for the docs (session; login and session-refresh refer to it). */
const SESSION_END_DOCS =
  'may carry `"expiresAt"` (ISO 8601 with a zone) beside `"user"`: when the session ends. The time left is `expiresAt` minus the answer\'s `Date` header (both the server\'s clock, so clock skew does not matter; a cross-origin endpoint must expose `Date`); without a readable `Date`, the browser\'s clock. Absent: no warning and no timed end';

export const CALL_DOCS: {
  readonly [C in CallName]: { readonly request: readonly string[]; readonly success: string; readonly rules: Readonly<Record<number, string>> };
} = {
  session: {
    request: [],
    success: `the signed-in user; ${SESSION_END_DOCS}`,
    rules: { 401: 'signed out' },
  },
  'session-refresh': {
    request: [],
    success: `the session goes on: the user, and the new \`"expiresAt"\` (the element's "Jatka istuntoa")`,
    rules: { 401: 'the session has already ended (the element shows that it ended)' },
  },
  identify: {
    request: ['username'],
    success: 'the next step (the same answer for every identifier that signs in with a password)',
    rules: { 404: 'no identify step: go to the password' },
  },
  login: {
    request: ['username', 'password', 'remember'],
    success: 'the user, and the session cookie (persistent when `remember`); may carry `"expiresAt"`, as session',
    rules: { 401: 'wrong identifier or password', 423: 'account locked' },
  },
  logout: {
    request: [],
    success:
      'the session ends (cookie cleared, ended on the server); single logout: `"redirect"`, the identity provider\'s logout page, where the element goes next (http(s), allowed by `redirect-origins`; the redirect event is cancelable)',
    rules: { 401: 'already signed out' },
  },
  'password-reset': {
    request: ['email'],
    success: 'accepted (the same for every address)',
    rules: { 502: 'the email could not be sent' },
  },
  'password-reset-verify': {
    request: ['token'],
    success: 'whose password the link sets, and the rules a new one must meet',
    rules: { 400: 'the link is unknown or used', 410: 'the link has expired' },
  },
  'password-reset-complete': {
    request: ['token', 'password'],
    success: '`200`: the password is set and the resident signed in; `204`: set, sign in yourself',
    rules: {
      400: 'the link is unknown or used',
      410: 'the link has expired',
      422: 'the password breaks a rule (`"rule"`: `min_length`, `max_length`, `lowercase`, `uppercase`, `digit`, `symbol`, `common`, `username`), or has appeared in a data breach',
    },
  },
  'passkey-options': PASSKEY_OPTIONS_DOCS,
  'passkey-verify': {
    request: ['credential'],
    success: 'the user, and the session cookie (the challenge is used up, whatever the outcome)',
    rules: {
      401: 'no account has this passkey (`unknown_credential`: the element asks the browser to forget it), or the assertion failed (`invalid_credentials`: signature, origin, or a challenge unknown, expired or used)',
    },
  },
  'passkey-register-options': PASSKEY_OPTIONS_DOCS,
  'passkey-register': { request: ['credential'], success: 'the passkey is stored for the signed-in resident', rules: {} },
};

/** {@link SHARED_RULES} in words, by status. */
export const SHARED_RULE_DOCS: Readonly<Record<number, string>> = {
  429: 'too many attempts; wait `Retry-After` (seconds or an HTTP date)',
  423: 'account locked',
  401: 'the session ended',
};

/**
 * A reset link carries its token in the URL fragment, `…#reset-token=<token>`, never in the
 * query (it must reach no server log or `Referer`). The email's server writes it with
 * {@link resetLinkFragment}; the element reads it with {@link readResetFragment}.
 */
export function resetLinkFragment(token: string): string {
  return `#reset-token=${encodeURIComponent(token)}`;
}

/** The token of a reset link's fragment (`location.hash`), or `null` when it has none. */
export function readResetFragment(hash: string): string | null {
  const raw = /^#reset-token=([^&]+)/.exec(hash)?.[1];
  if (raw === undefined) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

/** The request headers of the contract. */
export const CSRF_HEADER = 'X-CSRF-Token';
export const RETRY_AFTER_HEADER = 'Retry-After';
/** The server's clock: the time left of a session is read against it (see {@link CALL_DOCS}' session). */
export const DATE_HEADER = 'Date';
/** What a cross-origin endpoint must allow and expose (CORS with credentials). */
export const CORS = {
  allowHeaders: ['Content-Type', 'Accept-Language', CSRF_HEADER],
  allowMethods: ['GET', 'POST'],
  exposeHeaders: [RETRY_AFTER_HEADER, DATE_HEADER],
} as const;

/**
 * When the session of a user answer ends, on this browser's clock (epoch ms), read against the
 * answer's `Date` header ({@link readSessionEnd}); `null` when the answer does not say.
 * `now`: when the answer arrived, on this browser's clock.
 */
export function sessionEnd(answer: Answer, now: number): number | null {
  return readSessionEnd(answer.body, answer.headers.get(DATE_HEADER), now);
}

/** A loose check that catches typos, not a validator: the server decides. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value);
}

/** What the element reads of an HTTP answer. */
export interface Answer {
  /** 0 for a redirect that was not followed (`fetch` with `redirect: 'manual'` in a browser). */
  readonly status: number;
  /** True when the answer is a redirect the client did not follow. */
  readonly redirected?: boolean;
  readonly headers: { get(name: string): string | null };
  /** The body parsed as JSON; `undefined` when empty or not JSON. */
  readonly body: unknown;
}

/** What each call resolves to. */
export interface CallResults {
  session: User | null;
  'session-refresh': User;
  identify: IdentifyResult;
  login: User;
  logout: SignOutResult;
  'password-reset': undefined;
  'password-reset-verify': ResetTicket;
  'password-reset-complete': User | null;
  'passkey-options': PasskeyOptionsJSON | null;
  'passkey-verify': User;
  'passkey-register-options': PasskeyOptionsJSON | null;
  'passkey-register': undefined;
}

export function isRedirect(answer: Pick<Answer, 'status' | 'redirected'>): boolean {
  return answer.redirected === true || (answer.status >= 300 && answer.status < 400);
}

/** The rule that applies to an answer of `call`, own rules first; `undefined` when none does. */
export function ruleFor(call: CallName, answer: Pick<Answer, 'status' | 'body'>): StatusRule | undefined {
  const code = parseErrorCode(answer.body);
  return [...CALLS[call].rules, ...SHARED_RULES].find(
    (rule) => rule.status === answer.status && (rule.error === undefined || rule.error === code),
  );
}

/**
 * Reads an answer of `call` as the contract says: its result, or a thrown
 * `AuthError`. A redirect is never a result (`redirected`), a success status with
 * a body of the wrong shape is `bad_response`, any status the contract does not name is
 * `server`.
 */
export function interpret<C extends CallName>(call: C, answer: Answer, context: { baseUrl: string; now?: number }): CallResults[C] {
  const spec = CALLS[call];
  if (isRedirect(answer)) throw new AuthError('redirected');
  if ((spec.success as readonly number[]).includes(answer.status)) return readSuccess(spec.body, answer.body, context.baseUrl) as CallResults[C];
  const rule = ruleFor(call, answer);
  if (rule?.means === 'signed-out') return null as CallResults[C];
  if (rule?.means === 'no-identify-step') return { next: 'password' } as CallResults[C];
  if (rule?.means === 'no-passkeys') return null as CallResults[C];
  if (rule?.means === 'rate_limited') {
    throw new AuthError('rate_limited', { retryAfterSeconds: parseRetryAfter(answer.headers.get(RETRY_AFTER_HEADER), context.now) });
  }
  if (rule?.means === 'weak_password') {
    const failed = parsePasswordRule(answer.body);
    throw new AuthError('weak_password', failed ? { rule: failed } : {});
  }
  if (rule) throw new AuthError(rule.means);
  throw new AuthError(answer.status >= 200 && answer.status < 300 ? 'bad_response' : 'server');
}

function readSuccess(
  kind: SuccessBody,
  body: unknown,
  baseUrl: string,
): User | IdentifyResult | ResetTicket | SignOutResult | PasskeyOptionsJSON | null | undefined {
  if (kind === 'none') return undefined;
  if (kind === 'user-or-none' && body === undefined) return null;
  const value =
    kind === 'identify'
      ? parseIdentifyBody(body, baseUrl)
      : kind === 'ticket'
        ? parseTicketBody(body)
        : kind === 'logout'
          ? parseLogoutBody(body, baseUrl)
          : kind === 'passkey-options'
            ? parsePasskeyOptions(body)
            : parseUserBody(body);
  if (value === null) throw new AuthError('bad_response');
  return value;
}

/**
 * The status a server answers `call` with to mean `meaning`: the first rule of the call
 * (or shared) that says so. The mock backend answers with these.
 */
export function statusFor(call: CallName, meaning: Meaning): number {
  const rule = [...CALLS[call].rules, ...SHARED_RULES].find((r) => r.means === meaning);
  if (!rule) throw new Error(`the contract has no status for ${meaning} on ${call}`);
  return rule.status;
}

/** The success status the contract asks `call` to answer with. */
export function successStatus(call: CallName): number {
  return CALLS[call].success[0];
}

/** The call a request is, or `null` when the contract has no such call. */
export function callFor(method: string, path: string): CallName | null {
  const upper = method.toUpperCase();
  const clean = `/${path.replace(/^\/+|\/+$/g, '')}`;
  return CALL_NAMES.find((name) => CALLS[name].path === clean && CALLS[name].method === upper) ?? null;
}
