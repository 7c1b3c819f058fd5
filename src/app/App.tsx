import { useEffect, useState } from 'react';
import { LOCALES } from '../i18n/locales.ts';
import { useT } from '../i18n/useT.ts';
import { CostModelView } from './costModel/CostModelView.tsx';
import { DataView } from './data/DataView.tsx';
import { ModelView } from './model/ModelView.tsx';
import { PredictView } from './predict/PredictView.tsx';
import { ReproduceView } from './reproduce/ReproduceView.tsx';
import { Header } from './shell/Header.tsx';
import { panelElementId, tabElementId, Tabs } from './shell/Tabs.tsx';
import { tabFromHash, type TabId } from './shell/tabRoute.ts';
import { SimulateView } from './simulate/SimulateView.tsx';

const VIEWS: Readonly<Record<TabId, () => React.JSX.Element>> = {
  predict: PredictView,
  simulate: SimulateView,
  cost: CostModelView,
  model: ModelView,
  reproduce: ReproduceView,
  data: DataView,
};

function useHashTab(): [TabId, (tab: TabId) => void] {
  const [tab, setTab] = useState<TabId>(() => tabFromHash(globalThis.location.hash));
  useEffect(() => {
    const onHashChange = () => setTab(tabFromHash(globalThis.location.hash));
    globalThis.addEventListener('hashchange', onHashChange);
    return () => globalThis.removeEventListener('hashchange', onHashChange);
  }, []);
  const select = (next: TabId) => {
    // replaceState keeps the query string (?backend=) and adds no history entry per tab click.
    globalThis.history.replaceState(null, '', `#${next}`);
    setTab(next);
  };
  return [tab, select];
}

export function App() {
  const { t, locale } = useT();
  const [tab, selectTab] = useHashTab();
  const View = VIEWS[tab];

  useEffect(() => {
    document.documentElement.lang = LOCALES[locale].htmlLang;
    document.title = t('app.name');
  }, [locale, t]);

  return (
    <div className="app">
      <Header />
      <nav className="tab-bar">
        <Tabs active={tab} onSelect={selectTab} />
      </nav>
      <main>
        <div id={panelElementId(tab)} role="tabpanel" aria-labelledby={tabElementId(tab)} tabIndex={0} className="panel">
          <View />
        </div>
      </main>
      <footer className="app-footer">{t('app.privacy')}</footer>
    </div>
  );
}
