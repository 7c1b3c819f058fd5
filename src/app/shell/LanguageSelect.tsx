import { useLocaleStore } from '../../i18n/localeStore.ts';
import { isLocale, LOCALE_IDS, LOCALES } from '../../i18n/locales.ts';
import { useT } from '../../i18n/useT.ts';

export function LanguageSelect() {
  const { t, locale } = useT();
  const setLocale = useLocaleStore((state) => state.setLocale);
  return (
    <label className="language">
      <span>{t('header.language')}</span>
      <select
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) setLocale(event.target.value);
        }}
        data-testid="lang.select"
      >
        {LOCALE_IDS.map((id) => (
          <option key={id} value={id} lang={LOCALES[id].htmlLang}>
            {LOCALES[id].label}
          </option>
        ))}
      </select>
    </label>
  );
}
