/** The chosen UI language, kept in localStorage so a reload keeps it. */
import { create } from 'zustand';
import { isLocale, localeForLanguageTag, type Locale } from './locales.ts';

export const LOCALE_STORAGE_KEY = 's3-length-lab.locale';

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>;

function browserStorage(): StorageLike | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Reading localStorage throws a SecurityError when the browser blocks storage.
    return undefined;
  }
}

/** Returns the stored language, else the one matching the browser's language, else English. */
export function initialLocale(storage: StorageLike | undefined, languageTag: string | undefined): Locale {
  const stored = storage?.getItem(LOCALE_STORAGE_KEY);
  if (isLocale(stored)) return stored;
  return localeForLanguageTag(languageTag);
}

interface LocaleState {
  readonly locale: Locale;
  readonly setLocale: (locale: Locale) => void;
}

export const useLocaleStore = create<LocaleState>()((set) => ({
  locale: initialLocale(browserStorage(), globalThis.navigator?.language),
  setLocale: (locale) => {
    try {
      browserStorage()?.setItem(LOCALE_STORAGE_KEY, locale);
    } catch {
      // A full or blocked storage only costs the choice on the next visit.
    }
    set({ locale });
  },
}));
