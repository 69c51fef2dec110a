/**
 * Localization for `<city-login>` (Finnish built in; Swedish and English load on demand).
 *
 * - Pages with no localization of their own: call {@link configureCityLoginLocalization}
 *   once. The self-contained `dist/city-login.js` does this for you. A language then loads in
 *   parts, with what the page shows: the header bar's strings when the language is chosen,
 *   the sign-in form's with the form, the reset link's step's with that step.
 * - Apps that already use @lit/localize: don't call it (the runtime is page-global and
 *   can be configured once). Merge our translations into your `loadLocale`
 *   (`import { templates } from 'city-login/locales/sv.js'`: all of them) and hand your
 *   `getLocale`/`setLocale` to the element with {@link useLocalization}.
 */
import { configureLocalization, type LocaleModule } from '@lit/localize';
import { sourceLocale, targetLocales } from './generated/locale-codes.js';
import { localizationRuntime, useLocalization, type LocalizationRuntime, type StringGroup } from './login/locale-hook.js';

export { useLocalization, type LocalizationRuntime } from './login/locale-hook.js';

type TargetLocale = (typeof targetLocales)[number];
type Templates = Record<string, unknown>;

/** Each language's parts. One static import each, so bundlers emit a chunk for each (named `sv-bar-…`). */
const PARTS: Record<TargetLocale, Record<StringGroup, () => Promise<{ templates: Templates }>>> = {
  sv: {
    bar: () => import('./generated/locales/sv-bar.js'),
    form: () => import('./generated/locales/sv-form.js'),
    'set-password': () => import('./generated/locales/sv-set-password.js'),
    passkeys: () => import('./generated/locales/sv-passkeys.js'),
    'session-warning': () => import('./generated/locales/sv-session-warning.js'),
  },
  en: {
    bar: () => import('./generated/locales/en-bar.js'),
    form: () => import('./generated/locales/en-form.js'),
    'set-password': () => import('./generated/locales/en-set-password.js'),
    passkeys: () => import('./generated/locales/en-passkeys.js'),
    'session-warning': () => import('./generated/locales/en-session-warning.js'),
  },
};

/**
 * Configures @lit/localize for `<city-login>` and connects the element to it.
 * Calling it again returns the same runtime.
 */
export function configureCityLoginLocalization(): LocalizationRuntime {
  const existing = localizationRuntime();
  if (existing) return existing;
  /** The parts the page has needed so far (the bar's always): a language loads each of them. */
  const needed: StringGroup[] = ['bar'];
  /** Each language asked for (shown or loading): its table, which the runtime reads by reference, so parts added later show. */
  const tables: Partial<Record<TargetLocale, Templates>> = {};
  /** The parts loaded or loading, by locale and group; a part that failed (offline) is asked for again next time. */
  const parts = new Map<string, Promise<void>>();
  const fill = (locale: TargetLocale, group: StringGroup): Promise<void> => {
    const key = `${locale} ${group}`;
    let part = parts.get(key);
    if (!part) {
      part = PARTS[locale][group]().then(
        ({ templates }) => void Object.assign(tables[locale]!, templates),
        (error: unknown) => {
          parts.delete(key);
          throw error;
        },
      );
      parts.set(key, part);
    }
    return part;
  };
  let runtime: ReturnType<typeof configureLocalization>;
  try {
    runtime = configureLocalization({
      sourceLocale,
      targetLocales,
      loadLocale: async (locale) => {
        const target = locale as TargetLocale;
        tables[target] ??= {};
        // A part needed while this language loaded (the form arrived meanwhile) is loaded too.
        for (let count = 0; count !== needed.length;) {
          count = needed.length;
          await Promise.all(needed.map((group) => fill(target, group)));
        }
        return { templates: tables[target] as LocaleModule['templates'] };
      },
    });
  } catch (error) {
    // Configured already: by the host app, or by a second copy of this bundle on the page.
    console.warn(
      '<city-login>: @lit/localize is already configured on this page; hand its runtime to useLocalization() to get the language switch.',
      error,
    );
    return { getLocale: () => sourceLocale, setLocale: async () => undefined };
  }
  const ours: LocalizationRuntime = {
    ...runtime,
    // Every language asked for so far (shown or loading) gets the part, before the part's code renders.
    loadStrings: async (group) => {
      if (!needed.includes(group)) needed.push(group);
      await Promise.all(Object.keys(tables).map((locale) => fill(locale as TargetLocale, group)));
    },
  };
  useLocalization(ours);
  return ours;
}
