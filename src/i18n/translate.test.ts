import { describe, expect, it } from 'vitest';
import { en, type MessageKey } from './en.ts';
import { initialLocale, LOCALE_STORAGE_KEY } from './localeStore.ts';
import { LOCALE_IDS } from './locales.ts';
import { dictionaryOf, placeholdersOf, translate } from './translate.ts';

const KEYS = Object.keys(en) as MessageKey[];

describe('dictionaries', () => {
  it.each(LOCALE_IDS)('%s has a non-empty text for every key', (locale) => {
    const dictionary = dictionaryOf(locale);
    for (const key of KEYS) {
      expect(dictionary[key].trim(), key).not.toBe('');
    }
  });

  it.each(LOCALE_IDS)('%s uses the English placeholders', (locale) => {
    const dictionary = dictionaryOf(locale);
    for (const key of KEYS) {
      expect(new Set(placeholdersOf(dictionary[key])), key).toEqual(new Set(placeholdersOf(en[key])));
    }
  });

  it('has no key outside the English dictionary', () => {
    for (const locale of LOCALE_IDS) {
      expect(Object.keys(dictionaryOf(locale)).sort()).toEqual([...KEYS].sort());
    }
  });
});

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'file.errorLine', { line: 3 })).toBe('Line 3.');
  });

  it('formats numbers with the locale grouping', () => {
    expect(translate('en', 'predict.run', { count: 12345 })).toBe('Predict (12,345)');
  });

  it('returns Chinese text for zh-CN', () => {
    expect(translate('zh-CN', 'tab.simulate')).toBe('模拟');
  });

  it('keeps a placeholder whose value is missing', () => {
    const params = {} as { line: number };
    expect(translate('en', 'file.errorLine', params)).toBe('Line {line}.');
  });
});

describe('initialLocale', () => {
  const storage = (value: string | null) => ({ getItem: () => value, setItem: () => {} });

  it('prefers the stored choice', () => {
    expect(initialLocale(storage('zh-CN'), 'en-US')).toBe('zh-CN');
  });

  it('ignores an unknown stored value', () => {
    expect(initialLocale(storage('fr'), 'en-GB')).toBe('en');
  });

  it('follows a Chinese browser language', () => {
    expect(initialLocale(storage(null), 'zh-TW')).toBe('zh-CN');
  });

  it('defaults to English without storage', () => {
    expect(initialLocale(undefined, undefined)).toBe('en');
  });

  it('uses a namespaced storage key', () => {
    expect(LOCALE_STORAGE_KEY).toMatch(/^s3-length-lab\./);
  });
});
