import { useRef, type KeyboardEvent } from 'react';
import type { PlainMessageKey } from '../../i18n/translate.ts';
import { useT } from '../../i18n/useT.ts';
import { TAB_IDS, tabForKey, type TabId } from './tabRoute.ts';

const TAB_LABELS: Readonly<Record<TabId, PlainMessageKey>> = {
  predict: 'tab.predict',
  simulate: 'tab.simulate',
  cost: 'tab.cost',
  model: 'tab.model',
  reproduce: 'tab.reproduce',
  data: 'tab.data',
};

export function tabElementId(tab: TabId): string {
  return `tab-${tab}`;
}

export function panelElementId(tab: TabId): string {
  return `panel-${tab}`;
}

interface TabsProps {
  readonly active: TabId;
  readonly onSelect: (tab: TabId) => void;
}

/** WAI-ARIA tab list: one tab in the Tab order, arrow keys, Home and End move and select. */
export function Tabs({ active, onSelect }: TabsProps) {
  const { t } = useT();
  const buttons = useRef(new Map<TabId, HTMLButtonElement>());

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>): void {
    const next = tabForKey(active, event.key);
    if (next === null) return;
    event.preventDefault();
    onSelect(next);
    buttons.current.get(next)?.focus();
  }

  return (
    <div role="tablist" aria-label={t('tab.listLabel')} className="tabs" onKeyDown={onKeyDown}>
      {TAB_IDS.map((tab) => (
        <button
          key={tab}
          ref={(element) => {
            if (element === null) buttons.current.delete(tab);
            else buttons.current.set(tab, element);
          }}
          type="button"
          role="tab"
          id={tabElementId(tab)}
          aria-selected={tab === active}
          aria-controls={panelElementId(tab)}
          tabIndex={tab === active ? 0 : -1}
          onClick={() => onSelect(tab)}
          data-testid={`tab.${tab}`}
        >
          {t(TAB_LABELS[tab])}
        </button>
      ))}
    </div>
  );
}
