import type { User } from './auth/auth-client.js';
import type { SupportedLocale } from './login/login.types.js';

/** Fired when the resident signs in, or when the session check on load finds them signed in (`restored`). */
export const SIGNED_IN_EVENT = 'city-login-signed-in';
/** Fired when the resident signs out, or the server ends the session. */
export const SIGNED_OUT_EVENT = 'city-login-signed-out';
/** Fired before the browser is sent to an external sign-in, or to the identity provider's logout after sign-out; cancel it to stay (e.g. to open it elsewhere). */
export const REDIRECT_EVENT = 'city-login-redirect';

/**
 * Fired when the warning before the session ends opens (issue 17): a moment to save what the
 * resident has typed on the page (it is the host's; the element keeps nothing of it).
 */
export const SESSION_WARNING_EVENT = 'city-login-session-warning';

/** Fired when the resident picks a language in the switch; cancelable (the host then switches the page itself). */
export const LANGUAGE_CHANGE_EVENT = 'city-login-language-change';

export interface LanguageChangeDetail {
  readonly locale: SupportedLocale;
}

export interface SignedInDetail {
  readonly user: User;
  /** True when the session existed already (page load), false after a sign-in. */
  readonly restored: boolean;
}

export interface SignedOutDetail {
  /** `signed-out` when the resident asked, `session-expired` when the server ended the session. */
  readonly reason: 'signed-out' | 'session-expired';
}

export interface RedirectDetail {
  /** The absolute http(s) URL identify (or, for single logout, logout) answered. */
  readonly url: string;
  /** `sign-in`: identify sends the resident to an external sign-in; `sign-out`: single logout continues at the identity provider. */
  readonly purpose: 'sign-in' | 'sign-out';
}

export interface SessionWarningDetail {
  /** When the session ends, on this browser's clock (epoch ms, as `Date.now()`). */
  readonly endsAt: number;
}

export type SignedInEvent = CustomEvent<SignedInDetail>;
export type SessionWarningEvent = CustomEvent<SessionWarningDetail>;
export type SignedOutEvent = CustomEvent<SignedOutDetail>;
export type RedirectEvent = CustomEvent<RedirectDetail>;
export type LanguageChangeEvent = CustomEvent<LanguageChangeDetail>;

/** Every event `<city-login>` fires, by name: the detail type follows the name. */
export interface CityLoginEventMap {
  [SIGNED_IN_EVENT]: SignedInEvent;
  [SIGNED_OUT_EVENT]: SignedOutEvent;
  [REDIRECT_EVENT]: RedirectEvent;
  [LANGUAGE_CHANGE_EVENT]: LanguageChangeEvent;
  [SESSION_WARNING_EVENT]: SessionWarningEvent;
}

declare global {
  interface GlobalEventHandlersEventMap extends CityLoginEventMap {}
}
