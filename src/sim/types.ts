/** Inputs of a simulation run: requests, configuration and hooks. */
import type { BucketScheme } from '../predictor/buckets.ts';
import type { CostConstants } from './costModel.ts';
import type { MixedIterationMode } from './iterationCost.ts';
import type { LatencyTable } from './latencyTable.ts';
import type { DtypeId, GpuPresetId, ModelPresetId, TensorParallelSize } from './presets.ts';

/**
 * KV-cache allocation policies (see `policies.ts`). The first three reserve a
 * contiguous region per request; `paged` allocates fixed-size blocks on demand.
 */
export type PolicyName = 'max-length' | 's3' | 'oracle' | 'paged';
export const POLICY_NAMES: readonly PolicyName[] = Object.freeze(['max-length', 's3', 'oracle', 'paged']);

/**
 * Rule for admitting waiting requests when KV memory frees up.
 * - `first-fit`: scan the queue in order and admit every request that fits.
 * - `fcfs`: admit in queue order and stop at the first request that does not fit,
 *   as ORCA and vLLM do, so a large request at the head blocks smaller ones behind it.
 * - `decreasing-first-fit`: the bin-packing heuristic S³ names for its scheduler:
 *   admit the largest waiting reservation that fits, then the next largest, and so on.
 *   Preempted requests still go first, in queue order, because they hold recomputation debt.
 */
export type AdmissionRule = 'first-fit' | 'fcfs' | 'decreasing-first-fit';
export const ADMISSION_RULES: readonly AdmissionRule[] = Object.freeze(['first-fit', 'fcfs', 'decreasing-first-fit']);

/**
 * Rule that turns an S³ prediction into an output allocation.
 * - `most-likely`: the upper edge of the predicted (argmax) bucket.
 * - `cumulative`: the upper edge of the smallest bucket whose cumulative predicted
 *   probability reaches 1 − ε, which needs `SimRequest.bucketProbabilities`.
 */
export type S3AllocationRule = 'most-likely' | 'cumulative';
export const S3_ALLOCATION_RULES: readonly S3AllocationRule[] = Object.freeze(['most-likely', 'cumulative']);

/**
 * Action of the S³ supervisor when a running request fills its reservation.
 * - `preempt`: free it and requeue it at the head with the next bucket's allocation;
 *   on readmission it prefills its prompt and generated tokens again.
 * - `extend-or-preempt`: grow the reservation to the next bucket in place when free
 *   KV memory covers the difference, and preempt only when it does not.
 */
export type S3OverflowRule = 'preempt' | 'extend-or-preempt';
export const S3_OVERFLOW_RULES: readonly S3OverflowRule[] = Object.freeze(['preempt', 'extend-or-preempt']);

/**
 * Order of the waiting queue.
 * - `fcfs`: arrival order.
 * - `sjf`: shortest predicted output first (ties in arrival order). A request that
 *   has waited longer than `sjfAgingS` moves ahead of every never-promoted request, so none starves.
 * Preempted requests go to the head under both orders.
 */
export type QueueOrdering = 'fcfs' | 'sjf';
export const QUEUE_ORDERINGS: readonly QueueOrdering[] = Object.freeze(['fcfs', 'sjf']);

export interface SimRequest {
  /** Unique safe integer that breaks ties between events at the same time. */
  readonly id: number;
  readonly arrivalTimeS: number;
  readonly promptTokens: number;
  /** True output length, at most the scheme's last edge. */
  readonly outputTokens: number;
  /** Bucket the length predictor chose. Read by `s3` and by the `sjf` ordering of the other policies except `oracle`. */
  readonly predictedBucket: number;
  /**
   * Predicted probability of each bucket, one per bucket of the scheme. Only the
   * `cumulative` S³ allocation rule reads it; requests without it fall back to `most-likely`.
   */
  readonly bucketProbabilities?: readonly number[];
}

/** Latency thresholds of a service-level objective. A request meets the SLO when it meets every threshold given. */
export interface LatencySlo {
  /** Maximum end-to-end latency: arrival to last token. */
  readonly e2eS?: number;
  /** Maximum time to first token: arrival to the end of the first prefill. */
  readonly ttftS?: number;
}

