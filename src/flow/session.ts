/**
 * The part of the flow reducer that the header bar needs (it loads with the element): checking
 * the session, signed in, signing out, and a session found while signed out. What a signed-out
 * resident does in the form is `steps.ts`, loaded with the form; until it is, those actions
 * leave the state as it is.
 */
import type { PasswordRule, User } from '../auth/auth-client.js';
import type { ErrorCode, FieldName, FlowAction, FlowError, FlowState, Notice, SignedOutState } from './flow.js';

/** The signed-out steps' reducer (`steps.ts`), handed in once loaded. */
export type StepReducer = (state: SignedOutState, action: FlowAction) => FlowState;

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

/** What a state remembers of the errors it showed. */
export interface ErrorHistory {
  readonly error: FlowError | null;
  readonly lastSeq?: number;
}

export function flowError(
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

/** The end of a switch that handles every member of a union: a new member fails to compile here. */
export function assertNever(value: never): never {
  throw new Error(`unhandled ${JSON.stringify(value)}`);
}

export function signedIn(user: User): FlowState {
  return { status: 'signed-in', user, pending: null, error: null };
}

/**
 * The next state: the session's own transitions here; a signed-out state's actions go to
 * `steps` (without it, they change nothing).
 */
export function sessionNext(state: FlowState, action: FlowAction, steps?: StepReducer): FlowState {
  const after = reduce(state, action, steps);
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

function reduce(state: FlowState, action: FlowAction, steps?: StepReducer): FlowState {
  switch (state.status) {
    case 'checking':
      if (action.type === 'start-signed-out') return signedOut();
      if (action.type === 'reset-link-opened') return steps ? steps(signedOut(), action) : state;
      if (action.type === 'session-checked' || action.type === 'session-revalidated') {
        return action.user ? signedIn(action.user) : signedOut();
      }
      if (action.type === 'session-check-failed') {
        return { status: 'check-failed', error: flowError(null, action.code, null) };
      }
      return state;
    case 'check-failed':
      if (action.type === 'session-revalidated') return action.user ? signedIn(action.user) : signedOut();
      if (action.type === 'reset-link-opened') return steps ? steps(signedOut(), action) : state;
      return action.type === 'recheck' ? { status: 'checking' } : state;
    case 'signed-out':
      if (action.type === 'session-revalidated') {
        // Signed in elsewhere (another tab): show it, unless the resident is mid-call here or
        // setting a new password from a link.
        return action.user && state.pending === null && state.step !== 'set-password' ? signedIn(action.user) : state;
      }
      return steps ? steps(state, action) : state;
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
          return { ...state, pending: null, error: flowError(state, action.code, null) };
        case 'cancelled':
          return state.pending === null ? state : { ...state, pending: null };
        case 'session-revalidated':
          if (state.pending !== null) return state;
          // Signed out elsewhere, or the session ended on the server.
          if (!action.user) return signedOut('session-expired');
          return action.user.name === state.user.name && action.user.email === state.user.email ? state : { ...state, user: action.user };
        default:
          return state;
      }
  }
}
