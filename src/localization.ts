/**
 * Localization for `<city-login>` (Finnish built in; Swedish and English load on demand).
 *
 * - Pages with no localization of their own: call {@link configureCityLoginLocalization}
 *   once. The self-contained `dist/city-login.js` does this for you.
 * - Apps that already use @lit/localize: don't call it (the runtime is page-global and
 *   can be configured once). Merge our translations into your `loadLocale`
 *   (`import { templates } from 'city-login/locales/sv.js'`) and hand your
 *   `getLocale`/`setLocale` to the element with {@link useLocalization}.
 */
import { configureLocalization } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';
import { localizationRuntime, useLocalization, type LocalizationRuntime } from './login/locale-hook.js';

export { useLocalization, type LocalizationRuntime } from './login/locale-hook.js';

/**
 * Configures @lit/localize for `<city-login>` and connects the element to it.
 * Calling it again returns the same runtime.
 */
export function configureCityLoginLocalization(): LocalizationRuntime {
  const existing = localizationRuntime();
  if (existing) return existing;
  let runtime: LocalizationRuntime;
  try {
    runtime = configureLocalization({
      sourceLocale,
      targetLocales,
      // One static import per locale, so bundlers emit a chunk for each.
      loadLocale: (locale) => (locale === 'sv' ? import('./generated/locales/sv.js') : import('./generated/locales/en.js')),
    });
  } catch (error) {
    // Configured already: by the host app, or by a second copy of this bundle on the page.
    console.warn(
      '<city-login>: @lit/localize is already configured on this page; hand its runtime to useLocalization() to get the language switch.',
      error,
    );
    return { getLocale: () => sourceLocale, setLocale: async () => undefined };
  }
  useLocalization(runtime);
  return runtime;
}
