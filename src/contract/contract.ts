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
 * The contract is one module family in `src/contract/`, split by when a page needs it (issue
 * 15), and this file puts it together (it is the `city-login/contract` entry):
 * - `core.ts`: the shape of a call and an answer, the shared rules and headers, and how an
 *   answer is read ({@link interpretCall}); `readers.ts`: the readers every page needs;
 * - `session-calls.ts`: the session check, its refresh and logout (with the element, every page);
 * - `form-calls.ts` and `form-readers.ts`: identify, login, the password reset and the passkeys
 *   (on demand: the built-in client loads them with `import()`, beside the form's chunk);
 * - `email.ts`: the email pattern (with the form); `reset-link.ts`: the reset link's fragment
 *   (read on every page).
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
import type { IdentifyResult, ResetTicket, SignOutResult, User } from '../auth/auth-client.js';
import {
  CSRF_HEADER,
  DATE_HEADER,
  RETRY_AFTER_HEADER,
  SHARED_RULES,
  interpretCall,
  ruleOf,
  type Answer,
  type CallSpec,
  type Meaning,
  type StatusRule,
} from './core.js';
import { FORM_CALLS, FORM_READERS } from './form-calls.js';
import type { PasskeyOptionsJSON } from './form-readers.js';
import { SESSION_CALLS, SESSION_READERS } from './session-calls.js';

export {
  CSRF_HEADER,
  DATE_HEADER,
  RETRY_AFTER_HEADER,
  SHARED_RULES,
  interpretCall,
  isRedirect,
  ruleOf,
  sessionEnd,
  type Answer,
  type CallReaders,
  type CallSpec,
  type Meaning,
  type StatusRule,
  type SuccessBody,
} from './core.js';
export { EMAIL_PATTERN, looksLikeEmail } from './email.js';
export { FORM_CALLS, type FormCallName } from './form-calls.js';
export { SESSION_CALLS, type SessionCallName } from './session-calls.js';
export { readResetFragment, resetLinkFragment } from './reset-link.js';

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

/** Every call of the contract: the session's (`session-calls.ts`) and the form's (`form-calls.ts`), in {@link CALL_NAMES}' order. */
export const CALLS: { readonly [C in CallName]: CallSpec } = {
  session: SESSION_CALLS.session,
  'session-refresh': SESSION_CALLS['session-refresh'],
  identify: FORM_CALLS.identify,
  login: FORM_CALLS.login,
  logout: SESSION_CALLS.logout,
  'password-reset': FORM_CALLS['password-reset'],
  'password-reset-verify': FORM_CALLS['password-reset-verify'],
  'password-reset-complete': FORM_CALLS['password-reset-complete'],
  'passkey-options': FORM_CALLS['passkey-options'],
  'passkey-verify': FORM_CALLS['passkey-verify'],
  'passkey-register-options': FORM_CALLS['passkey-register-options'],
  'passkey-register': FORM_CALLS['passkey-register'],
};

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
  readonly [C in CallName]: {
    readonly request: readonly string[];
    readonly success: string;
    readonly rules: Readonly<Record<number, string>>;
  };
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

/** What a cross-origin endpoint must allow and expose (CORS with credentials). */
export const CORS = {
  allowHeaders: ['Content-Type', 'Accept-Language', CSRF_HEADER],
  allowMethods: ['GET', 'POST'],
  exposeHeaders: [RETRY_AFTER_HEADER, DATE_HEADER],
} as const;

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

/** The rule that applies to an answer of `call`, own rules first; `undefined` when none does. */
export function ruleFor(call: CallName, answer: Pick<Answer, 'status' | 'body'>): StatusRule | undefined {
  return ruleOf(CALLS[call], answer);
}

/**
 * Reads an answer of `call` as the contract says: its result, or a thrown
 * `AuthError`. A redirect is never a result (`redirected`), a success status with
 * a body of the wrong shape is `bad_response`, any status the contract does not name is
 * `server`.
 */
export function interpret<C extends CallName>(call: C, answer: Answer, context: { baseUrl: string; now?: number }): CallResults[C] {
  return interpretCall(CALLS[call], answer, context, call in SESSION_CALLS ? SESSION_READERS : FORM_READERS) as CallResults[C];
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
