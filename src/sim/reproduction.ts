/**
 * Reproduction of the S³ result (Jin et al., NeurIPS 2023), whose abstract reports
 * 6.49× the throughput of systems that reserve the worst-case output length. The
 * offline scenario (every request at time 0) runs for each model preset with
 * max-length reservation, S³ and the oracle. Then the model with the highest
 * S³ / max-length ratio, and GPT-J 6B, run again with one assumption changed at a
 * time, which shows the assumptions that push the ratio up or down.
 */
import { maxLength, numBuckets, type BucketScheme } from '../predictor/buckets.ts';
import { costModelFor } from './costModel.ts';
import { smallestCoveringBucket } from './policies.ts';
import {
  MODEL_PRESET_IDS,
  modelPreset,
  tensorParallelSizesFor,
  type GpuPresetId,
  type ModelPresetId,
  type TensorParallelSize,
} from './presets.ts';
import { jobKey, runJobs, summaryOf, type BatchProgress, type JobRunner, type RunSummary, type SimJob } from './reproductionRuns.ts';
import type { MixedIterationMode } from './iterationCost.ts';
import type { AdmissionRule, S3AllocationRule, S3OverflowRule, SimConfig, SimRequest } from './types.ts';

/** Throughput ratio the S³ abstract reports over worst-case reservation. */
export const S3_REPORTED_RATIO = 6.49;
/** Band around the reported ratio inside which the reproduction counts as matching: 5× to 8×. */
export const S3_MATCH_BAND = Object.freeze({ low: 5, high: 8 });
/** GPU of the S³ evaluation: one A100 80GB. */
export const S3_BASELINE_GPU: GpuPresetId = 'a100-80gb';
/** Model that the assumption section always examines besides the one with the highest ratio. */
export const S3_REFERENCE_MODEL: ModelPresetId = 'gptj-6b';

/** True lengths of one request, in served-model tokens. */
export interface RequestLengths {
  readonly promptTokens: number;
  readonly outputTokens: number;
}

/** The trace with the predictor's output, one entry per request in each array. */
export interface S3Inputs {
  readonly lengths: readonly RequestLengths[];
  readonly predictedBuckets: readonly number[];
  readonly probabilities: readonly (readonly number[])[];
  /** Bucket scheme of the model card: the predictor's classes. */
  readonly scheme: BucketScheme;
}

/**
 * Change of the card's bucket scheme.
 * - `card`: unchanged.
 * - `merge`: every `factor` adjacent buckets become one (predictions and probabilities merged).
 * - `truncate`: only the first `buckets` buckets are kept, so the maximum output length,
 *   which max-length reserves, is their upper edge. Longer outputs are cut to it, and
 *   predictions past it move to the last kept bucket.
 */
export type SchemeChange =
  | { readonly kind: 'card' }
  | { readonly kind: 'merge'; readonly factor: number }
  | { readonly kind: 'truncate'; readonly buckets: number };

/** Source of S³'s predicted buckets. */
export type BucketSource = 'predicted' | 'true';

/** Everything one S³ / max-length / oracle comparison depends on besides the trace. */
export interface S3Setup {
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly tensorParallel: TensorParallelSize;
  /** The first this many requests of the trace. */
  readonly requestCount: number;
  readonly scheme: SchemeChange;
  readonly mixedIterations: MixedIterationMode;
  readonly s3Allocation: S3AllocationRule;
  readonly s3Overflow: S3OverflowRule;
  /** Admission rule of S³. Max-length and the oracle always use first-fit. */
  readonly s3Admission: AdmissionRule;
  readonly bucketSource: BucketSource;
}

/** Assumptions the sensitivity section changes, one at a time. */
export type S3Assumption =
  | 'gpu'
  | 'maxOutput'
  | 'buckets'
  | 'requests'
  | 'mixedIterations'
  | 's3Allocation'
  | 's3Overflow'
  | 's3Admission'
  | 'bucketSource';

export interface AssumptionChange {
  readonly id: string;
  readonly assumption: S3Assumption;
  /** Fields of the setup this change replaces. A GPU change also picks the tensor-parallel size anew. */
  readonly change: Partial<Omit<S3Setup, 'modelId' | 'tensorParallel'>>;
}

