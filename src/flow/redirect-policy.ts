/**
 * Where identify's `redirect` may send the resident. Pure: no DOM, no `location`.
 *
 * A redirect is followed only when all of these hold:
 * - the URL is `http:` or `https:` and at most {@link MAX_REDIRECT_URL_LENGTH} characters;
 * - it carries no credentials (`https://user:pass@host/`);
 * - it is not a downgrade: an `https:` page never sends the resident to `http:`;
 * - its origin is one of the allowed origins (by default the page's own and the
 *   endpoint's; the element's `redirect-origins` attribute replaces them).
 *
 * Refused, the element shows the resident the "unexpected answer" error.
 *
 * Anything finer (a path, a query parameter) is the host page's to check in the
 * cancelable `city-login-redirect` event.
 */

/** The longest redirect URL followed (characters, before and after resolving it). */
export const MAX_REDIRECT_URL_LENGTH = 2048;

/** Why a redirect was refused. */
export type RedirectRefusal = 'invalid' | 'too-long' | 'credentials' | 'downgrade' | 'origin';

export interface RedirectPolicy {
  /** The page's URL: its protocol decides what is a downgrade. */
  readonly page: string;
  /** What a relative URL resolves against (the document's base URL); default `page`. */
  readonly base?: string;
  /**
   * The origins the resident may be sent to, e.g. `https://tunnistus.espoo.fi`. Each entry is
   * read as an absolute URL and stands for its origin (`https://tunnistus.espoo.fi/` and
   * `https://TUNNISTUS.espoo.fi:443` are that origin too); what is not one (`*`, `'self'`,
   * `tunnistus.espoo.fi`) allows nothing.
   */
  readonly origins: readonly string[];
}

export type RedirectVerdict =
  { readonly url: string; readonly refused?: never } | { readonly refused: RedirectRefusal; readonly url?: never };

/** The origin of an absolute URL, or `''`. */
function originOf(entry: string): string {
  try {
    return new URL(entry).origin;
  } catch {
    return '';
  }
}

/** Checks a redirect URL against the policy: the absolute URL to follow, or why not. */
export function checkRedirect(value: string, policy: RedirectPolicy): RedirectVerdict {
  // Not parsed when it is already too long (a URL of megabytes).
  if (value.length > MAX_REDIRECT_URL_LENGTH) return { refused: 'too-long' };
  let url: URL;
  try {
    url = new URL(value.trim(), policy.base ?? policy.page);
  } catch {
    return { refused: 'invalid' };
  }
  if (!/^https?:$/.test(url.protocol)) return { refused: 'invalid' };
  if (url.href.length > MAX_REDIRECT_URL_LENGTH) return { refused: 'too-long' };
  if (url.username || url.password) return { refused: 'credentials' };
  if (url.protocol === 'http:' && /^https:/i.test(policy.page)) return { refused: 'downgrade' };
  if (!policy.origins.some((entry) => originOf(entry) === url.origin)) return { refused: 'origin' };
  return { url: url.href };
}