export interface SimConfig {
  readonly policy: PolicyName;
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly scheme: BucketScheme;
  /** Overrides of the preset cost constants. */
  readonly cost?: Partial<CostConstants>;
  /** GPUs the model is split over with tensor parallelism: 1, 2, 4 or 8; 1 when absent. */
  readonly tensorParallel?: TensorParallelSize;
  /** Serving precision; the model preset's (fp16) when absent. */
  readonly dtype?: DtypeId;
  /** Measured step latencies that replace the roofline; absent for the roofline. */
  readonly latencyTable?: LatencyTable;
  /** Timing of an iteration that both prefills and decodes; `fused` when absent (see `MixedIterationMode`). */
  readonly mixedIterations?: MixedIterationMode;
  /** Admission rule; `DEFAULT_ADMISSION_RULE` of the policy when absent. */
  readonly admission?: AdmissionRule;
  /** S³ only: `most-likely` when absent. */
  readonly s3Allocation?: S3AllocationRule;
  /** S³ `cumulative` rule only: the tail probability ε left uncovered, in [0, 1). `DEFAULT_S3_EPSILON` when absent. */
  readonly s3Epsilon?: number;
  /** S³ only: `preempt` when absent. */
  readonly s3Overflow?: S3OverflowRule;
  /** `paged` only: tokens per KV block, `DEFAULT_BLOCK_SIZE_TOKENS` when absent. */
  readonly blockSizeTokens?: number;
  /**
   * Maximum requests in one step's batch, vLLM's `max_num_seqs`: an integer >= 1, or
   * Infinity for no cap. When absent, `VLLM_DEFAULT_MAX_NUM_SEQS` under `paged` and no cap under the other policies.
   */
  readonly maxNumSeqs?: number;
  /**
   * Maximum prefill tokens (prompt plus recomputed output) of the requests that join in one
   * step, vLLM's `max_num_batched_tokens` without chunked prefill. An integer >= 1, or
   * Infinity for no cap. When absent, `defaultMaxBatchedTokens` of the model under
   * `paged` and no cap under the other policies. See `BatchLimits` for how admission applies it.
   */
  readonly maxBatchedTokens?: number;
  /**
   * Share of the KV capacity that admission keeps free, vLLM's block-manager watermark:
   * a number in [0, 1). When absent, `VLLM_DEFAULT_KV_WATERMARK` under `paged` and 0 under the other policies.
   */
  readonly kvWatermark?: number;
  /** Waiting-queue order, `fcfs` when absent. */
  readonly ordering?: QueueOrdering;
  /** `sjf` only: seconds a request may wait before it is promoted; `DEFAULT_SJF_AGING_S` when absent, Infinity for never. */
  readonly sjfAgingS?: number;
  /** Thresholds for `SimResult.sloAttainment`; absent for no SLO. */
  readonly slo?: LatencySlo;
}

/** Record of one iteration, for tests and debugging tools that check invariants step by step. */
export interface IterationSnapshot {
  /** 0-based index of the iteration. */
  readonly iteration: number;
  readonly startS: number;
  readonly endS: number;
  /** Requests in the batch, including those that joined this iteration. */
  readonly batchSize: number;
  /** KV tokens reserved by the batch after admission (under `paged`, allocated blocks times the block size). */
  readonly reservedTokens: number;
  /** KV tokens in the cache at the end of the step, before finished and preempted requests release theirs. */
  readonly usedTokens: number;
  readonly capacityTokens: number;
  /** Requests that joined, with the output tokens they had already generated before a preemption. */
  readonly admitted: readonly RequestTokens[];
  /** Requests that finished, in id order, with their generated tokens. */
  readonly finished: readonly RequestTokens[];
  /**
   * Requests preempted in this iteration, with their generated tokens. Under S³ they
   * filled their reservation at the end of the step, listed in id order, and their
   * counts include this step's token. Under `paged` they lost their blocks at the
   * start of the step, before it generated, listed in the order they were chosen.
   */
  readonly preempted: readonly RequestTokens[];
  /** S³ requests whose reservation grew in place at the end of the step, in id order, with their generated tokens. */
  readonly extended: readonly RequestTokens[];
  /** Prefill tokens of the requests that joined: prompts plus recomputed output. */
  readonly prefillTokens: number;
}

export interface RequestTokens {
  readonly id: number;
  readonly generatedTokens: number;
}

export interface SimHooks {
  /** Called every `PROGRESS_INTERVAL_ITERATIONS` iterations and once at the end. */
  onProgress?(finished: number, total: number): void;
  /** Polled as often as `onProgress`. Returning true makes `simulate` throw `SimulationCancelled`. */
  isCancelled?(): boolean;
  /** Called after every iteration, for invariant checks. It slows the run down. */
  onIteration?(snapshot: IterationSnapshot): void;
}