/** The changes the sensitivity section makes, one per row, each against the baseline. */
export const S3_ASSUMPTION_CHANGES: readonly AssumptionChange[] = Object.freeze([
  { id: 'gpu-a100-40gb', assumption: 'gpu', change: { gpuId: 'a100-40gb' } },
  { id: 'gpu-h100-80gb', assumption: 'gpu', change: { gpuId: 'h100-80gb' } },
  { id: 'gpu-h200-141gb', assumption: 'gpu', change: { gpuId: 'h200-141gb' } },
  { id: 'max-output-1024', assumption: 'maxOutput', change: { scheme: { kind: 'truncate', buckets: 5 } } },
  { id: 'buckets-merge-2', assumption: 'buckets', change: { scheme: { kind: 'merge', factor: 2 } } },
  { id: 'buckets-merge-5', assumption: 'buckets', change: { scheme: { kind: 'merge', factor: 5 } } },
  { id: 'requests-200', assumption: 'requests', change: { requestCount: 200 } },
  { id: 'requests-500', assumption: 'requests', change: { requestCount: 500 } },
  { id: 'mixed-separate', assumption: 'mixedIterations', change: { mixedIterations: 'separate' } },
  { id: 'allocation-cumulative', assumption: 's3Allocation', change: { s3Allocation: 'cumulative' } },
  { id: 'overflow-extend', assumption: 's3Overflow', change: { s3Overflow: 'extend-or-preempt' } },
  { id: 'admission-dff', assumption: 's3Admission', change: { s3Admission: 'decreasing-first-fit' } },
  { id: 'buckets-true', assumption: 'bucketSource', change: { bucketSource: 'true' } },
] satisfies AssumptionChange[]);

/** Returns the scheme that `change` makes of the card's scheme. Throws when the change does not fit it. */
export function changedScheme(scheme: BucketScheme, change: SchemeChange): BucketScheme {
  const count = numBuckets(scheme);
  switch (change.kind) {
    case 'card':
      return scheme;
    case 'merge': {
      if (!Number.isInteger(change.factor) || change.factor < 1 || count % change.factor !== 0) {
        throw new RangeError(`cannot merge the ${count} buckets of ${scheme.name} in groups of ${change.factor}`);
      }
      const edges = scheme.edges.filter((_, index) => index % change.factor === 0);
      return { name: `${scheme.name}, merged by ${change.factor}`, edges };
    }
    case 'truncate': {
      if (!Number.isInteger(change.buckets) || change.buckets < 1 || change.buckets > count) {
        throw new RangeError(`cannot keep ${change.buckets} of the ${count} buckets of ${scheme.name}`);
      }
      return { name: `${scheme.name}, first ${change.buckets}`, edges: scheme.edges.slice(0, change.buckets + 1) };
    }
  }
}

/** Returns the bucket of the changed scheme that card bucket `bucket` maps to. */
function mappedBucket(bucket: number, change: SchemeChange): number {
  switch (change.kind) {
    case 'card':
      return bucket;
    case 'merge':
      return Math.floor(bucket / change.factor);
    case 'truncate':
      return Math.min(bucket, change.buckets - 1);
  }
}

/** Sums card-bucket probabilities into the buckets of the changed scheme. */
function mappedProbabilities(probabilities: readonly number[], change: SchemeChange, buckets: number): number[] {
  const mapped = new Array<number>(buckets).fill(0);
  probabilities.forEach((probability, bucket) => {
    mapped[mappedBucket(bucket, change)]! += probability;
  });
  return mapped;
}

/**
 * Builds the simulator's requests of a setup, all arriving at time 0: the first
 * `requestCount` requests, outputs cut to the scheme's maximum, and S³ buckets from
 * the predictor or from the true lengths.
 */
