/** The Predict view's CSV export: one row per prompt, with the bucket, allocation and probabilities. */
import { allocationOf, bucketRangeLabel, numBuckets, type BucketScheme } from '../../predictor/buckets.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { toCsv, type CsvCell } from '../common/csv.ts';

export function predictionsCsv(prompts: readonly string[], results: readonly PredictionResult[], scheme: BucketScheme): string {
  const buckets = numBuckets(scheme);
  const probabilityColumns = Array.from({ length: buckets }, (_, bucket) => `p_bucket_${bucket}`);
  const header = [
    'index',
    'prompt',
    'bucket',
    'bucket_tokens',
    's3_allocation_tokens',
    ...probabilityColumns,
    'predictor_input_tokens',
    'elapsed_ms',
  ];
  const rows = results.map((result): CsvCell[] => [
    result.index,
    prompts[result.index] ?? '',
    result.bucket,
    bucketRangeLabel(scheme, result.bucket),
    allocationOf(scheme, result.bucket),
    ...Array.from({ length: buckets }, (_, bucket) => result.probabilities[bucket]),
    result.inputTokens,
    Number(result.elapsedMs.toFixed(3)),
  ]);
  return toCsv(header, rows);
}
