import { bucketRangeLabel, type BucketScheme } from '../../predictor/buckets.ts';
import { useT } from '../../i18n/useT.ts';
import { rowNormalized, type ConfusionMatrix as Matrix } from '../modelCard/cardStats.ts';

interface ConfusionMatrixProps {
  readonly matrix: Matrix;
  readonly scheme: BucketScheme;
  readonly testId?: string;
}

/**
 * Counts of test prompts by true bucket (rows) and predicted bucket (columns). The
 * shade is the row share, so rare buckets stay readable next to the dominant one.
 */
export function ConfusionMatrix({ matrix, scheme, testId = 'model.confusion' }: ConfusionMatrixProps) {
  const { t, num, pct } = useT();
  const shares = rowNormalized(matrix);
  return (
    <div className="table-scroll">
      <table className="confusion" data-testid={testId}>
        <caption className="hint">{t('model.confusionCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('model.trueVsPredicted')}</th>
            {matrix.map((_, column) => (
              <th scope="col" key={column}>
                {bucketRangeLabel(scheme, column)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, rowIndex) => (
            <tr key={rowIndex}>
              <th scope="row">{bucketRangeLabel(scheme, rowIndex)}</th>
              {row.map((count, column) => {
                const share = shares[rowIndex]?.[column] ?? 0;
                // A square root spreads small shares apart, and the 0.85 cap keeps the darkest cell's text readable.
                const alpha = count === 0 ? 0 : 0.08 + 0.85 * Math.sqrt(share);
                return (
                  <td
                    key={column}
                    className={`${rowIndex === column ? 'diagonal' : ''}${alpha > 0.55 ? ' dark' : ''}`}
                    style={{ backgroundColor: `rgba(37, 99, 235, ${alpha.toFixed(3)})` }}
                    title={t('model.cellTitle', {
                      count: num(count, 0),
                      share: pct(share),
                      true: bucketRangeLabel(scheme, rowIndex),
                      predicted: bucketRangeLabel(scheme, column),
                    })}
                  >
                    {num(count, 0)}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