export function buildS3Requests(inputs: S3Inputs, setup: S3Setup): SimRequest[] {
  const scheme = changedScheme(inputs.scheme, setup.scheme);
  const maxOutput = maxLength(scheme);
  const buckets = numBuckets(scheme);
  const count = Math.min(setup.requestCount, inputs.lengths.length);
  const requests: SimRequest[] = [];
  for (let index = 0; index < count; index += 1) {
    const lengths = inputs.lengths[index]!;
    const outputTokens = Math.min(lengths.outputTokens, maxOutput);
    const trueBucket = smallestCoveringBucket(scheme, outputTokens);
    const probabilities = inputs.probabilities[index];
    requests.push({
      id: index,
      arrivalTimeS: 0,
      promptTokens: lengths.promptTokens,
      outputTokens,
      predictedBucket: setup.bucketSource === 'true' ? trueBucket : mappedBucket(inputs.predictedBuckets[index]!, setup.scheme),
      ...(probabilities === undefined || setup.bucketSource === 'true'
        ? {}
        : { bucketProbabilities: mappedProbabilities(probabilities, setup.scheme, buckets) }),
    });
  }
  return requests;
}

/**
 * Returns the smallest tensor-parallel size of `modelId` on `gpuId` at which the
 * weights fit and the KV cache has room for the longest max-length reservation of
 * the requests (prompt plus the maximum output), or null when no size has.
 */
export function smallestFittingTensorParallel(
  modelId: ModelPresetId,
  gpuId: GpuPresetId,
  longestReservationTokens: number,
): TensorParallelSize | null {
  for (const size of tensorParallelSizesFor(modelPreset(modelId))) {
    try {
      if (costModelFor({ modelId, gpuId, tensorParallel: size }).kvCapacityTokens >= longestReservationTokens) return size;
    } catch {
      // The weights do not fit at this size, so try the next one.
    }
  }
  return null;
}

function longestReservation(inputs: S3Inputs, scheme: SchemeChange, requestCount: number): number {
  const maxOutput = maxLength(changedScheme(inputs.scheme, scheme));
  let longestPrompt = 0;
  for (const lengths of inputs.lengths.slice(0, requestCount)) longestPrompt = Math.max(longestPrompt, lengths.promptTokens);
  return longestPrompt + maxOutput;
}

/** Returns the baseline setup of a model, or null when no tensor-parallel size fits it on the GPU. */
export function baselineSetup(inputs: S3Inputs, modelId: ModelPresetId, gpuId: GpuPresetId = S3_BASELINE_GPU): S3Setup | null {
  const scheme: SchemeChange = { kind: 'card' };
  const requestCount = inputs.lengths.length;
  const tensorParallel = smallestFittingTensorParallel(modelId, gpuId, longestReservation(inputs, scheme, requestCount));
  if (tensorParallel === null) return null;
  return {
    modelId,
    gpuId,
    tensorParallel,
    requestCount,
    scheme,
    mixedIterations: 'fused',
    s3Allocation: 'most-likely',
    s3Overflow: 'preempt',
    s3Admission: 'first-fit',
    bucketSource: 'predicted',
  };
}

/**
 * Applies a change to a setup. A GPU change picks the smallest fitting tensor-parallel
 * size on the new GPU, and every other change keeps the baseline's. Returns null when
 * the model fits no size on the new GPU.
 */
export function applyChange(inputs: S3Inputs, setup: S3Setup, change: AssumptionChange): S3Setup | null {
  const changed: S3Setup = { ...setup, ...change.change };
  if (change.change.gpuId === undefined) return changed;
  const tensorParallel = smallestFittingTensorParallel(
    changed.modelId,
    changed.gpuId,
    longestReservation(inputs, changed.scheme, changed.requestCount),
  );
  return tensorParallel === null ? null : { ...changed, tensorParallel };
}

/** The three jobs of one comparison. */
export interface S3Jobs {
  readonly maxLength: SimJob;
  readonly s3: SimJob;
  readonly oracle: SimJob;
}

