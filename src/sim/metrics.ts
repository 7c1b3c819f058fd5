/** Results of a simulation run and the recorders that build them. */
import type { CostConstants } from './costModel.ts';
import type { MixedIterationMode } from './iterationCost.ts';
import type { DtypeId, GpuPresetId, ModelPresetId } from './presets.ts';
import type { LatencySummary } from './latencyMetrics.ts';
import type { AdmissionRule, LatencySlo, PolicyName, QueueOrdering, S3AllocationRule, S3OverflowRule } from './types.ts';

/** Upper bound on the points in `SimResult.timeline`. */
export const MAX_TIMELINE_POINTS = 600;

/** State of the batch at the start of an iteration (after admission), or of an idle GPU. */
export interface TimelinePoint {
  readonly timeS: number;
  readonly batchSize: number;
  readonly kvReservedBytes: number;
  /** Bytes of KV cache holding tokens: prompt plus output generated so far, over running requests. */
  readonly kvUsedBytes: number;
}

export interface SimResult {
  readonly policy: PolicyName;
  readonly admission: AdmissionRule;
  readonly ordering: QueueOrdering;
  /** Promotion wait of the `sjf` order in seconds, or null under `fcfs`. */
  readonly sjfAgingS: number | null;
  /** S³ allocation and overflow rules and ε, or null under the other policies. */
  readonly s3: { readonly allocation: S3AllocationRule; readonly epsilon: number; readonly overflow: S3OverflowRule } | null;
  /** Tokens per KV block under `paged`, or null under the reservation policies. */
  readonly blockSizeTokens: number | null;
  /** Per-step limits the run used (see `BatchLimits`), null for no cap. */
  readonly batchLimits: {
    readonly maxNumSeqs: number | null;
    readonly maxBatchedTokens: number | null;
    readonly kvWatermark: number;
  };
  /** Steps in which admission stopped, with requests waiting, because of each per-step limit. */
  readonly stepsLimitedBy: {
    readonly sequences: number;
    readonly tokens: number;
    readonly watermark: number;
  };
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly dtype: DtypeId;
  readonly tensorParallel: number;
  /** Timing of iterations that prefill and decode; unused when `latencyTableFile` is set. */
  readonly mixedIterations: MixedIterationMode;
  /** File name of the measured latency table that replaced the roofline, or null for the roofline. */
  readonly latencyTableFile: string | null;
  readonly schemeName: string;
  readonly requests: number;
  readonly iterations: number;
  /** Time from 0 to the last finish. */
  readonly makespanS: number;
  /** Sum of true output lengths. Recomputed tokens are not counted again. */
  readonly outputTokens: number;
  readonly throughputSequencesPerS: number;
  readonly throughputOutputTokensPerS: number;
  /** Mean of finish time minus arrival time over all requests. */
  readonly meanLatencyS: number;
  /** TTFT, TPOT and end-to-end latency percentiles (see `latencyMetrics.ts`). */
  readonly latency: LatencySummary;
  /** SLO thresholds of the run, or null when none was set. */
  readonly slo: LatencySlo | null;
  /** Share of requests that met every SLO threshold, or null when none was set. */
  readonly sloAttainment: number | null;
  readonly preemptions: number;
  /** Tokens prefilled again after preemptions: prompt plus output generated before each preemption. */
  readonly recomputedTokens: number;
  /** S³ overflows handled by growing the reservation in place instead of preempting. */
  readonly inPlaceExtensions: number;
  /** Requests the S³ `cumulative` rule allocated by the predicted bucket because they had no probabilities. */
  readonly allocationFallbacks: number;
  /** Mean requests per iteration. Idle time between arrivals is not counted. */
  readonly meanBatchSize: number;
  readonly peakBatchSize: number;
  readonly kvCapacityBytes: number;
  readonly kvCapacityTokens: number;
  readonly kvBytesPerToken: number;
  /**
   * Share of reserved KV token-seconds that held no token, weighted by iteration time.
   * Under `paged` it is the unused tail of each request's last block.
   */
  readonly meanUnusedReservedShare: number;
  /** Reserved KV tokens that held no token, averaged over busy time (iteration-time weighted). */
  readonly meanUnusedReservedTokens: number;
  /** At most `MAX_TIMELINE_POINTS` points, evenly spaced in iterations, the last an idle point at the makespan. */
  readonly timeline: readonly TimelinePoint[];
  /** Finish time of each request, in the order of the input array. */
  readonly finishTimesS: Float64Array;
  /** End of the first prefill of each request, in the order of the input array. */
  readonly firstTokenTimesS: Float64Array;
  /** Cost constants the run used, after overrides. */
  readonly cost: CostConstants;
}

