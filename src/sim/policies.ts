/**
 * KV-cache allocation policies: the KV memory each request takes and what happens
 * when it outgrows it.
 *
 * - `max-length` (ORCA / FasterTransformer style): prompt + the scheme's maximum
 *   output length, so a request never outgrows its reservation.
 * - `s3`: prompt + the allocation chosen from the prediction (`S3AllocationRule`).
 *   A request that generates that many tokens without finishing overflows, and the
 *   supervisor either grows the reservation to the next bucket in place or preempts
 *   the request (`S3OverflowRule`). A preempted request is requeued at the front with
 *   the next bucket and, on readmission, prefills its prompt and output so far again.
 * - `oracle`: prompt + the true output length, so it never preempts.
 * - `paged` (vLLM-style paged attention): no reservation. The request takes
 *   fixed-size blocks, gets one more when its next token does not fit, and when no
 *   block is free the most recently admitted running request is preempted and
 *   recomputed later, as vLLM's default recompute preemption does. By default it
 *   also keeps vLLM's per-step limits (see `BatchLimits`): at most 256 sequences and
 *   max(model context, 2048) tokens per step, and 1% of the blocks free at admission.
 *   NOTE: chunked prefill and prefix caching are not modelled. Every prefill runs
 *   whole in one step, and requests share no KV blocks.
 */
import { allocationOf, bucketOf, maxLength, numBuckets, type BucketScheme } from '../predictor/buckets.ts';
import { cumulativeBucket as sharedCumulativeBucket } from '../predictor/distribution.ts';
import { modelPreset } from './presets.ts';
import type { AdmissionRule, PolicyName, SimConfig, SimRequest } from './types.ts';

/** Policies that reserve a contiguous region per request at admission. */
export type ReservationPolicy = Exclude<PolicyName, 'paged'>;

/**
 * First-fit for the reservation policies, so that a comparison between them measures
 * the reservation sizes alone and not a difference in packing. `paged` admits in
 * queue order and stops at the first request that does not fit, as vLLM's scheduler
 * does. Set `admission` in the config to override either.
 */
export const DEFAULT_ADMISSION_RULE: Readonly<Record<PolicyName, AdmissionRule>> = Object.freeze({
  'max-length': 'first-fit',
  s3: 'first-fit',
  oracle: 'first-fit',
  paged: 'fcfs',
});

/** Tokens per KV block under `paged`: 16, vLLM's default `block_size`. */
export const DEFAULT_BLOCK_SIZE_TOKENS = 16;

/** Sequences per step under `paged` when the config sets none: 256, vLLM's default `max_num_seqs` (vLLM 0.6). */
export const VLLM_DEFAULT_MAX_NUM_SEQS = 256;

/**
 * Share of the KV blocks that `paged` admission keeps free when the config sets none:
 * 0.01, the default `watermark` of vLLM's V0 block manager (vLLM 0.6). vLLM admits a
 * waiting sequence only while free blocks minus the blocks it needs stay at or above
 * floor(0.01 × total blocks), so that running sequences have room to grow.
 */
export const VLLM_DEFAULT_KV_WATERMARK = 0.01;

/**
 * Floor of the default `maxBatchedTokens` under `paged`: vLLM 0.6 without chunked
 * prefill sets `max_num_batched_tokens` to max(max_model_len, 2048).
 */
export const VLLM_MIN_DEFAULT_BATCHED_TOKENS = 2048;

/** Returns vLLM's default `max_num_batched_tokens` without chunked prefill for a model: max(its context length, 2048). */
export function defaultMaxBatchedTokens(modelId: string): number {
  return Math.max(modelPreset(modelId).maxSequenceTokens, VLLM_MIN_DEFAULT_BATCHED_TOKENS);
}

/**
 * Per-step limits on admission, after the policy defaults are applied. Admission stops
 * for the step at the first waiting request (in the admission rule's order) that would
 * break one of them, as vLLM's scheduler stops at the first request its budget
 * cannot take:
 * - `maxNumSeqs`: the batch, running plus joining requests, never contains more.
 * - `maxBatchedTokens`: the prefill tokens (prompt and recomputed output) of the
 *   requests joining in one step. Decode tokens do not count, as in vLLM's V0
 *   scheduler without chunked prefill, which runs prefills and decodes in separate
 *   steps. The first request to join a step is exempt, so a longer prefill runs alone.
 * - `kvWatermark`: free KV memory minus the joining request's must stay at or above
 *   floor(kvWatermark × capacity), in blocks under `paged` and in tokens otherwise.
 *   A request that joins an empty batch is exempt. Growth of running requests (new
 *   blocks, S³ extensions) ignores the watermark, as in vLLM.
 * The exemptions let every request run. vLLM instead rejects a prompt longer than
 * `max_num_batched_tokens` and one that could never clear the watermark.
 */
export interface BatchLimits {
  /** Infinity for no cap. */
  readonly maxNumSeqs: number;
  /** Infinity for no cap. */
  readonly maxBatchedTokens: number;
  readonly kvWatermark: number;
}

/** Returns the per-step limits of a config: its own values, else the defaults of its policy. */
export function batchLimits(config: SimConfig): BatchLimits {
  const paged = config.policy === 'paged';
  return {
    maxNumSeqs: config.maxNumSeqs ?? (paged ? VLLM_DEFAULT_MAX_NUM_SEQS : Number.POSITIVE_INFINITY),
    maxBatchedTokens: config.maxBatchedTokens ?? (paged ? defaultMaxBatchedTokens(config.modelId) : Number.POSITIVE_INFINITY),
    kvWatermark: config.kvWatermark ?? (paged ? VLLM_DEFAULT_KV_WATERMARK : 0),
  };
}

