/** The test metrics the Model view lists, how each is formatted, and which direction is better. */
import type { ClassificationMetrics } from '../../predictor/modelCard.ts';
import type { PlainMessageKey } from '../../i18n/translate.ts';

export interface MetricRow {
  readonly key: keyof ClassificationMetrics;
  readonly label: PlainMessageKey;
  /** `share` is a fraction shown as a percentage. `score` is a fraction shown with 3 decimals, as the evaluation report shows F1. */
  readonly unit: 'share' | 'score' | 'tokens';
  readonly better: 'higher' | 'lower';
}

export const METRIC_ROWS: readonly MetricRow[] = Object.freeze([
  { key: 'exact_accuracy', label: 'model.metric.exact', unit: 'share', better: 'higher' },
  { key: 'within_one_accuracy', label: 'model.metric.withinOne', unit: 'share', better: 'higher' },
  { key: 'macro_f1', label: 'model.metric.macroF1', unit: 'score', better: 'higher' },
  { key: 'allocation_mae_tokens', label: 'model.metric.allocationMae', unit: 'tokens', better: 'lower' },
  { key: 'under_allocation_rate', label: 'model.metric.underAllocation', unit: 'share', better: 'lower' },
]);
