/**
 * The adapter interface between `<city-login>` and an authentication backend.
 *
 * The built-in {@link HttpAuthClient} implements the HTTP contract (`src/contract/contract.ts`);
 * a city can replace it with an adapter around its own SDK through the element's
 * `auth` property. Every method takes an `AbortSignal`: the element aborts calls
 * it no longer needs (step change, removal from the page).
 *
 * Success is a resolved value. Every failure is a thrown {@link AuthError} with
 * one of the {@link AUTH_ERROR_CODES}; an adapter that throws anything else is
 * treated as an `unexpected` failure. An abort rejects with the signal's reason
 * (a `DOMException` named `AbortError`) and is never shown to the resident.
 */
export interface AuthClient {
  /** The current session: the user, or `null` when signed out. */
  session(signal: AbortSignal): Promise<User | null>;
  /** What comes after the identifier step. Must not reveal whether an account exists. */
  identify(username: string, signal: AbortSignal): Promise<IdentifyResult>;
  /** Signs in. Resolves with the signed-in user. */
  signIn(credentials: Credentials, signal: AbortSignal): Promise<User>;
  /** Ends the session. */
  signOut(signal: AbortSignal): Promise<void>;
  /** Asks the backend to email a password-reset link. Resolves once accepted. */
  requestPasswordReset(email: string, signal: AbortSignal): Promise<void>;
}

/** The signed-in resident. Backends may send more fields; they are ignored. */
export interface User {
  readonly name: string;
  readonly email: string;
}

export interface Credentials {
  readonly username: string;
  /** Sent exactly as typed, never trimmed. */
  readonly password: string;
  /** "Remember me on this computer": ask for a persistent session. */
  readonly remember: boolean;
}

export type IdentifyResult =
  | { readonly next: 'password' }
  | { readonly next: 'redirect'; readonly url: string };

/** Every failure the element knows how to explain. */
export const AUTH_ERROR_CODES = [
  /** Wrong identifier or password (one answer for both). */
  'invalid_credentials',
  /** The account is locked. */
  'locked',
  /** Too many attempts; see `retryAfterSeconds`. */
  'rate_limited',
  /** The password-reset email could not be sent. */
  'delivery_failed',
  /** The session ended on the server (401 on a session-bound call). */
  'session_expired',
  /** The device has no network connection. */
  'offline',
  /** The server could not be reached. */
  'network',
  /** The server did not answer in time. */
  'timeout',
  /** The server failed (5xx or a status the contract does not know). */
  'server',
  /** The answer was not the JSON the contract promises. */
  'bad_response',
  /**
   * The server answered with a redirect, which the contract has no place for: a bad
   * response with its own message. The built-in client never follows one (it would re-send
   * the password and the CSRF token to wherever it points).
   */
  'redirected',
  /** An adapter threw something that is not an AuthError. */
  'unexpected',
] as const;

export type AuthErrorCode = (typeof AUTH_ERROR_CODES)[number];

/** A failure of an {@link AuthClient} call. */
export class AuthError extends Error {
  override readonly name = 'AuthError';
  readonly code: AuthErrorCode;
  /** For `rate_limited`: how long to wait before trying again. */
  readonly retryAfterSeconds?: number;

  constructor(code: AuthErrorCode, options: { retryAfterSeconds?: number; cause?: unknown } = {}) {
    super(code, { cause: options.cause });
    this.code = code;
    if (options.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = options.retryAfterSeconds;
    }
  }
}

/** True for the rejection of an aborted call. */
export function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/** Any thrown value as an AuthError (aborts must be filtered out first with {@link isAbort}). */
export function toAuthError(error: unknown): AuthError {
  if (error instanceof AuthError && (AUTH_ERROR_CODES as readonly string[]).includes(error.code)) {
    return error;
  }
  return new AuthError('unexpected', { cause: error });
}
