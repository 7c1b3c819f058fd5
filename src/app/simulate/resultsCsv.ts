/** CSV of the comparison table: one row per policy with every metric the table shows, in base units. */
import type { PolicyName, SimResult } from '../../sim/index.ts';
import { toCsv } from '../common/csv.ts';

export function comparisonCsv(results: Readonly<Record<PolicyName, SimResult>>, policies: readonly PolicyName[]): string {
  return toCsv(
    [
      'policy',
      'requests',
      'throughput_sequences_per_s',
      'throughput_output_tokens_per_s',
      'makespan_s',
      'mean_latency_s',
      'preemptions',
      'recomputed_tokens',
      'mean_batch_size',
      'peak_batch_size',
      'mean_unused_reserved_share',
      'kv_capacity_tokens',
    ],
    policies.map((policy) => {
      const result = results[policy];
      return [
        policy,
        result.requests,
        result.throughputSequencesPerS,
        result.throughputOutputTokensPerS,
        result.makespanS,
        result.meanLatencyS,
        result.preemptions,
        result.recomputedTokens,
        result.meanBatchSize,
        result.peakBatchSize,
        result.meanUnusedReservedShare,
        result.kvCapacityTokens,
      ];
    }),
  );
}
