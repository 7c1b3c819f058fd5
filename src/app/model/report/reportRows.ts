/**
 * The rows of the evaluation-report table and the CSV of each report view: the
 * model beside the three baselines, for one data source, length metrics first and
 * then each bucket scheme. Pure data, so the Node tests cover it.
 */
import type { PlainMessageKey } from '../../../i18n/translate.ts';
import {
  predictorScores,
  REPORT_PREDICTORS,
  schemeGroups,
  sourceRows,
  type EvaluationReport,
  type ReportPredictor,
  type RowScores,
  type SchemeMetrics,
} from '../../../predictor/report.ts';
import { toCsv, type CsvCell } from '../../common/csv.ts';

/** `share`: a fraction shown as a percentage; `tokens`: a token count; `score`: a unitless number such as F1. */
export type MetricUnit = 'share' | 'tokens' | 'score';

export interface ReportMetricRow {
  /** Stable id for tests and the CSV, for example `length.mae_tokens` or `s3.exact_accuracy`. */
  readonly id: string;
  /** `length`, or the names of the schemes with these edges joined by ` = `. */
  readonly section: string;
  /** Bucket edges of the section's schemes; null for the length metrics. */
  readonly edges: readonly number[] | null;
  readonly metric: string;
  readonly label: PlainMessageKey;
  readonly unit: MetricUnit;
  readonly better: 'higher' | 'lower';
  /** One value per predictor; null where the predictor has none (no probabilities, or a constant prediction). */
  readonly values: Readonly<Record<ReportPredictor, number | null>>;
  /** ε of the cumulative rule, on the rows that read it. */
  readonly epsilon?: number;
}

interface SchemeMetricSpec {
  readonly metric: string;
  readonly label: PlainMessageKey;
  readonly unit: MetricUnit;
  readonly better: 'higher' | 'lower';
  readonly read: (metrics: SchemeMetrics) => number | null;
}

const LENGTH_METRICS: readonly {
  readonly metric: keyof RowScores['length'];
  readonly label: PlainMessageKey;
  readonly unit: MetricUnit;
  readonly better: 'higher' | 'lower';
}[] = [
  { metric: 'mae_tokens', label: 'report.metric.mae', unit: 'tokens', better: 'lower' },
  { metric: 'within_50', label: 'report.metric.within50', unit: 'share', better: 'higher' },
  { metric: 'within_100', label: 'report.metric.within100', unit: 'share', better: 'higher' },
  { metric: 'kendall_tau', label: 'report.metric.kendallTau', unit: 'score', better: 'higher' },
];

const SCHEME_METRICS: readonly SchemeMetricSpec[] = [
  { metric: 'exact_accuracy', label: 'report.metric.exact', unit: 'share', better: 'higher', read: (m) => m.exact_accuracy },
  { metric: 'within_one_accuracy', label: 'report.metric.withinOne', unit: 'share', better: 'higher', read: (m) => m.within_one_accuracy },
  { metric: 'macro_f1', label: 'report.metric.macroF1', unit: 'score', better: 'higher', read: (m) => m.macro_f1 },
  {
    metric: 'most_likely_under_allocation_rate',
    label: 'report.metric.mostLikelyUnder',
    unit: 'share',
    better: 'lower',
    read: (m) => m.allocation['most-likely'].under_allocation_rate,
  },
  {
    metric: 'most_likely_over_reserved_tokens_mean',
    label: 'report.metric.mostLikelyOver',
    unit: 'tokens',
    better: 'lower',
    read: (m) => m.allocation['most-likely'].over_reserved_tokens_mean,
  },
  {
    metric: 'cumulative_under_allocation_rate',
    label: 'report.metric.cumulativeUnder',
    unit: 'share',
    better: 'lower',
    read: (m) => m.allocation.cumulative?.under_allocation_rate ?? null,
  },
  {
    metric: 'cumulative_over_reserved_tokens_mean',
    label: 'report.metric.cumulativeOver',
    unit: 'tokens',
    better: 'lower',
    read: (m) => m.allocation.cumulative?.over_reserved_tokens_mean ?? null,
  },
  {
    metric: 'expected_calibration_error',
    label: 'report.metric.ece',
    unit: 'share',
    better: 'lower',
    read: (m) => m.calibration?.expected_calibration_error ?? null,
  },
];

function valuesFor(report: EvaluationReport, source: string, read: (scores: RowScores) => number | null): Record<ReportPredictor, number | null> {
  const values = {} as Record<ReportPredictor, number | null>;
  for (const predictor of REPORT_PREDICTORS) {
    const scores = predictorScores(report, predictor)[source];
    values[predictor] = scores === undefined ? null : read(scores);
  }
  return values;
}

