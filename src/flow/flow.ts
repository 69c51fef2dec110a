/**
 * The sign-in flow as a pure reducer: `next(state, action) => state`.
 * No DOM, no fetch, no clock: time comes in on the actions. The password never
 * enters the state; only whether one was typed.
 */
import type { AuthErrorCode, IdentifyResult, PasswordRule, ResetTicket, User } from '../auth/auth-client.js';
import { looksLikeEmail } from '../contract/contract.js';

/**
 * Where a signed-out resident is in the flow. A reset link opens `set-password`; a password
 * set without signing in ends on `password-changed`.
 */
export type Step = 'identify' | 'password' | 'forgot' | 'forgot-sent' | 'set-password' | 'password-changed';

/** Input the element refuses before asking the server. */
export type ValidationCode =
  | 'identifier_required'
  | 'password_required'
  | 'email_required'
  | 'email_invalid'
  | 'new_password_required'
  | 'password_mismatch';

/** Codes only the set-new-password step shows: its messages load with it. */
export const RESET_CODES = [
  'invalid_token',
  'expired_token',
  'weak_password',
  'breached_password',
  'new_password_required',
  'password_mismatch',
] as const satisfies readonly ErrorCode[];
export type ResetCode = (typeof RESET_CODES)[number];

export type ErrorCode = AuthErrorCode | ValidationCode;

/** The field a resident fixes an error in, if any. */
export type FieldName = 'identifier' | 'password' | 'email' | 'new-password';

export interface FlowError {
  readonly code: ErrorCode;
  readonly field: FieldName | null;
  /** For `rate_limited`: the wait, in whole seconds, at the time the error was shown. */
  readonly retryAfterSeconds?: number;
  /** For `weak_password`: the rule the server said failed. */
  readonly rule?: PasswordRule;
  /** Grows with every error shown, so the same error shown twice is announced twice. */
  readonly seq: number;
}

/** A call the signed-out flow is waiting for. */
export type SignedOutPending = 'identify' | 'sign-in' | 'reset' | 'redirect' | 'verify' | 'set-password';

/** A message that is not an error: said once after something happened. */
export type Notice = 'signed-out' | 'session-expired' | 'retry-ready';

export interface SignedOutState {
  readonly status: 'signed-out';
  readonly step: Step;
  /** The identifier as typed on step 1 (kept through every step). */
  readonly identifier: string;
  /** The email address on the forgot step. */
  readonly email: string;
  readonly remember: boolean;
  readonly pending: SignedOutPending | null;
  /** Where the browser is being sent (identify answered `redirect`). */
  readonly redirectUrl: string | null;
  /** What a reset link opened (whose password, which rules); the token itself is never in the state. */
  readonly ticket: ResetTicket | null;
  readonly error: FlowError | null;
  readonly notice: Notice | null;
  /** Until when (epoch ms) signing in / sending a reset link is refused after a 429. */
  readonly blocked: { readonly signIn: number | null; readonly reset: number | null };
  /** The `seq` of the last error shown, kept when the error is cleared (see {@link FlowError.seq}). */
  readonly lastSeq?: number;
}

export type FlowState =
  | { readonly status: 'checking' }
  | { readonly status: 'check-failed'; readonly error: FlowError }
  | SignedOutState
  | {
      readonly status: 'signed-in';
      readonly user: User;
      readonly pending: 'sign-out' | null;
      readonly error: FlowError | null;
      /** The `seq` of the last error shown, kept when the error is cleared (see {@link FlowError.seq}). */
      readonly lastSeq?: number;
    };

export type FlowStatus = FlowState['status'];

