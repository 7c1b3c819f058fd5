import { useT } from '../../i18n/useT.ts';
import { BackendBadge } from './BackendBadge.tsx';
import { LanguageSelect } from './LanguageSelect.tsx';
import { ModelAlert, ModelPicker } from './ModelPicker.tsx';

export function Header() {
  const { t } = useT();
  return (
    <header className="app-header">
      <div className="brand">
        <h1>{t('app.name')}</h1>
        <p className="tagline">{t('app.tagline')}</p>
      </div>
      <div className="header-tools">
        <ModelPicker />
        <BackendBadge />
        <LanguageSelect />
      </div>
      <ModelAlert />
    </header>
  );
}
