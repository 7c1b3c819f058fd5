/**
 * The Predict view's CSV export: one row per prompt, with the most likely bucket, the
 * median length and quartiles, the allocation under both S³ rules, the most likely
 * bucket of each derived scheme, and the bucket probabilities.
 */
import { allocationOf, bucketRangeLabel, numBuckets } from '../../predictor/buckets.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { toCsv, type CsvCell } from '../common/csv.ts';
import { promptLengthSummary } from './lengthSummary.ts';

function tokens(value: number): number {
  return Number(value.toFixed(1));
}

export function predictionsCsv(
  prompts: readonly string[],
  results: readonly PredictionResult[],
  card: ModelCard,
  epsilon: number,
): string {
  const scheme = card.buckets;
  const buckets = numBuckets(scheme);
  const derivedNames = Object.keys(card.derived_schemes ?? {});
  const probabilityColumns = Array.from({ length: buckets }, (_, bucket) => `p_bucket_${bucket}`);
  const header = [
    'index',
    'prompt',
    'bucket',
    'bucket_tokens',
    's3_allocation_tokens',
    'cumulative_allocation_tokens',
    'cumulative_epsilon',
    'median_tokens',
    'q25_tokens',
    'q75_tokens',
    ...derivedNames.flatMap((name) => [`bucket_${name}`, `bucket_tokens_${name}`]),
    ...probabilityColumns,
    'predictor_input_tokens',
    'elapsed_ms',
    'model_id',
  ];
  const rows = results.map((result): CsvCell[] => {
    const summary = promptLengthSummary(result.probabilities, card, epsilon);
    return [
      result.index,
      prompts[result.index] ?? '',
      result.bucket,
      bucketRangeLabel(scheme, result.bucket),
      allocationOf(scheme, result.bucket),
      summary.cumulativeAllocation,
      epsilon,
      tokens(summary.median),
      tokens(summary.lowerQuartile),
      tokens(summary.upperQuartile),
      ...summary.derived.flatMap((derived) => [derived.bucket, bucketRangeLabel({ name: derived.scheme, edges: derived.edges }, derived.bucket)]),
      ...Array.from({ length: buckets }, (_, bucket) => result.probabilities[bucket]),
      result.inputTokens,
      Number(result.elapsedMs.toFixed(3)),
      card.id,
    ];
  });
  return toCsv(header, rows);
}