export type FlowAction =
  | { readonly type: 'session-checked'; readonly user: User | null }
  | { readonly type: 'session-check-failed'; readonly code: AuthErrorCode }
  | { readonly type: 'recheck' }
  /** A dedicated sign-in page shows the form at once; the session is checked in the background. */
  | { readonly type: 'start-signed-out' }
  /** A later session check (another tab, back from the bfcache) found this user, or none. */
  | { readonly type: 'session-revalidated'; readonly user: User | null }
  | { readonly type: 'edit'; readonly field: 'identifier' | 'email'; readonly value: string }
  | { readonly type: 'edit-remember'; readonly value: boolean }
  | { readonly type: 'submit-identifier'; readonly identifier: string; readonly now: number }
  | { readonly type: 'identified'; readonly result: IdentifyResult }
  | {
      readonly type: 'submit-password';
      readonly identifier: string;
      readonly hasPassword: boolean;
      readonly remember: boolean;
      readonly now: number;
    }
  | { readonly type: 'signed-in'; readonly user: User }
  | {
      readonly type: 'failed';
      readonly code: AuthErrorCode;
      readonly retryAfterSeconds?: number;
      readonly rule?: PasswordRule;
      readonly now: number;
    }
  /** A reset link was opened: its token is being checked. */
  | { readonly type: 'reset-link-opened' }
  | { readonly type: 'reset-verified'; readonly ticket: ResetTicket }
  /** The new password, typed twice (only whether it was typed and whether the two match). */
  | { readonly type: 'submit-new-password'; readonly hasPassword: boolean; readonly matches: boolean; readonly now: number }
  /** The new password is set: signed in (`user`), or to sign in with it (`null`). */
  | { readonly type: 'password-set'; readonly user: User | null }
  /** From a reset link that cannot be used: to the forgot step, the address filled in when known. */
  | { readonly type: 'request-new-link' }
  | { readonly type: 'cancelled' }
  | { readonly type: 'change-identifier' }
  | { readonly type: 'open-forgot' }
  | { readonly type: 'back-to-sign-in' }
  | { readonly type: 'submit-reset'; readonly email: string; readonly now: number }
  | { readonly type: 'reset-sent' }
  | { readonly type: 'sign-out' }
  | { readonly type: 'signed-out' }
  | { readonly type: 'unblock'; readonly now: number };

export const INITIAL_STATE: FlowState = { status: 'checking' };

/** A fresh signed-out flow at step 1. */
export function signedOut(notice: Notice | null = null): SignedOutState {
  return {
    status: 'signed-out',
    step: 'identify',
    identifier: '',
    email: '',
    remember: false,
    pending: null,
    redirectUrl: null,
    ticket: null,
    error: null,
    notice,
    blocked: { signIn: null, reset: null },
  };
}

export { looksLikeEmail } from '../contract/contract.js';

/** What a state remembers of the errors it showed. */
interface ErrorHistory {
  readonly error: FlowError | null;
  readonly lastSeq?: number;
}

function error(
  previous: ErrorHistory | null,
  code: ErrorCode,
  field: FieldName | null,
  retryAfterSeconds?: number,
  rule?: PasswordRule,
): FlowError {
  return {
    code,
    field,
    // Not just the current error's seq: a submit clears the error, and the same
    // error coming back must still get a new seq.
    seq: Math.max(previous?.error?.seq ?? 0, previous?.lastSeq ?? 0) + 1,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    ...(rule === undefined ? {} : { rule }),
  };
}

/** The field an answer from the server is fixed in. */
function fieldFor(code: AuthErrorCode): FieldName | null {
  if (code === 'invalid_credentials') return 'password';
  return code === 'weak_password' || code === 'breached_password' ? 'new-password' : null;
}

function remainingSeconds(until: number | null, now: number): number {
  return until === null ? 0 : Math.ceil((until - now) / 1000);
}

