/**
 * The readers of the form's calls (`form-calls.ts`): identify's next step, a reset ticket, a
 * weak password's rule, passkey options. They load with the form; the readers every page needs
 * are in `readers.ts`. Pure functions, no DOM.
 */
import {
  PASSWORD_CLASSES,
  type IdentifyResult,
  type PasskeyOptionsJSON,
  type PasswordPolicy,
  type PasswordRule,
  type ResetTicket,
} from '../auth/auth-client.js';
import { cleanText, isRecord, safeNavigationUrl } from './readers.js';

export type { PasskeyOptionsJSON };

/** Reads an identify answer; `null` when it is not of the contract's shape. */
export function parseIdentifyBody(body: unknown, baseUrl: string): IdentifyResult | null {
  if (!isRecord(body)) return null;
  if (body['next'] === 'password') return { next: 'password' };
  if (body['next'] === 'redirect' && typeof body['url'] === 'string') {
    const url = safeNavigationUrl(body['url'], baseUrl);
    return url === null ? null : { next: 'redirect', url };
  }
  return null;
}

/** A length rule: a whole number from 1 to 1,024; anything else is left out. */
function length(value: unknown): number | undefined {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 1024 ? (value as number) : undefined;
}

/**
 * Reads a reset ticket `{username, policy: {minLength, maxLength, requires}}`. The username
 * is cleaned like a user's fields and must not be empty; unknown or unreadable rules are left
 * out (the server still enforces them and names the one that failed). `null` otherwise.
 */
export function parseTicketBody(body: unknown): ResetTicket | null {
  if (!isRecord(body)) return null;
  const username = cleanText(body['username']);
  if (username === '') return null;
  const raw = isRecord(body['policy']) ? body['policy'] : {};
  const minLength = length(raw['minLength']);
  const maxLength = length(raw['maxLength']);
  const requires = Array.isArray(raw['requires']) ? PASSWORD_CLASSES.filter((c) => (raw['requires'] as unknown[]).includes(c)) : [];
  const policy: PasswordPolicy = {
    ...(minLength === undefined ? {} : { minLength }),
    ...(maxLength === undefined || (minLength !== undefined && maxLength < minLength) ? {} : { maxLength }),
    ...(requires.length ? { requires } : {}),
  };
  return { username, policy };
}

const PASSWORD_RULES: readonly string[] = ['min_length', 'max_length', ...PASSWORD_CLASSES, 'common', 'username'];

/** The `rule` of a `weak_password` body, when it is one the element can explain. */
export function parsePasswordRule(body: unknown): PasswordRule | null {
  const rule = isRecord(body) ? body['rule'] : undefined;
  return typeof rule === 'string' && PASSWORD_RULES.includes(rule) ? (rule as PasswordRule) : null;
}

/**
 * WebAuthn options as JSON (`PublicKeyCredentialRequestOptionsJSON` or `…CreationOptionsJSON`):
 * the browser reads them (`PublicKeyCredential.parseRequestOptionsFromJSON`); the element only
 * checks that there is a challenge.
 */
/** Reads a passkey options answer; `null` when it has no base64url `challenge`. */
export function parsePasskeyOptions(body: unknown): PasskeyOptionsJSON | null {
  return isRecord(body) && typeof body['challenge'] === 'string' && /^[\w-]+$/.test(body['challenge'])
    ? (body as PasskeyOptionsJSON)
    : null;
}
