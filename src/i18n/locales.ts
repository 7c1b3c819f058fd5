/** Languages the UI ships, with the name each one shows in the language switch. */
export const LOCALES = Object.freeze({
  en: { label: 'English', htmlLang: 'en' },
  'zh-CN': { label: '简体中文', htmlLang: 'zh-CN' },
});

export type Locale = keyof typeof LOCALES;

export const LOCALE_IDS = Object.keys(LOCALES) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(LOCALES, value);
}

/** Picks the UI language for a browser language tag: Chinese for any `zh` tag, English otherwise. */
export function localeForLanguageTag(tag: string | undefined): Locale {
  return tag !== undefined && tag.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}
