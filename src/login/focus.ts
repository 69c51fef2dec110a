import type { FieldName } from '../flow/flow.js';

/**
 * Where focus goes after the next render, by name (issue 12: not a selector written where it is
 * asked for). The element resolves the name once the render is done (`CityLogin.updated`), in
 * its light-DOM form first, then in its shadow root.
 *
 * - The bar's controls: `sign-in-button`; `account` (the badge, or "Kirjaudu ulos" without
 *   one); `bar` (its first button).
 * - Everything else is an element of the panel or form by its id below the element's prefix:
 *   `title` is `#city-login-1-title`, `password` is `#city-login-1-password`.
 */
export type FocusTarget =
  | 'sign-in-button'
  | 'account'
  | 'bar'
  | 'title'
  | FieldName
  | 'strong'
  | 'sent'
  | 'changed'
  | 'passkey'
  | 'passkey-close'
  | 'passkey-create';

/** The selector of `target` for the element whose ids start with `prefix`. */
export function focusSelector(prefix: string, target: FocusTarget): string {
  switch (target) {
    case 'sign-in-button':
      return '[part=sign-in-button]';
    case 'account':
      return 'a[part=badge],[part=sign-out-button]';
    case 'bar':
      return '.bar button';
    default:
      return `#${prefix}-${target}`;
  }
}