/** Returns the max-length, S³ and oracle jobs of a setup. */
export function s3Jobs(inputs: S3Inputs, setup: S3Setup): S3Jobs {
  const requests = buildS3Requests(inputs, setup);
  const scheme = changedScheme(inputs.scheme, setup.scheme);
  const common = {
    modelId: setup.modelId,
    gpuId: setup.gpuId,
    tensorParallel: setup.tensorParallel,
    scheme,
    mixedIterations: setup.mixedIterations,
  } as const;
  const workload = `requests=${setup.requestCount};buckets=${setup.bucketSource}`;
  const job = (config: SimConfig): SimJob => ({ key: jobKey(workload, config), requests, config });
  return {
    maxLength: job({ ...common, policy: 'max-length', admission: 'first-fit' }),
    s3: job({
      ...common,
      policy: 's3',
      admission: setup.s3Admission,
      s3Allocation: setup.s3Allocation,
      s3Overflow: setup.s3Overflow,
    }),
    oracle: job({ ...common, policy: 'oracle', admission: 'first-fit' }),
  };
}

/** Results of one comparison. */
export interface S3Comparison {
  readonly setup: S3Setup;
  readonly maxLength: RunSummary;
  readonly s3: RunSummary;
  readonly oracle: RunSummary;
  /** S³ over max-length throughput in sequences per second. */
  readonly s3Ratio: number;
  readonly oracleRatio: number;
}

function comparisonOf(setup: S3Setup, jobs: S3Jobs, summaries: ReadonlyMap<string, RunSummary>): S3Comparison {
  const maxLengthRun = summaryOf(summaries, jobs.maxLength);
  const s3 = summaryOf(summaries, jobs.s3);
  const oracle = summaryOf(summaries, jobs.oracle);
  return {
    setup,
    maxLength: maxLengthRun,
    s3,
    oracle,
    s3Ratio: s3.throughputSequencesPerS / maxLengthRun.throughputSequencesPerS,
    oracleRatio: oracle.throughputSequencesPerS / maxLengthRun.throughputSequencesPerS,
  };
}

/** One model of the throughput table: its comparison, or null when it fits no tensor-parallel size. */
export interface S3ModelRow {
  readonly modelId: ModelPresetId;
  readonly comparison: S3Comparison | null;
}

export type Direction = 'up' | 'down' | 'same';

/** Relative change below which a ratio counts as unchanged. */
export const SAME_RATIO_TOLERANCE = 1e-3;

export function directionOf(baseline: number, changed: number): Direction {
  if (changed > baseline * (1 + SAME_RATIO_TOLERANCE)) return 'up';
  if (changed < baseline * (1 - SAME_RATIO_TOLERANCE)) return 'down';
  return 'same';
}

/** One row of the sensitivity section: a change, the baseline and the changed comparison. */
export interface SensitivityRow {
  readonly modelId: ModelPresetId;
  readonly change: AssumptionChange;
  readonly baseline: S3Comparison;
  /** Null when the model fits no tensor-parallel size under the change. */
  readonly changed: S3Comparison | null;
  readonly direction: Direction | null;
}

export interface S3Reproduction {
  readonly gpuId: GpuPresetId;
  readonly requestCount: number;
  readonly rows: readonly S3ModelRow[];
  /** Model with the highest S³ / max-length ratio, or null when no model ran. */
  readonly maxModelId: ModelPresetId | null;
  readonly maxRatio: number;
  /** Whether the highest ratio lies in `S3_MATCH_BAND`. */
  readonly maxInBand: boolean;
  /** Models the sensitivity section examines: the one with the highest ratio, then GPT-J 6B. */
  readonly sensitivityModels: readonly ModelPresetId[];
  readonly sensitivity: readonly SensitivityRow[];
}

export type S3Stage = 'table' | 'sensitivity';

export interface S3Progress extends BatchProgress {
  readonly stage: S3Stage;
}

export interface S3Options {
  readonly models?: readonly ModelPresetId[];
  readonly gpuId?: GpuPresetId;
  readonly changes?: readonly AssumptionChange[];
}

/** Returns the model with the highest S³ / max-length ratio among rows that ran. */
export function maxRatioRow(rows: readonly S3ModelRow[]): S3ModelRow | null {
  let best: S3ModelRow | null = null;
  for (const row of rows) {
    if (row.comparison === null || !Number.isFinite(row.comparison.s3Ratio)) continue;
    if (best === null || row.comparison.s3Ratio > best.comparison!.s3Ratio) best = row;
  }
  return best;
}

