import { useEffect } from 'react';
import { useT } from '../../i18n/useT.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { loadSampleCatalog, useSampleCatalogStore } from '../samples/sampleCatalog.ts';
import { SampleSource } from '../samples/SampleSource.tsx';

export function DataView() {
  const { t, locale } = useT();
  const catalog = useSampleCatalogStore((state) => state.catalog);
  const cardState = useModelCardStore((state) => state.card);

  useEffect(() => {
    void loadSampleCatalog();
  }, []);

  return (
    <div className="view" data-testid="data.view">
      <section className="card">
        <h2>{t('data.privacyTitle')}</h2>
        <p data-testid="data.privacy">{t('data.privacy')}</p>
      </section>

      <section className="card">
        <h2>{t('data.modelTitle')}</h2>
        <p data-testid="data.modelLicence">{t('data.modelLicence')}</p>
        {cardState.status === 'ready' && (
          <p className="hint">
            {cardState.card.data.source} — {cardState.card.data.licence}
          </p>
        )}
      </section>

      <section className="card">
        <h2>{t('data.tracesTitle')}</h2>
        {locale !== 'en' && (
          <p className="hint" data-testid="data.asWritten">
            {t('data.asWrittenNote')}
          </p>
        )}
        {catalog.status === 'loading' && <p aria-live="polite">{t('data.catalogLoading')}</p>}
        {catalog.status === 'failed' && (
          <p role="alert" className="alert error">
            {t('data.catalogFailed', { reason: catalog.message })}
          </p>
        )}
        {catalog.status === 'ready' &&
          catalog.traces.map((info) => (
            <article key={info.file} className="sample">
              <h3>
                {info.title} <code className="hint">{info.file}</code>
              </h3>
              <SampleSource info={info} />
            </article>
          ))}
      </section>
    </div>
  );
}
