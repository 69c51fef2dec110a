/**
 * What a signed-out resident does in the form, as a reducer: identify, password, forgot, the
 * reset link's new password. It loads with the form (on demand); `session.ts` hands it the
 * signed-out states' actions.
 */
import { looksLikeEmail } from '../contract/email.js';
import type { ErrorCode, FieldName, FlowAction, FlowState, SignedOutState } from './flow.js';
import { flowError as error, signedIn, signedOut } from './session.js';

/** The field an answer from the server is fixed in. */
function fieldFor(code: ErrorCode): FieldName | null {
  if (code === 'invalid_credentials') return 'password';
  return code === 'weak_password' || code === 'breached_password' ? 'new-password' : null;
}

function remainingSeconds(until: number | null, now: number): number {
  return until === null ? 0 : Math.ceil((until - now) / 1000);
}

/** A field edited: kept as typed; its error goes once the value fixes it (not before the resident has typed one that does). */
function edited(state: SignedOutState, action: Extract<FlowAction, { type: 'edit' }>): SignedOutState {
  const value = action.value.trim();
  const error = state.error;
  const fixed =
    error?.field === action.field &&
    (error.code === 'email_invalid'
      ? looksLikeEmail(value)
      : (error.code === 'identifier_required' || error.code === 'email_required') && value !== '');
  return { ...state, [action.field]: action.value, ...(fixed ? { error: null } : {}) };
}

export function stepNext(state: SignedOutState, action: FlowAction): FlowState {
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
        return edited(state, action);
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
      return edited(state, action);
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
    case 'submit-passkey': {
      // Only from step 1, and not while 429 holds sign-in back.
      const wait = remainingSeconds(state.blocked.signIn, action.now);
      if (state.step !== 'identify') return state;
      if (wait > 0) return { ...state, error: error(state, 'rate_limited', null, wait), notice: null };
      return { ...state, pending: 'sign-in', error: null, notice: null };
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
      return {
        ...state,
        step: 'identify',
        identifier: state.ticket?.username ?? state.identifier,
        ticket: null,
        error: null,
        notice: null,
      };
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
