/** The UI languages, Finnish first (the source locale). */
export const SUPPORTED_LOCALES = ['fi', 'sv', 'en'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];

/** What the language switch shows for each language, as in the seed ("FIN ▼"). */
export const LANGUAGE_CODES: Readonly<Record<SupportedLocale, string>> = { fi: 'FIN', sv: 'SWE', en: 'ENG' };

/** Each language named in itself (never translated). */
export const LANGUAGE_NAMES: Readonly<Record<SupportedLocale, string>> = { fi: 'Suomi', sv: 'Svenska', en: 'English' };
