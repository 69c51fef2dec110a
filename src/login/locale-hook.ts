/**
 * @internal Where `<city-login>` finds the page's localization runtime.
 * @lit/localize's runtime is page-global and may belong to the host app, so the
 * element never configures it: {@link useLocalization} (or the bundle's entry,
 * through `configureCityLoginLocalization()`) hands it over.
 */
import { SUPPORTED_LOCALES, type SupportedLocale } from './login.types.js';

/** The parts a language loads in: the element's, the sign-in form's, the reset link's step's. */
export type StringGroup = 'bar' | 'form' | 'set-password' | 'passkeys' | 'session-warning';

export interface LocalizationRuntime {
  getLocale(): string;
  setLocale(locale: string): Promise<void>;
  /**
   * @internal Loads a part's strings into every language asked for so far (and into later ones),
   * before the part's code renders. Absent for an app's own runtime, whose templates have them all.
   */
  loadStrings?(group: StringGroup): Promise<void>;
}

let runtime: LocalizationRuntime | null = null;
const listeners = new Set<() => void>();

/**
 * Tells `<city-login>` how to read and switch the page's @lit/localize locale
 * (the functions `configureLocalization()` returned). Until this is called the
 * element shows Finnish and no language switch.
 */
export function useLocalization(value: LocalizationRuntime): void {
  runtime = value;
  for (const listener of listeners) listener();
}

/** Calls `listener` when a runtime is handed over; returns the unsubscribe function. */
export function onLocalizationChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function localizationRuntime(): LocalizationRuntime | null {
  return runtime;
}

/** A locale we have, from a `lang` value such as `sv-FI` or `EN`; `null` otherwise. */
export function toSupportedLocale(lang: string | null | undefined): SupportedLocale | null {
  const code = (lang ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (SUPPORTED_LOCALES as readonly string[]).includes(code) ? (code as SupportedLocale) : null;
}

/** The locale the page shows now (`fi` without a runtime). */
export function currentLocale(): SupportedLocale {
  return toSupportedLocale(runtime?.getLocale()) ?? 'fi';
}
