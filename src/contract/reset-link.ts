/**
 * A reset link carries its token in the URL fragment, `…#reset-token=<token>`, never in the
 * query (it must reach no server log or `Referer`). The email's server writes it with
 * {@link resetLinkFragment}; the element reads it with {@link readResetFragment} (on every page:
 * the link may open any page with the element).
 */
export function resetLinkFragment(token: string): string {
  return `#reset-token=${encodeURIComponent(token)}`;
}

/** The token of a reset link's fragment (`location.hash`), or `null` when it has none. */
export function readResetFragment(hash: string): string | null {
  const raw = /^#reset-token=([^&]+)/.exec(hash)?.[1];
  if (raw === undefined) return null;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