export type ThroughputMetric = 'sequences' | 'output-tokens';

/**
 * Returns how many times higher `a`'s throughput is than `b`'s, in sequences per
 * second by default. Returns NaN when `b`'s throughput is 0 (an empty run).
 */
export function throughputRatio(a: SimResult, b: SimResult, metric: ThroughputMetric = 'sequences'): number {
  const numerator = metric === 'sequences' ? a.throughputSequencesPerS : a.throughputOutputTokensPerS;
  const denominator = metric === 'sequences' ? b.throughputSequencesPerS : b.throughputOutputTokensPerS;
  return denominator > 0 ? numerator / denominator : Number.NaN;
}

/**
 * Keeps every `stride`-th sample, doubling the stride and dropping every other
 * kept sample whenever the buffer fills, so memory stays bounded on any run length.
 */
export class TimelineRecorder {
  private readonly capacity: number;
  private readonly timeS: Float64Array;
  private readonly batchSize: Float64Array;
  private readonly reservedTokens: Float64Array;
  private readonly usedTokens: Float64Array;
  private count = 0;
  private stride = 1;
  private seen = 0;

  /** `maxPoints` counts the final point that `points` appends. */
  constructor(maxPoints: number = MAX_TIMELINE_POINTS) {
    this.capacity = Math.max(2, (maxPoints - 1) & ~1);
    this.timeS = new Float64Array(this.capacity);
    this.batchSize = new Float64Array(this.capacity);
    this.reservedTokens = new Float64Array(this.capacity);
    this.usedTokens = new Float64Array(this.capacity);
  }

  record(timeS: number, batchSize: number, reservedTokens: number, usedTokens: number): void {
    const index = this.seen;
    this.seen += 1;
    if (index % this.stride !== 0) return;
    if (this.count === this.capacity) {
      this.halve();
      if (index % this.stride !== 0) return;
    }
    this.timeS[this.count] = timeS;
    this.batchSize[this.count] = batchSize;
    this.reservedTokens[this.count] = reservedTokens;
    this.usedTokens[this.count] = usedTokens;
    this.count += 1;
  }

  /** Returns the kept samples in bytes, followed by an idle point at `endS`. */
  points(kvBytesPerToken: number, endS: number): TimelinePoint[] {
    const result: TimelinePoint[] = [];
    for (let i = 0; i < this.count; i += 1) {
      result.push({
        timeS: this.timeS[i]!,
        batchSize: this.batchSize[i]!,
        kvReservedBytes: this.reservedTokens[i]! * kvBytesPerToken,
        kvUsedBytes: this.usedTokens[i]! * kvBytesPerToken,
      });
    }
    result.push({ timeS: endS, batchSize: 0, kvReservedBytes: 0, kvUsedBytes: 0 });
    return result;
  }

  private halve(): void {
    const half = this.count / 2;
    for (let i = 0; i < half; i += 1) {
      this.timeS[i] = this.timeS[2 * i]!;
      this.batchSize[i] = this.batchSize[2 * i]!;
      this.reservedTokens[i] = this.reservedTokens[2 * i]!;
      this.usedTokens[i] = this.usedTokens[2 * i]!;
    }
    this.count = half;
    this.stride *= 2;
  }
}
