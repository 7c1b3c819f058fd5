import { bucketRangeLabel, type BucketScheme } from '../../predictor/buckets.ts';
import { useT } from '../../i18n/useT.ts';

interface ProbabilityBarsProps {
  readonly probabilities: readonly number[];
  readonly predicted: number;
  readonly scheme: BucketScheme;
}

/** Draws one thin bar per bucket, its height proportional to the probability, with the predicted bucket highlighted. */
export function ProbabilityBars({ probabilities, predicted, scheme }: ProbabilityBarsProps) {
  const { t, pct } = useT();
  const top = probabilities[predicted] ?? 0;
  return (
    <span
      className="prob-bars"
      role="img"
      aria-label={t('predict.probLabel', { range: bucketRangeLabel(scheme, predicted), share: pct(top) })}
    >
      {probabilities.map((probability, bucket) => (
        <span
          key={bucket}
          className={bucket === predicted ? 'prob-bar predicted' : 'prob-bar'}
          style={{ height: `${Math.max(1, probability * 100)}%` }}
          title={`${bucketRangeLabel(scheme, bucket)}: ${pct(probability)}`}
        />
      ))}
    </span>
  );
}