/**
 * Tail probability the `cumulative` S³ rule leaves uncovered: 0.1, so the allocation
 * covers the true length with a predicted probability of at least 90%. A starting
 * point for a sweep, not a tuned value.
 */
export const DEFAULT_S3_EPSILON = 0.1;

/**
 * Seconds a request may wait under `sjf` before it is promoted ahead of the
 * shortest-first order: 30. A starting point, not a tuned value. Set it near the
 * end-to-end SLO so that a long request misses its SLO by little rather than starving.
 */
export const DEFAULT_SJF_AGING_S = 30;

/**
 * Returns the bucket whose upper edge the `cumulative` rule allocates: the smallest
 * bucket whose cumulative probability reaches 1 − `epsilon`. The Predict view uses
 * the same function, so both give the same allocation for a prompt.
 */
export const cumulativeBucket = sharedCumulativeBucket;

export interface InitialBucket {
  readonly bucket: number;
  /** True when the `cumulative` rule had no probabilities and used the predicted bucket. */
  readonly fellBack: boolean;
}

/**
 * Returns the bucket an `s3` request starts in under the config's allocation rule,
 * and 0 under the other policies, which do not read it.
 */
export function initialBucket(config: SimConfig, request: SimRequest): InitialBucket {
  if (config.policy !== 's3') return { bucket: 0, fellBack: false };
  if ((config.s3Allocation ?? 'most-likely') === 'most-likely') return { bucket: request.predictedBucket, fellBack: false };
  const probabilities = request.bucketProbabilities;
  if (probabilities === undefined) return { bucket: request.predictedBucket, fellBack: true };
  return { bucket: cumulativeBucket(probabilities, config.s3Epsilon ?? DEFAULT_S3_EPSILON), fellBack: false };
}

/** Returns the output tokens reserved for a request that is in `bucket`. */
export function outputReservation(
  policy: ReservationPolicy,
  scheme: BucketScheme,
  outputTokens: number,
  bucket: number,
): number {
  switch (policy) {
    case 'max-length':
      return maxLength(scheme);
    case 'oracle':
      return outputTokens;
    case 's3':
      return allocationOf(scheme, bucket);
  }
}

/** Returns the bucket an overflowing `s3` request moves to: the next one, capped at the last. */
export function nextBucket(scheme: BucketScheme, bucket: number): number {
  return Math.min(bucket + 1, numBuckets(scheme) - 1);
}

/**
 * Returns the smallest bucket whose allocation covers `outputTokens`. A request
 * finishes rather than overflows when its length equals the allocation, so this
 * is one below `bucketOf` when the length sits exactly on an edge.
 */
export function smallestCoveringBucket(scheme: BucketScheme, outputTokens: number): number {
  const bucket = bucketOf(scheme, outputTokens);
  if (bucket > 0 && scheme.edges[bucket] === outputTokens) return bucket - 1;
  return bucket;
}

/** Returns the bucket an `s3` request that starts in `startBucket` ends in after all its overflows. */
export function finalBucket(scheme: BucketScheme, request: SimRequest, startBucket = request.predictedBucket): number {
  return Math.max(startBucket, smallestCoveringBucket(scheme, request.outputTokens));
}

/**
 * Returns the overflows of an `s3` request that starts in `startBucket`: one per bucket
 * between it and its final bucket. Under the `preempt` rule each is a preemption;
 * under `extend-or-preempt` this is an upper bound on its preemptions.
 */
export function preemptionsOf(
  policy: PolicyName,
  scheme: BucketScheme,
  request: SimRequest,
  startBucket = request.predictedBucket,
): number {
  if (policy !== 's3') return 0;
  return finalBucket(scheme, request, startBucket) - startBucket;
}

/** Returns the largest KV reservation, in tokens, a request makes over its lifetime under a reservation policy. */
export function largestReservation(
  policy: ReservationPolicy,
  scheme: BucketScheme,
  request: SimRequest,
  startBucket = request.predictedBucket,
): number {
  const bucket = policy === 's3' ? finalBucket(scheme, request, startBucket) : 0;
  return request.promptTokens + outputReservation(policy, scheme, request.outputTokens, bucket);
}

/** Returns the KV blocks that hold `tokens` tokens. */
export function blocksFor(tokens: number, blockSizeTokens: number): number {
  return Math.ceil(tokens / blockSizeTokens);
}

/**
 * Returns the largest KV memory, in tokens, a request holds over its lifetime: its
 * largest reservation, or under `paged` its blocks at the last token.
 */
export function largestKvTokens(config: SimConfig, request: SimRequest, startBucket: number): number {
  if (config.policy === 'paged') {
    const blockSize = config.blockSizeTokens ?? DEFAULT_BLOCK_SIZE_TOKENS;
    return blocksFor(request.promptTokens + request.outputTokens, blockSize) * blockSize;
  }
  return largestReservation(config.policy, config.scheme, request, startBucket);
}

/**
 * Returns the output length the `sjf` order sorts by: the true length under
 * `oracle` (its predictor is exact), the allocation of the starting bucket under
 * `s3`, and the upper edge of the predicted bucket under the other policies.
 */
export function sjfKey(config: SimConfig, request: SimRequest, startBucket: number): number {
  switch (config.policy) {
    case 'oracle':
      return request.outputTokens;
    case 's3':
      return allocationOf(config.scheme, startBucket);
    case 'max-length':
    case 'paged':
      return allocationOf(config.scheme, request.predictedBucket);
  }
}
