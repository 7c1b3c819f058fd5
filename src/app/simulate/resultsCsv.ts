/** CSV of the comparison table: one row per policy with every metric the table shows, in base units. */
import type { SimResult } from '../../sim/index.ts';
import { toCsv } from '../common/csv.ts';

const PERCENTILES = ['p50', 'p90', 'p99'] as const;

export function comparisonCsv(results: readonly SimResult[]): string {
  return toCsv(
    [
      'policy',
      'requests',
      'throughput_sequences_per_s',
      'throughput_output_tokens_per_s',
      'makespan_s',
      'mean_latency_s',
      ...PERCENTILES.map((name) => `ttft_${name}_s`),
      ...PERCENTILES.map((name) => `tpot_${name}_s`),
      ...PERCENTILES.map((name) => `e2e_${name}_s`),
      'slo_attainment',
      'preemptions',
      'in_place_extensions',
      'recomputed_tokens',
      'allocation_fallbacks',
      'mean_batch_size',
      'peak_batch_size',
      'mean_unused_reserved_share',
      'kv_capacity_tokens',
      'admission',
      'ordering',
      'block_size_tokens',
    ],
    results.map((result) => [
      result.policy,
      result.requests,
      result.throughputSequencesPerS,
      result.throughputOutputTokensPerS,
      result.makespanS,
      result.meanLatencyS,
      ...PERCENTILES.map((name) => result.latency.ttftS[name]),
      ...PERCENTILES.map((name) => result.latency.tpotS[name]),
      ...PERCENTILES.map((name) => result.latency.e2eS[name]),
      result.sloAttainment,
      result.preemptions,
      result.inPlaceExtensions,
      result.recomputedTokens,
      result.allocationFallbacks,
      result.meanBatchSize,
      result.peakBatchSize,
      result.meanUnusedReservedShare,
      result.kvCapacityTokens,
      result.admission,
      result.ordering,
      result.blockSizeTokens,
    ]),
  );
}
