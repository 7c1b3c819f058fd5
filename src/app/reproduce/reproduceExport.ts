/** CSV and JSON exports of the Reproduce view, with language-neutral ids and units in the column names. */
import type { BucketScheme } from '../../predictor/buckets.ts';
import { gpuPreset, modelPreset } from '../../sim/presets.ts';
import { assumptionValueText, type S3Reproduction } from '../../sim/reproduction.ts';
import {
  VLLM_SYSTEM_POLICY,
  VLLM_SYSTEMS,
  vllmOrder,
  type VllmComparison,
  type VllmWorkloadResult,
} from '../../sim/vllmComparison.ts';
import type { PredictedBucketsFile } from '../../traces/predictedBuckets.ts';
import { toCsv, type CsvCell } from '../common/csv.ts';

const S3_TABLE_HEADER = [
  'model_id',
  'model',
  'gpu',
  'tensor_parallel',
  'kv_capacity_tokens',
  'requests',
  'max_length_seq_per_s',
  's3_seq_per_s',
  'oracle_seq_per_s',
  's3_over_max_length',
  'oracle_over_max_length',
  'max_length_mean_batch',
  's3_mean_batch',
  'oracle_mean_batch',
  's3_preemptions',
  's3_recomputed_tokens',
  'highest_ratio',
];

/** Formats the throughput table, one row per model. A model that fits no tensor-parallel size gets empty cells. */
export function s3TableCsv(reproduction: S3Reproduction): string {
  const rows = reproduction.rows.map((row): CsvCell[] => {
    const comparison = row.comparison;
    const model = modelPreset(row.modelId).label;
    if (comparison === null) return [row.modelId, model, reproduction.gpuId, ...new Array<CsvCell>(S3_TABLE_HEADER.length - 3).fill(null)];
    return [
      row.modelId,
      model,
      comparison.setup.gpuId,
      comparison.setup.tensorParallel,
      comparison.maxLength.kvCapacityTokens,
      comparison.maxLength.requests,
      comparison.maxLength.throughputSequencesPerS,
      comparison.s3.throughputSequencesPerS,
      comparison.oracle.throughputSequencesPerS,
      comparison.s3Ratio,
      comparison.oracleRatio,
      comparison.maxLength.meanBatchSize,
      comparison.s3.meanBatchSize,
      comparison.oracle.meanBatchSize,
      comparison.s3.preemptions,
      comparison.s3.recomputedTokens,
      row.modelId === reproduction.maxModelId,
    ];
  });
  return toCsv(S3_TABLE_HEADER, rows);
}

const SENSITIVITY_HEADER = [
  'model_id',
  'change_id',
  'assumption',
  'baseline_value',
  'changed_value',
  'baseline_s3_over_max_length',
  'changed_s3_over_max_length',
  'direction',
  'changed_max_length_seq_per_s',
  'changed_s3_seq_per_s',
  'changed_oracle_over_max_length',
  'changed_s3_preemptions',
];

/** Formats the assumption rows, one per model and change. A change the model does not fit gets empty result cells. */
export function sensitivityCsv(reproduction: S3Reproduction, cardScheme: BucketScheme): string {
  const rows = reproduction.sensitivity.map((row): CsvCell[] => {
    const { assumption } = row.change;
    const changed = row.changed;
    return [
      row.modelId,
      row.change.id,
      assumption,
      assumptionValueText(assumption, row.baseline.setup, cardScheme),
      changed === null ? null : assumptionValueText(assumption, changed.setup, cardScheme),
      row.baseline.s3Ratio,
      changed?.s3Ratio,
      row.direction,
      changed?.maxLength.throughputSequencesPerS,
      changed?.s3.throughputSequencesPerS,
      changed?.oracleRatio,
      changed?.s3.preemptions,
    ];
  });
  return toCsv(SENSITIVITY_HEADER, rows);
}

/** Formats every point of the rate sweeps of one workload. */
export function vllmSweepCsv(workload: VllmWorkloadResult): string {
  const header = [
    'workload',
    'system',
    'policy',
    'rate_per_s',
    'normalized_latency_s_per_token',
    'throughput_seq_per_s',
    'mean_batch',
    'preemptions',
  ];
  const rows = workload.points.map((point): CsvCell[] => [
    workload.id,
    point.system,
    VLLM_SYSTEM_POLICY[point.system],
    point.ratePerS,
    point.summary.normalizedLatencySPerToken,
    point.summary.throughputSequencesPerS,
    point.summary.meanBatchSize,
    point.summary.preemptions,
  ]);
  return toCsv(header, rows);
}

/** Formats the sustainable rates, order and gaps of every workload at one threshold. */
export function vllmOrderCsv(comparison: VllmComparison, thresholdS: number): string {
  const header = [
    'workload',
    'threshold_s_per_token',
    ...VLLM_SYSTEMS.flatMap((system) => [`${system}_rate_per_s`, `${system}_bound`]),
    'order_holds',
    'vllm_over_oracle',
    'vllm_over_max',
    'oracle_over_max',
  ];
  const rows = comparison.workloads.map((workload): CsvCell[] => {
    const order = vllmOrder(workload, thresholdS);
    return [
      workload.id,
      thresholdS,
      ...VLLM_SYSTEMS.flatMap((system) => [order.rates[system].ratePerS, order.rates[system].bound]),
      order.inExpectedOrder,
      order.vllmOverOracle,
      order.vllmOverMax,
      order.oracleOverMax,
    ];
  });
  return toCsv(header, rows);
}

/** Formats everything the view computed, with its inputs' fingerprints, as one JSON document. */
export function reproductionJson(
  predicted: PredictedBucketsFile,
  s3: S3Reproduction | null,
  vllm: VllmComparison | null,
  thresholdS: number,
): string {
  const document = {
    predictedBuckets: { model: predicted.model, trace: predicted.trace, scheme: predicted.scheme, command: predicted.command },
    s3:
      s3 === null
        ? null
        : {
            ...s3,
            gpu: gpuPreset(s3.gpuId).label,
            modelLabels: Object.fromEntries(s3.rows.map((row) => [row.modelId, modelPreset(row.modelId).label])),
          },
    vllm:
      vllm === null
        ? null
        : {
            ...vllm,
            thresholdSPerToken: thresholdS,
            orders: vllm.workloads.map((workload) => ({ workload: workload.id, ...vllmOrder(workload, thresholdS) })),
          },
  };
  // NaN (a run without output tokens) has no JSON form, so it is written as null.
  return `${JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' && !Number.isFinite(value) ? null : value), 2)}\n`;
}