function signedOutNext(state: SignedOutState, action: FlowAction): FlowState {
  // One request at a time: while a call is pending, only its outcome (or a
  // cancel) changes anything. Editing is still allowed, so nothing typed is lost.
  if (state.pending !== null) {
    switch (action.type) {
      case 'identified':
        if (state.pending !== 'identify') return state;
        return action.result.next === 'password'
          ? { ...state, pending: null, step: 'password', error: null, notice: null }
          : { ...state, pending: 'redirect', redirectUrl: action.result.url, error: null };
      case 'signed-in':
        return state.pending === 'sign-in' ? { status: 'signed-in', user: action.user, pending: null, error: null } : state;
      case 'reset-sent':
        return state.pending === 'reset' ? { ...state, pending: null, step: 'forgot-sent', error: null } : state;
      case 'reset-verified':
        return state.pending === 'verify' ? { ...state, pending: null, ticket: action.ticket, error: null } : state;
      case 'password-set':
        if (state.pending !== 'set-password') return state;
        return action.user
          ? signedIn(action.user)
          : { ...state, pending: null, step: 'password-changed', identifier: state.ticket?.username ?? state.identifier, error: null };
      case 'failed': {
        const blocked =
          action.code === 'rate_limited'
            ? {
                ...state.blocked,
                [state.pending === 'reset' || state.pending === 'verify' ? 'reset' : 'signIn']:
                  action.now + (action.retryAfterSeconds ?? 0) * 1000,
              }
            : state.blocked;
        // A link that cannot be used ends the step's form; its address (if one) is kept for a new link.
        const tokenFailed = action.code === 'invalid_token' || action.code === 'expired_token';
        const username = state.ticket?.username ?? '';
        return {
          ...state,
          pending: null,
          redirectUrl: null,
          blocked,
          ...(tokenFailed ? { ticket: null, email: looksLikeEmail(username) ? username : state.email } : {}),
          error: error(state, action.code, fieldFor(action.code), action.retryAfterSeconds, action.rule),
        };
      }
      case 'cancelled':
        return { ...state, pending: null, redirectUrl: null };
      case 'edit':
        return { ...state, [action.field]: action.value };
      case 'edit-remember':
        return { ...state, remember: action.value };
      case 'unblock':
        return unblock(state, action.now);
      default:
        return state;
    }
  }

  switch (action.type) {
    case 'edit':
      return { ...state, [action.field]: action.value };
    case 'edit-remember':
      return { ...state, remember: action.value };
    case 'submit-identifier': {
      const identifier = action.identifier.trim();
      if (identifier === '') {
        return { ...state, identifier, error: error(state, 'identifier_required', 'identifier'), notice: null };
      }
      const wait = remainingSeconds(state.blocked.signIn, action.now);
      if (wait > 0) {
        return { ...state, identifier, error: error(state, 'rate_limited', null, wait), notice: null };
      }
      return { ...state, identifier, pending: 'identify', error: null, notice: null };
    }
    case 'submit-password': {
      const identifier = action.identifier.trim() || state.identifier;
      const base = { ...state, identifier, remember: action.remember, notice: null };
      if (!action.hasPassword) return { ...base, error: error(state, 'password_required', 'password') };
      const wait = remainingSeconds(state.blocked.signIn, action.now);
      if (wait > 0) return { ...base, error: error(state, 'rate_limited', null, wait) };
      return { ...base, pending: 'sign-in', error: null };
    }
    case 'submit-reset': {
      const email = action.email.trim();
      const base = { ...state, email, notice: null };
      if (email === '') return { ...base, error: error(state, 'email_required', 'email') };
      if (!looksLikeEmail(email)) return { ...base, error: error(state, 'email_invalid', 'email') };
      const wait = remainingSeconds(state.blocked.reset, action.now);
      if (wait > 0) return { ...base, error: error(state, 'rate_limited', null, wait) };
      return { ...base, pending: 'reset', error: null };
    }
    case 'submit-new-password': {
      if (state.step !== 'set-password' || state.ticket === null) return state;
      const base = { ...state, notice: null };
      if (!action.hasPassword) return { ...base, error: error(state, 'new_password_required', 'new-password') };
      if (!action.matches) return { ...base, error: error(state, 'password_mismatch', 'new-password') };
      const wait = remainingSeconds(state.blocked.signIn, action.now);
      if (wait > 0) return { ...base, error: error(state, 'rate_limited', null, wait) };
      return { ...base, pending: 'set-password', error: null };
    }
    case 'reset-link-opened':
      return { ...signedOut(), step: 'set-password', pending: 'verify', blocked: state.blocked };
    case 'request-new-link':
      return { ...state, step: 'forgot', ticket: null, error: null, notice: null };
    case 'back-to-sign-in':
      // From a set password, the identifier is the account's.
      return { ...state, step: 'identify', identifier: state.ticket?.username ?? state.identifier, ticket: null, error: null, notice: null };
    case 'change-identifier':
      return { ...state, step: 'identify', error: null, notice: null };
    case 'open-forgot':
      return {
        ...state,
        step: 'forgot',
        // Carry the identifier over when it is an address; a classic username is not.
        email: state.email || (looksLikeEmail(state.identifier.trim()) ? state.identifier.trim() : ''),
        error: null,
        notice: null,
      };
    case 'unblock':
      return unblock(state, action.now);
    case 'session-revalidated':
      // Signed in elsewhere (another tab): show it, unless the resident is mid-call here or
      // setting a new password from a link.
      return action.user && state.step !== 'set-password' ? signedIn(action.user) : state;
    default:
      // Answers to no pending call, and actions of other statuses.
      return state;
  }
}

