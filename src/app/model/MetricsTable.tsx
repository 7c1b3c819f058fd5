import { modelOutput, type ModelCard } from '../../predictor/modelCard.ts';
import { useT } from '../../i18n/useT.ts';
import { METRIC_ROWS, type MetricRow } from './metricRows.ts';

/** Test metrics of the checkpoint and of every shipped file, with the majority-class baseline beside each. */
export function MetricsTable({ card }: { readonly card: ModelCard }) {
  const { t, num, pct, fixed } = useT();
  const { model, majority_baseline: baseline } = card.test_metrics;
  const format = (value: number, unit: MetricRow['unit']) => {
    switch (unit) {
      case 'share':
        return pct(value);
      case 'score':
        return fixed(value, 3);
      case 'tokens':
        return num(value, 1);
    }
  };
  const output = modelOutput(card);
  const samples = output.kind === 'length-distribution' ? (output.samples_per_prompt ?? 1) : 1;

  return (
    <div className="table-scroll">
      <table className="data-table" data-testid="model.metrics">
        <caption className="hint" data-testid="model.metricsCaption">
          {samples > 1
            ? t('model.metricsCaptionLongest', { count: card.buckets.edges.length - 1, samples })
            : t('model.metricsCaption', { count: card.buckets.edges.length - 1 })}
        </caption>
        <thead>
          <tr>
            <th scope="col">{t('model.metricCol')}</th>
            <th scope="col" className="num">{t('model.checkpointCol')}</th>
            {card.variants.map((variant) => (
              <th scope="col" className="num" key={variant.name}>
                {t('model.variantCol', { name: variant.name })}
              </th>
            ))}
            <th scope="col" className="num baseline">{t('model.baselineCol')}</th>
            <th scope="col">{t('model.betterCol')}</th>
          </tr>
        </thead>
        <tbody>
          {METRIC_ROWS.map((row) => (
            <tr key={row.key}>
              <th scope="row">{t(row.label)}</th>
              <td className="num">{format(model[row.key], row.unit)}</td>
              {card.variants.map((variant) => (
                <td className="num" key={variant.name}>
                  {format(variant.test_metrics[row.key], row.unit)}
                </td>
              ))}
              <td className="num baseline" data-testid={`model.baseline.${row.key}`}>
                {format(baseline[row.key], row.unit)}
              </td>
              <td>{row.better === 'higher' ? t('model.higherBetter') : t('model.lowerBetter')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
