/**
 * What every call of the HTTP contract (`contract.ts`) shares: the shape of a call and of an
 * answer, the failure rules every call has, the contract's headers, and how an answer is read
 * (a redirect, a success, a rule). It loads with the element, with the session's calls
 * (`session-calls.ts`); the form's calls (`form-calls.ts`) come with the form.
 */
import { AuthError, type AuthErrorCode, type PasswordRule } from '../auth/auth-client.js';
import { parseErrorCode, parseRetryAfter, readSessionEnd } from './readers.js';

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

/** Rules every call shares, after its own. */
export const SHARED_RULES: readonly StatusRule[] = [
  { status: 429, means: 'rate_limited' },
  { status: 423, means: 'locked' },
  { status: 401, means: 'session_expired' },
];

/** The request headers of the contract. */
export const CSRF_HEADER = 'X-CSRF-Token';
export const RETRY_AFTER_HEADER = 'Retry-After';
/** The server's clock: the time left of a session is read against it (see `CALL_DOCS`' session). */
export const DATE_HEADER = 'Date';

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

/** How a family of calls reads its success bodies, and a weak password's rule. */
export interface CallReaders {
  /** The value of a success body of `kind` (not `none`); `null` when the body is not of that shape. */
  body(kind: SuccessBody, body: unknown, baseUrl: string): unknown;
  /** The `rule` of a `weak_password` body, when the family has a call that answers one. */
  passwordRule?(body: unknown): PasswordRule | null;
}

/**
 * When the session of a user answer ends, on this browser's clock (epoch ms), read against the
 * answer's `Date` header ({@link readSessionEnd}); `null` when the answer does not say.
 * `now`: when the answer arrived, on this browser's clock.
 */
export function sessionEnd(answer: Answer, now: number): number | null {
  return readSessionEnd(answer.body, answer.headers.get(DATE_HEADER), now);
}

export function isRedirect(answer: Pick<Answer, 'status' | 'redirected'>): boolean {
  return answer.redirected === true || (answer.status >= 300 && answer.status < 400);
}

/** The rule of `spec` that applies to an answer, own rules first; `undefined` when none does. */
export function ruleOf(spec: CallSpec, answer: Pick<Answer, 'status' | 'body'>): StatusRule | undefined {
  const code = parseErrorCode(answer.body);
  return [...spec.rules, ...SHARED_RULES].find(
    (rule) => rule.status === answer.status && (rule.error === undefined || rule.error === code),
  );
}

/**
 * Reads an answer to the call `spec` as the contract says, with the `readers` of its family:
 * its result, or a thrown `AuthError`. A redirect is never a result (`redirected`), a success
 * status with a body of the wrong shape is `bad_response`, any status the contract does not name
 * is `server`. (`contract.ts`' `interpret` does this by the call's name.)
 */
export function interpretCall(spec: CallSpec, answer: Answer, context: { baseUrl: string; now?: number }, readers: CallReaders): unknown {
  if (isRedirect(answer)) throw new AuthError('redirected');
  if ((spec.success as readonly number[]).includes(answer.status)) {
    if (spec.body === 'none') return undefined;
    if (spec.body === 'user-or-none' && answer.body === undefined) return null;
    const value = readers.body(spec.body, answer.body, context.baseUrl);
    if (value === null) throw new AuthError('bad_response');
    return value;
  }
  const rule = ruleOf(spec, answer);
  if (rule?.means === 'signed-out' || rule?.means === 'no-passkeys') return null;
  if (rule?.means === 'no-identify-step') return { next: 'password' };
  if (rule?.means === 'rate_limited') {
    throw new AuthError('rate_limited', { retryAfterSeconds: parseRetryAfter(answer.headers.get(RETRY_AFTER_HEADER), context.now) });
  }
  if (rule?.means === 'weak_password') {
    const failed = readers.passwordRule?.(answer.body);
    throw new AuthError('weak_password', failed ? { rule: failed } : {});
  }
  if (rule) throw new AuthError(rule.means);
  throw new AuthError(answer.status >= 200 && answer.status < 300 ? 'bad_response' : 'server');
}
