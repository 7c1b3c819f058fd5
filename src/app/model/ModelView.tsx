import { bucketRangeLabel } from '../../predictor/buckets.ts';
import { useT } from '../../i18n/useT.ts';
import { dominantTrueBucket, matrixTotal } from '../modelCard/cardStats.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { ConfusionMatrix } from './ConfusionMatrix.tsx';
import { MetricsTable } from './MetricsTable.tsx';
import { ParityCheck } from './ParityCheck.tsx';
import { ReportSection } from './report/ReportSection.tsx';
import { BucketsTable, DataSection, PredictsSection, RebuildSection, VariantsTable } from './ModelSections.tsx';

export function ModelView() {
  const { t, num, pct } = useT();
  const state = useModelCardStore((store) => store.card);

  if (state.status === 'loading') return <p aria-live="polite">{t('model.loading')}</p>;
  if (state.status === 'failed') {
    return (
      <div role="alert" className="alert error" data-testid="model.error">
        <p className="alert-title">{t('model.failed')}</p>
        <p>{state.message}</p>
      </div>
    );
  }

  const { card } = state;
  const matrix = card.test_metrics.confusion_matrix;
  const dominant = dominantTrueBucket(matrix);
  const baseline = card.test_metrics.majority_baseline;

  return (
    <div className="view" data-testid="model.view">
      <div>
        <h2>{card.title}</h2>
        <code className="hint">{card.id}</code>
      </div>

      <section className="card">
        <h3>{t('model.predictsTitle')}</h3>
        <PredictsSection card={card} />
      </section>

      <section className="card">
        <h3>{t('model.bucketsTitle')}</h3>
        <BucketsTable card={card} />
      </section>

      <section className="card">
        <h3>{t('model.dataTitle')}</h3>
        <DataSection card={card} />
      </section>

      <section className="card">
        <h3>{t('model.metricsTitle', { rows: num(card.test_metrics.rows, 0) })}</h3>
        <p data-testid="model.baselineNote">
          {t('model.baselineNote', {
            share: pct(dominant.share),
            range: bucketRangeLabel(card.buckets, dominant.bucket),
            total: num(matrixTotal(matrix), 0),
            baselineRange: bucketRangeLabel(card.buckets, baseline.bucket),
            baselineAccuracy: pct(baseline.exact_accuracy),
          })}
        </p>
        <MetricsTable card={card} />
      </section>

      <section className="card">
        <h3>{t('model.confusionTitle')}</h3>
        <ConfusionMatrix matrix={matrix} scheme={card.buckets} />
      </section>

      <section className="card" data-testid="model.report">
        <h3>{t('report.title')}</h3>
        <ReportSection card={card} />
      </section>

      <section className="card">
        <h3>{t('model.variantsTitle')}</h3>
        <VariantsTable card={card} />
      </section>

      <section className="card">
        <h3>{t('parity.title')}</h3>
        <ParityCheck key={card.id} modelId={card.id} />
      </section>

      <section className="card">
        <h3>{t('model.rebuildTitle')}</h3>
        <RebuildSection card={card} />
      </section>
    </div>
  );
}