/**
 * Runs the throughput table for every model, then the sensitivity rows for the model
 * with the highest ratio and for GPT-J 6B. Errors of the runner pass through.
 */
export async function reproduceS3(
  inputs: S3Inputs,
  runner: JobRunner,
  onProgress: (progress: S3Progress) => void = () => {},
  options: S3Options = {},
): Promise<S3Reproduction> {
  const gpuId = options.gpuId ?? S3_BASELINE_GPU;
  const models = options.models ?? MODEL_PRESET_IDS;
  const changes = options.changes ?? S3_ASSUMPTION_CHANGES;

  const planned = models.map((modelId) => {
    const setup = baselineSetup(inputs, modelId, gpuId);
    return { modelId, setup, jobs: setup === null ? null : s3Jobs(inputs, setup) };
  });
  const tableJobs = planned.flatMap((plan) => (plan.jobs === null ? [] : [plan.jobs.maxLength, plan.jobs.s3, plan.jobs.oracle]));
  const summaries = await runJobs(tableJobs, runner, (progress) => onProgress({ stage: 'table', ...progress }));
  const rows: S3ModelRow[] = planned.map((plan) => ({
    modelId: plan.modelId,
    comparison: plan.setup === null || plan.jobs === null ? null : comparisonOf(plan.setup, plan.jobs, summaries),
  }));

  const best = maxRatioRow(rows);
  const sensitivityModels = best === null ? [] : [...new Set([best.modelId, S3_REFERENCE_MODEL])].filter((id) => models.includes(id));
  const sensitivityPlans = sensitivityModels.flatMap((modelId) => {
    const baseline = rows.find((row) => row.modelId === modelId)?.comparison;
    if (baseline === undefined || baseline === null) return [];
    return changes.map((change) => {
      const setup = applyChange(inputs, baseline.setup, change);
      return { modelId, change, baseline, setup, jobs: setup === null ? null : s3Jobs(inputs, setup) };
    });
  });
  const sensitivityJobs = sensitivityPlans.flatMap((plan) => (plan.jobs === null ? [] : [plan.jobs.maxLength, plan.jobs.s3, plan.jobs.oracle]));
  const changedSummaries = await runJobs(sensitivityJobs, runner, (progress) => onProgress({ stage: 'sensitivity', ...progress }));
  const sensitivity: SensitivityRow[] = sensitivityPlans.map((plan) => {
    const changed = plan.setup === null || plan.jobs === null ? null : comparisonOf(plan.setup, plan.jobs, changedSummaries);
    return {
      modelId: plan.modelId,
      change: plan.change,
      baseline: plan.baseline,
      changed,
      direction: changed === null ? null : directionOf(plan.baseline.s3Ratio, changed.s3Ratio),
    };
  });

  const maxRatio = best?.comparison?.s3Ratio ?? Number.NaN;
  return {
    gpuId,
    requestCount: inputs.lengths.length,
    rows,
    maxModelId: best?.modelId ?? null,
    maxRatio,
    maxInBand: maxRatio >= S3_MATCH_BAND.low && maxRatio <= S3_MATCH_BAND.high,
    sensitivityModels,
    sensitivity,
  };
}

/** Returns the value a setup gives an assumption, as plain text for CSV and JSON exports. */
export function assumptionValueText(assumption: S3Assumption, setup: S3Setup, cardScheme: BucketScheme): string {
  switch (assumption) {
    case 'gpu':
      return `${setup.gpuId}, TP ${setup.tensorParallel}`;
    case 'maxOutput':
      return String(maxLength(changedScheme(cardScheme, setup.scheme)));
    case 'buckets':
      return changedScheme(cardScheme, setup.scheme).edges.join(' ');
    case 'requests':
      return String(setup.requestCount);
    case 'mixedIterations':
      return setup.mixedIterations;
    case 's3Allocation':
      return setup.s3Allocation;
    case 's3Overflow':
      return setup.s3Overflow;
    case 's3Admission':
      return setup.s3Admission;
    case 'bucketSource':
      return setup.bucketSource;
  }
}
