/**
 * The contract's calls of the sign-in form and its steps (`contract.ts` has them all): identify,
 * login, the password reset and the passkeys, with their readers. Not on every page: the
 * built-in client loads this module with `import()` at the first of these calls, and the element
 * starts that load beside the form's chunk (`loadFormCalls`), so it is there when the resident
 * submits. The session's calls are in `session-calls.ts`.
 */
import type { CallReaders, CallSpec, StatusRule } from './core.js';
import { parseIdentifyBody, parsePasskeyOptions, parsePasswordRule, parseTicketBody } from './form-readers.js';
import { parseUserBody } from './readers.js';

/** The calls of the form, by name (see `contract.ts`' `CALLS`). */
export type FormCallName =
  | 'identify'
  | 'login'
  | 'password-reset'
  | 'password-reset-verify'
  | 'password-reset-complete'
  | 'passkey-options'
  | 'passkey-verify'
  | 'passkey-register-options'
  | 'passkey-register';

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

export const FORM_CALLS: { readonly [C in FormCallName]: CallSpec } = {
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

/** How the form's answers are read: identify's next step, a reset ticket, passkey options, a user; a weak password's rule. */
export const FORM_READERS: CallReaders = {
  body: (kind, body, baseUrl) =>
    kind === 'identify'
      ? parseIdentifyBody(body, baseUrl)
      : kind === 'ticket'
        ? parseTicketBody(body)
        : kind === 'passkey-options'
          ? parsePasskeyOptions(body)
          : parseUserBody(body),
  passwordRule: parsePasswordRule,
};
