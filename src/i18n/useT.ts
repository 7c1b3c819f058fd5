import { useMemo } from 'react';
import type { MessageKey } from './en.ts';
import { useLocaleStore } from './localeStore.ts';
import type { Locale } from './locales.ts';
import { translate, type TranslateArgs } from './translate.ts';

export interface Translator {
  readonly locale: Locale;
  readonly t: <K extends MessageKey>(key: K, ...args: TranslateArgs<K>) => string;
  /** Formats a number with at most `maxDigits` fraction digits (default 2). */
  readonly num: (value: number, maxDigits?: number) => string;
  /** Formats a number with exactly `digits` fraction digits. */
  readonly fixed: (value: number, digits: number) => string;
  /** Formats a share in [0, 1] as a percentage with `digits` fraction digits (default 1). */
  readonly pct: (share: number, digits?: number) => string;
}

export function makeTranslator(locale: Locale): Translator {
  return {
    locale,
    t: (key, ...args) => translate(locale, key, ...args),
    num: (value, maxDigits = 2) =>
      Number.isFinite(value) ? value.toLocaleString(locale, { maximumFractionDigits: maxDigits }) : '–',
    fixed: (value, digits) =>
      Number.isFinite(value)
        ? value.toLocaleString(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })
        : '–',
    pct: (share, digits = 1) =>
      Number.isFinite(share)
        ? share.toLocaleString(locale, { style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits })
        : '–',
  };
}

/** Returns the translator of the current UI language, so components re-render when it changes. */
export function useT(): Translator {
  const locale = useLocaleStore((state) => state.locale);
  return useMemo(() => makeTranslator(locale), [locale]);
}
