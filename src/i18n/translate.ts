/**
 * Typed message lookup. English (`en.ts`) is the reference dictionary: every other
 * language is typed `Messages`, so a missing or misspelled key is a compile error,
 * and the `{name}` placeholders of the English text fix the parameters `translate`
 * accepts.
 */
import { en, type MessageKey } from './en.ts';
import { zh } from './zh.ts';
import type { Locale } from './locales.ts';
import type { Messages } from './en.ts';

const DICTIONARIES: Readonly<Record<Locale, Messages>> = { en, 'zh-CN': zh };

/** Names of the `{name}` placeholders in a message text. */
type PlaceholderNames<Text extends string> = Text extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholderNames<Rest>
  : never;

export type MessageParams<K extends MessageKey> = PlaceholderNames<(typeof en)[K]>;

/** Keys whose text has no placeholder, so a table of such keys can be passed to `translate` without parameters. */
export type PlainMessageKey = { [K in MessageKey]: [MessageParams<K>] extends [never] ? K : never }[MessageKey];

/** No extra argument for a message without placeholders, else one value per placeholder. */
export type TranslateArgs<K extends MessageKey> = [MessageParams<K>] extends [never]
  ? []
  : [params: Readonly<Record<MessageParams<K>, string | number>>];

const PLACEHOLDER = /\{(\w+)\}/g;

/** Returns the placeholder names of a message text, in order of appearance. */
export function placeholdersOf(text: string): string[] {
  return Array.from(text.matchAll(PLACEHOLDER), (match) => match[1]!);
}

/**
 * Looks up `key` in the dictionary of `locale` and fills its placeholders. Numbers
 * are formatted with the locale's grouping. Pass a string to control the digits.
 */
export function translate<K extends MessageKey>(locale: Locale, key: K, ...args: TranslateArgs<K>): string {
  const text = DICTIONARIES[locale][key];
  const params = args[0] as Readonly<Record<string, string | number>> | undefined;
  if (params === undefined) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(locale) : value;
  });
}

export function dictionaryOf(locale: Locale): Messages {
  return DICTIONARIES[locale];
}