function unblock(state: SignedOutState, now: number): SignedOutState {
  const signIn = state.blocked.signIn !== null && state.blocked.signIn <= now ? null : state.blocked.signIn;
  const reset = state.blocked.reset !== null && state.blocked.reset <= now ? null : state.blocked.reset;
  if (signIn === state.blocked.signIn && reset === state.blocked.reset) return state;
  const showingWait = state.error?.code === 'rate_limited';
  const stillBlocked = state.step === 'forgot' ? reset !== null : signIn !== null;
  return {
    ...state,
    blocked: { signIn, reset },
    ...(showingWait && !stillBlocked ? { error: null, notice: 'retry-ready' as const } : {}),
  };
}

/** The next state of the flow. Actions that do not apply to the state leave it unchanged. */
export function next(state: FlowState, action: FlowAction): FlowState {
  const after = reduce(state, action);
  // Remember the seq of the error shown, so clearing it does not restart the count.
  if (
    after !== state &&
    (after.status === 'signed-out' || after.status === 'signed-in') &&
    after.error !== null &&
    after.error.seq !== after.lastSeq
  ) {
    return { ...after, lastSeq: after.error.seq };
  }
  return after;
}

function signedIn(user: User): FlowState {
  return { status: 'signed-in', user, pending: null, error: null };
}

function reduce(state: FlowState, action: FlowAction): FlowState {
  switch (state.status) {
    case 'checking':
      if (action.type === 'start-signed-out') return signedOut();
      if (action.type === 'reset-link-opened') return signedOutNext(signedOut(), action);
      if (action.type === 'session-checked' || action.type === 'session-revalidated') {
        return action.user ? signedIn(action.user) : signedOut();
      }
      if (action.type === 'session-check-failed') {
        return { status: 'check-failed', error: error(null, action.code, null) };
      }
      return state;
    case 'check-failed':
      if (action.type === 'session-revalidated') return action.user ? signedIn(action.user) : signedOut();
      if (action.type === 'reset-link-opened') return signedOutNext(signedOut(), action);
      return action.type === 'recheck' ? { status: 'checking' } : state;
    case 'signed-out':
      return signedOutNext(state, action);
    case 'signed-in':
      switch (action.type) {
        case 'sign-out':
          return state.pending === null ? { ...state, pending: 'sign-out', error: null } : state;
        case 'signed-out':
          return signedOut('signed-out');
        case 'failed':
          if (state.pending !== 'sign-out') return state;
          // The server no longer knows the session: the resident is signed out anyway.
          if (action.code === 'session_expired') return signedOut('session-expired');
          return { ...state, pending: null, error: error(state, action.code, null) };
        case 'cancelled':
          return state.pending === null ? state : { ...state, pending: null };
        case 'session-revalidated':
          if (state.pending !== null) return state;
          // Signed out elsewhere, or the session ended on the server.
          if (!action.user) return signedOut('session-expired');
          return action.user.name === state.user.name && action.user.email === state.user.email
            ? state
            : { ...state, user: action.user };
        default:
          return state;
      }
  }
}
