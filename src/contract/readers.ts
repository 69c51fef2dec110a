/**
 * The readers of the HTTP contract (`contract.ts`): how an answer's body and headers are
 * read, by the built-in client and by the contract kit alike. Pure functions, no DOM. These
 * are the ones every page needs (the user, logout, `Retry-After`, the session's end, error
 * codes, URLs); the form's calls' readers (identify, the reset ticket, a weak password's rule,
 * passkey options) are in `form-readers.ts` and load with the form.
 */
import { ASSURANCE_LEVELS, type SignOutResult, type User } from '../auth/auth-client.js';

/** The longest a field of `user` may be before it is cut (the badge is one line). */
export const MAX_USER_FIELD_LENGTH = 200;
/** Waits longer than this (a day) are taken as this. */
export const MAX_RETRY_AFTER_SECONDS = 86_400;
/** The wait used when a 429 has no usable `Retry-After`. */
export const DEFAULT_RETRY_AFTER_SECONDS = 30;

/**
 * The shape of an HTTP-date (IMF-fixdate, RFC 850 or asctime: a day name, then a
 * time). `Date.parse` alone is too lenient: browsers read "later 5" or "-5" as dates.
 */
const HTTP_DATE = /^(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s.*\b\d{2}:\d{2}:\d{2}\b/i;

/**
 * Reads a `Retry-After` header: delay-seconds or an HTTP date.
 * Returns whole seconds, at least 1, at most {@link MAX_RETRY_AFTER_SECONDS};
 * {@link DEFAULT_RETRY_AFTER_SECONDS} when missing or unreadable.
 */
export function parseRetryAfter(value: string | null, nowMs: number = Date.now()): number {
  return readRetryAfter(value, nowMs) ?? DEFAULT_RETRY_AFTER_SECONDS;
}

/**
 * Reads a `Retry-After` header as {@link parseRetryAfter} does, but `null` when it is
 * missing or unreadable (the contract kit fails such a 429).
 */
export function readRetryAfter(value: string | null, nowMs: number = Date.now()): number | null {
  const text = value?.trim() ?? '';
  let seconds = Number.NaN;
  if (/^\d+$/.test(text)) {
    seconds = Number(text);
  } else if (HTTP_DATE.test(text)) {
    const at = Date.parse(text);
    if (!Number.isNaN(at)) seconds = Math.ceil((at - nowMs) / 1000);
  }
  if (!Number.isFinite(seconds)) return null;
  return Math.min(Math.max(Math.ceil(seconds), 1), MAX_RETRY_AFTER_SECONDS);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Control characters (C0, DEL, C1, line and paragraph separators) would break the badge's
 * single line: each run becomes one space.
 */
const CONTROL = /[\p{Cc}\u2028\u2029]+/gu;
/**
 * Format characters are invisible and can make the badge read other than it is: bidi
 * overrides and isolates (U+202A–202E, U+2066–2069, marks U+200E/200F, U+061C), zero-width
 * space and no-break (U+200B, U+FEFF, U+2060), soft hyphen, and the tag characters that can
 * smuggle hidden text. All are removed, except the zero-width joiner and non-joiner
 * (U+200D, U+200C): emoji sequences and scripts such as Persian and the Indic ones need
 * them in real names. The badge also isolates name and email bidirectionally.
 */
const FORMAT = /(?![\u200c\u200d])\p{Cf}/gu;

/** A field of `user` as the badge may show it: one line, no invisible tricks, bounded. */
export function cleanText(value: unknown): string {
  if (typeof value !== 'string') return '';
  const text = value.replace(FORMAT, '').replace(CONTROL, ' ').trim();
  if (text.length <= MAX_USER_FIELD_LENGTH) return text;
  // Never cut between the two halves of a surrogate pair (an emoji, say).
  const cut = text.slice(0, MAX_USER_FIELD_LENGTH - 1).replace(/[\uD800-\uDBFF]$/, '');
  return `${cut}…`;
}

/**
 * Reads `{user: {name, email, assurance?}}` from a session or login answer.
 * Unknown fields are dropped (an `assurance` not of {@link ASSURANCE_LEVELS} too); a user
 * needs at least a name or an email.
 * Returns `null` when the body is not of that shape.
 */
export function parseUserBody(body: unknown): User | null {
  if (!isRecord(body) || !isRecord(body['user'])) return null;
  const user = body['user'];
  const name = cleanText(user['name']);
  const email = cleanText(user['email']);
  if (name === '' && email === '') return null;
  const assurance = user['assurance'];
  return (ASSURANCE_LEVELS as readonly unknown[]).includes(assurance)
    ? { name, email, assurance: assurance as NonNullable<User['assurance']> }
    : { name, email };
}

/**
 * Reads a logout answer: nothing (`204`, or `200` without `redirect`), or `{redirect}`, where
 * single logout continues (the identity provider's logout page; http(s) only, relative URLs
 * resolve against `baseUrl`). `null` when `redirect` is there but not such a URL.
 */
export function parseLogoutBody(body: unknown, baseUrl: string): SignOutResult | null {
  const redirect = isRecord(body) ? body['redirect'] : undefined;
  if (redirect === undefined) return {};
  const url = typeof redirect === 'string' ? safeNavigationUrl(redirect, baseUrl) : null;
  return url === null ? null : { redirect: url };
}

/** The `error` code of an error body, or `null`. */
export function parseErrorCode(body: unknown): string | null {
  return isRecord(body) && typeof body['error'] === 'string' ? body['error'] : null;
}

/**
 * Resolves a URL the page may navigate to or link to: only `http:` and `https:`
 * (relative URLs resolve against `baseUrl`). Anything else (`javascript:`,
 * `data:`, unparsable) gives `null`.
 */
export function safeNavigationUrl(value: string, baseUrl: string): string | null {
  try {
    const url = new URL(value.trim(), baseUrl);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : null;
  } catch {
    return null;
  }
}

/** An ISO 8601 date and time with a zone (`Z` or an offset): without one, `Date.parse` would read local time. */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * When a session ends, on this browser's clock (epoch ms), from a user answer's `"expiresAt"`
 * (ISO 8601 with a zone). Clock skew does not matter: the time left is `expiresAt` minus the
 * answer's `Date` header (`date`; both on the server's clock), counted from `nowMs`, when the
 * answer arrived. Only without a readable `Date` is `expiresAt` read against this browser's
 * clock. `null` when there is no readable `expiresAt`: no warning, no timed end.
 */
export function readSessionEnd(body: unknown, date: string | null, nowMs: number): number | null {
  const raw = isRecord(body) ? body['expiresAt'] : undefined;
  const ends = typeof raw === 'string' && ISO_DATE_TIME.test(raw.trim()) ? Date.parse(raw.trim()) : Number.NaN;
  if (Number.isNaN(ends)) return null;
  const serverNow = date !== null && HTTP_DATE.test(date.trim()) ? Date.parse(date.trim()) : Number.NaN;
  return Number.isNaN(serverNow) ? ends : nowMs + (ends - serverNow);
}

/** Parses a response body as JSON; `undefined` for an empty or non-JSON body. */
export function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type { PasskeyOptionsJSON } from '../auth/auth-client.js';
