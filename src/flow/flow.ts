/**
 * The sign-in flow as a pure reducer: `next(state, action) => state`.
 * No DOM, no fetch, no clock: time comes in on the actions. The password never
 * enters the state; only whether one was typed.
 *
 * It comes in two parts, so that a page that only shows the header bar loads only the first:
 * - `session.ts` (with the element): checking the session, signed in, signing out;
 * - `steps.ts` (with the sign-in form, on demand): the signed-out steps.
 * This module holds the types and puts the two together.
 */
import type { AuthErrorCode, IdentifyResult, PasswordRule, ResetTicket, User } from '../auth/auth-client.js';
import { sessionNext } from './session.js';
import { stepNext } from './steps.js';

/**
 * Where a signed-out resident is in the flow. A reset link opens `set-password`; a password
 * set without signing in ends on `password-changed`.
 */
export type Step = 'identify' | 'password' | 'forgot' | 'forgot-sent' | 'set-password' | 'password-changed';

/** Input the element refuses before asking the server. */
export type ValidationCode =
  'identifier_required' | 'password_required' | 'email_required' | 'email_invalid' | 'new_password_required' | 'password_mismatch';

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

/**
 * Codes only passkeys show (their messages load with them, `passkeys.ts`): the browser found no
 * passkey for this site, the server refused the assertion, a passkey exists on this device already.
 */
export type PasskeyCode = 'passkey_none' | 'passkey_rejected' | 'passkey_exists';

export type ErrorCode = AuthErrorCode | ValidationCode | PasskeyCode;

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
  /** A passkey was chosen (in the identifier's autofill or by the button): signing in with it. */
  | { readonly type: 'submit-passkey'; readonly now: number }
  | {
      readonly type: 'failed';
      readonly code: AuthErrorCode | PasskeyCode;
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

export { INITIAL_STATE, signedOut } from './session.js';
export { looksLikeEmail } from '../contract/email.js';

/** The next state of the flow. Actions that do not apply to the state leave it unchanged. */
export function next(state: FlowState, action: FlowAction): FlowState {
  return sessionNext(state, action, stepNext);
}
