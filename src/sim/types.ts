/** Inputs of a simulation run: requests, configuration and hooks. */
import type { BucketScheme } from '../predictor/buckets.ts';
import type { CostConstants } from './costModel.ts';
import type { GpuPresetId, ModelPresetId } from './presets.ts';

export type PolicyName = 'max-length' | 's3' | 'oracle';
export const POLICY_NAMES: readonly PolicyName[] = Object.freeze(['max-length', 's3', 'oracle']);

/**
 * Rule for admitting waiting requests when KV memory frees up.
 * - `first-fit`: scan the queue in order and admit every request that fits.
 * - `fcfs`: admit in queue order and stop at the first request that does not fit,
 *   as ORCA does, so a large request at the head blocks smaller ones behind it.
 */
export type AdmissionRule = 'first-fit' | 'fcfs';
export const ADMISSION_RULES: readonly AdmissionRule[] = Object.freeze(['first-fit', 'fcfs']);

export interface SimRequest {
  /** Unique safe integer that breaks ties between events at the same time. */
  readonly id: number;
  readonly arrivalTimeS: number;
  readonly promptTokens: number;
  /** True output length, at most the scheme's last edge. */
  readonly outputTokens: number;
  /** Bucket the length predictor chose. Only the `s3` policy reads it. */
  readonly predictedBucket: number;
}

export interface SimConfig {
  readonly policy: PolicyName;
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly scheme: BucketScheme;
  /** Overrides of the preset cost constants. */
  readonly cost?: Partial<CostConstants>;
  /** Admission rule, `first-fit` by default for every policy (see `DEFAULT_ADMISSION_RULE`). */
  readonly admission?: AdmissionRule;
}

/** Record of one iteration, for tests and debugging tools that check invariants step by step. */
export interface IterationSnapshot {
  /** 0-based index of the iteration. */
  readonly iteration: number;
  readonly startS: number;
  readonly endS: number;
  /** Requests in the batch, including those that joined this iteration. */
  readonly batchSize: number;
  /** KV tokens reserved by the batch after admission. */
  readonly reservedTokens: number;
  /** KV tokens in the cache at the end of the step, before finished and preempted requests release theirs. */
  readonly usedTokens: number;
  readonly capacityTokens: number;
  /** Requests that joined, with the output tokens they had already generated before a preemption. */
  readonly admitted: readonly RequestTokens[];
  /** Requests that finished, in id order, with their generated tokens. */
  readonly finished: readonly RequestTokens[];
  /** Requests preempted after this step, in id order, with their generated tokens. */
  readonly preempted: readonly RequestTokens[];
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
