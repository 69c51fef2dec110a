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
  /**
   * Optional: when the session ends, on this browser's clock (epoch ms), as the last answer that
   * carried the user said (`session`, `signIn`, `refreshSession`…); `null` when it did not say.
   * Read right after each of those resolves. Without this method the element never warns before
   * a session ends nor ends one by time: the server's 401 still signs the resident out.
   */
  sessionEnd?(): number | null;
  /**
   * Optional: continues the session ("Jatka istuntoa" in the warning before it ends). Resolves
   * with the user (and {@link sessionEnd} then says the new end); fails with `session_expired`
   * when the session has already ended. Without it the warning offers only "Kirjaudu ulos".
   */
  refreshSession?(signal: AbortSignal): Promise<User>;
  /** What comes after the identifier step. Must not reveal whether an account exists. */
  identify(username: string, signal: AbortSignal): Promise<IdentifyResult>;
  /** Signs in. Resolves with the signed-in user. */
  signIn(credentials: Credentials, signal: AbortSignal): Promise<User>;
  /**
   * Ends the session. May resolve with where the browser goes next (single logout: the
   * identity provider's logout page), which the element checks as it checks identify's
   * redirect (`redirect-origins`) before it goes there.
   */
  signOut(signal: AbortSignal): Promise<SignOutResult | void>;
  /** Asks the backend to email a password-reset link. Resolves once accepted. */
  requestPasswordReset(email: string, signal: AbortSignal): Promise<void>;
  /**
   * Optional: opens a reset link's token. Resolves with whose password is set and the rules
   * a new one must meet; fails with `invalid_token` or `expired_token`. Without this method
   * (and {@link completePasswordReset}) a reset link shows that the link cannot be used here.
   */
  verifyPasswordReset?(token: string, signal: AbortSignal): Promise<ResetTicket>;
  /**
   * Optional: sets the new password. Resolves with the signed-in user, or `null` when the
   * password changed but the resident must sign in. Fails with `invalid_token`,
   * `expired_token`, `weak_password` (with `rule`) or `breached_password`.
   */
  completePasswordReset?(token: string, password: string, signal: AbortSignal): Promise<User | null>;
  /**
   * Optional, with {@link passkeySignIn}: WebAuthn request options (JSON) with a fresh
   * challenge, or `null` when the backend has no passkeys. Without these methods (or with
   * `null`) the element shows no passkey UI.
   */
  passkeyOptions?(signal: AbortSignal): Promise<PasskeyOptionsJSON | null>;
  /** Signs in with a passkey: the credential as the browser's `toJSON()` makes it. Fails with `unknown_credential` or `invalid_credentials`. */
  passkeySignIn?(credential: unknown, signal: AbortSignal): Promise<User>;
  /** Optional, with {@link registerPasskey}: WebAuthn creation options (JSON) for the signed-in resident, or `null` (no passkeys). */
  passkeyRegistrationOptions?(signal: AbortSignal): Promise<PasskeyOptionsJSON | null>;
  /** Stores a new passkey for the signed-in resident (the credential's `toJSON()`). */
  registerPasskey?(credential: unknown, signal: AbortSignal): Promise<void>;
}

/** WebAuthn options as JSON, as the server sends them (a base64url `challenge` and the rest). */
export type PasskeyOptionsJSON = { readonly challenge: string } & Readonly<Record<string, unknown>>;

/** What a reset link opens: whose password is set, and the rules the server enforces. */
export interface ResetTicket {
  /** The account's username, for password managers (shown read-only). */
  readonly username: string;
  readonly policy: PasswordPolicy;
}

/** Characters a password may be required to contain. */
export const PASSWORD_CLASSES = ['lowercase', 'uppercase', 'digit', 'symbol'] as const;
export type PasswordClass = (typeof PASSWORD_CLASSES)[number];

/** The rules a server enforces on a new password, shown before the resident types. */
export interface PasswordPolicy {
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly requires?: readonly PasswordClass[];
}

/** The rule a `weak_password` failed: a length, a character class, too common, or like the username. */
export type PasswordRule = 'min_length' | 'max_length' | PasswordClass | 'common' | 'username';

/**
 * How strongly the resident was identified: by `password`, by a `passkey`, or `strong`ly
 * (e.g. Suomi.fi or another identity provider). Services may decide what a resident may do by
 * it; the badge never shows it.
 */
export const ASSURANCE_LEVELS = ['password', 'passkey', 'strong'] as const;
export type Assurance = (typeof ASSURANCE_LEVELS)[number];

/** The signed-in resident. Backends may send more fields; they are ignored. */
export interface User {
  readonly name: string;
  readonly email: string;
  /** How strongly the resident was identified, when the server says (one of {@link ASSURANCE_LEVELS}). */
  readonly assurance?: Assurance;
}

/** What a sign-out may answer: the identity provider's logout page to go to (an absolute http(s) URL). */
export interface SignOutResult {
  readonly redirect?: string;
}

export interface Credentials {
  readonly username: string;
  /** Sent exactly as typed, never trimmed. */
  readonly password: string;
  /** "Remember me on this computer": ask for a persistent session. */
  readonly remember: boolean;
}

export type IdentifyResult = { readonly next: 'password' } | { readonly next: 'redirect'; readonly url: string };

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
  /** No account has this passkey (the element asks the browser to forget it). */
  'unknown_credential',
  /** A reset link's token is not one the server knows (mistyped, or already used). */
  'invalid_token',
  /** A reset link's token has expired. */
  'expired_token',
  /** The new password breaks a rule of the server's; see `rule`. */
  'weak_password',
  /** The new password has appeared in a data breach and must not be used. */
  'breached_password',
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
  /** For `weak_password`: the rule the password failed, when the server said. */
  readonly rule?: PasswordRule;

  constructor(code: AuthErrorCode, options: { retryAfterSeconds?: number; rule?: PasswordRule; cause?: unknown } = {}) {
    super(code, { cause: options.cause });
    this.code = code;
    if (options.retryAfterSeconds !== undefined) {
      this.retryAfterSeconds = options.retryAfterSeconds;
    }
    if (options.rule !== undefined) this.rule = options.rule;
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
