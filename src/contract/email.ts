/** The contract's email pattern (the form checks an address with it before asking the server). */

/** A loose check that catches typos, not a validator: the server decides. */
export const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function looksLikeEmail(value: string): boolean {
  return EMAIL_PATTERN.test(value);
}
