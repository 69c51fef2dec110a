/** The UI languages, Finnish first (the source locale). */
export const SUPPORTED_LOCALES = ['fi', 'sv', 'en'] as const;
export type SupportedLocale = (typeof SUPPORTED_LOCALES)[number];
