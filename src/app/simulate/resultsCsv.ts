/**
 * CSV of the comparison tables: one row per policy with every metric the tables show, in
 * base units, and the run's setup (model, hardware, cost model, arrivals and per-step
 * limits) repeated on every row, so that each row is self-contained.
 */
import type { SimResult } from '../../sim/index.ts';
import { toCsv } from '../common/csv.ts';
import type { Comparison } from './simStore.ts';

const PERCENTILES = ['p50', 'p90', 'p99'] as const;

/** Rate and coefficient of variation of generated arrivals, empty for trace and offline arrivals. */
function arrivalCells(comparison: Comparison): [number | null, number | null, number | null] {
  const process = comparison.arrivalProcess;
  switch (process.kind) {
    case 'trace':
    case 'offline':
      return [null, null, null];
    case 'poisson':
      return [process.ratePerS, null, comparison.arrivalSeed];
    case 'gamma':
      return [process.ratePerS, process.cv, comparison.arrivalSeed];
  }
}

export function comparisonCsv(comparison: Comparison): string {
  const overflow = comparison.contextOverflow;
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
      'mean_unused_reserved_bytes',
      'kv_capacity_tokens',
      'admission',
      'ordering',
      'block_size_tokens',
      'max_num_seqs',
      'max_batched_tokens',
      'kv_watermark',
      'steps_limited_by_sequences',
      'steps_limited_by_tokens',
      'steps_limited_by_watermark',
      'model',
      'gpu',
      'dtype',
      'tensor_parallel',
      'mixed_iterations',
      'latency_table',
      'arrivals',
      'arrival_rate_per_s',
      'arrival_cv',
      'arrival_seed',
      'requests_over_context',
      'prompts_over_context',
      'max_sequence_tokens',
    ],
    comparison.results.map((result: SimResult) => [
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
      result.meanUnusedReservedTokens * result.kvBytesPerToken,
      result.kvCapacityTokens,
      result.admission,
      result.ordering,
      result.blockSizeTokens,
      result.batchLimits.maxNumSeqs,
      result.batchLimits.maxBatchedTokens,
      result.batchLimits.kvWatermark,
      result.stepsLimitedBy.sequences,
      result.stepsLimitedBy.tokens,
      result.stepsLimitedBy.watermark,
      result.modelId,
      result.gpuId,
      result.dtype,
      result.tensorParallel,
      result.mixedIterations,
      result.latencyTableFile,
      comparison.arrivalProcess.kind,
      ...arrivalCells(comparison),
      overflow.overLimit,
      overflow.promptsOverLimit,
      overflow.maxSequenceTokens,
    ]),
  );
}