function cumulativeEpsilon(report: EvaluationReport, source: string, scheme: string): number | undefined {
  for (const predictor of REPORT_PREDICTORS) {
    const epsilon = predictorScores(report, predictor)[source]?.schemes[scheme]?.allocation.cumulative?.epsilon;
    if (epsilon !== undefined) return epsilon;
  }
  return undefined;
}

/** Returns the table rows for one data source (`all` or a source name). */
export function reportMetricRows(report: EvaluationReport, source: string): ReportMetricRow[] {
  const rows: ReportMetricRow[] = LENGTH_METRICS.map((spec) => ({
    id: `length.${spec.metric}`,
    section: 'length',
    edges: null,
    metric: spec.metric,
    label: spec.label,
    unit: spec.unit,
    better: spec.better,
    values: valuesFor(report, source, (scores) => scores.length[spec.metric]),
  }));
  for (const group of schemeGroups(report)) {
    const scheme = group.names[0]!;
    const epsilon = cumulativeEpsilon(report, source, scheme);
    for (const spec of SCHEME_METRICS) {
      rows.push({
        id: `${scheme}.${spec.metric}`,
        section: group.names.join(' = '),
        edges: group.edges,
        metric: spec.metric,
        label: spec.label,
        unit: spec.unit,
        better: spec.better,
        values: valuesFor(report, source, (scores) => {
          const metrics = scores.schemes[scheme];
          return metrics === undefined ? null : spec.read(metrics);
        }),
        ...(spec.metric.startsWith('cumulative') && epsilon !== undefined ? { epsilon } : {}),
      });
    }
  }
  return rows;
}

/** Origin of the numbers, repeated on every CSV row so that a copied row keeps it. */
export interface ReportOrigin {
  readonly file: string;
  readonly split: string;
  readonly rows: number;
}

export function reportOrigin(report: EvaluationReport, file: string, source: string): ReportOrigin {
  return { file, split: report.split, rows: sourceRows(report, source) };
}

export function metricsCsv(rows: readonly ReportMetricRow[], source: string, origin: ReportOrigin): string {
  const header = ['source', 'section', 'metric', 'epsilon', ...REPORT_PREDICTORS, 'better', 'report_file', 'split', 'rows'];
  const cells = rows.map((row): CsvCell[] => [
    source,
    row.section,
    row.metric,
    row.epsilon,
    ...REPORT_PREDICTORS.map((predictor) => row.values[predictor]),
    row.better,
    origin.file,
    origin.split,
    origin.rows,
  ]);
  return toCsv(header, cells);
}

/** Returns round axis ticks from 0 past `largest`: steps of a power of ten, halved when that gives fewer than 4 steps. */
export function lengthTicks(largest: number): number[] {
  let step = 10 ** Math.floor(Math.log10(Math.max(1, largest)));
  if (largest / step < 4) step /= 2;
  const top = Math.ceil(largest / step) * step;
  return Array.from({ length: Math.round(top / step) + 1 }, (_, index) => index * step);
}

export function scatterCsv(report: EvaluationReport, origin: ReportOrigin): string {
  const rows: CsvCell[][] = [];
  for (const predictor of ['model', 'tfidf'] as const) {
    for (const [trueLength, predicted] of report.scatter[predictor]) {
      rows.push([predictor, trueLength, predicted, origin.file, origin.split]);
    }
  }
  return toCsv(['predictor', 'true_tokens', 'predicted_tokens', 'report_file', 'split'], rows);
}

/** Returns the predictors whose calibration the report has for a scheme and source, which are those that output probabilities. */
export function calibratedPredictors(report: EvaluationReport, source: string, scheme: string): ReportPredictor[] {
  return REPORT_PREDICTORS.filter((predictor) => predictorScores(report, predictor)[source]?.schemes[scheme]?.calibration !== undefined);
}

export function calibrationCsv(report: EvaluationReport, source: string, scheme: string, origin: ReportOrigin): string {
  const rows: CsvCell[][] = [];
  for (const predictor of calibratedPredictors(report, source, scheme)) {
    const calibration = predictorScores(report, predictor)[source]!.schemes[scheme]!.calibration!;
    for (const bin of calibration.bins) {
      rows.push([
        predictor,
        source,
        scheme,
        bin.low,
        bin.high,
        bin.rows,
        bin.mean_confidence,
        bin.accuracy,
        calibration.expected_calibration_error,
        origin.file,
        origin.split,
      ]);
    }
  }
  const header = ['predictor', 'source', 'scheme', 'bin_low', 'bin_high', 'rows', 'mean_confidence', 'accuracy', 'ece', 'report_file', 'split'];
  return toCsv(header, rows);
}
