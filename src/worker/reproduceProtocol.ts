/**
 * Messages between the Reproduce view and its Web Worker (one union each way, keyed
 * on `type`). `s3` runs the S³ throughput table and its assumption rows, `vllm` the
 * rate sweeps of the vLLM comparison. A new job cancels the one in progress.
 */
import type { S3Inputs, S3Progress, S3Reproduction } from '../sim/reproduction.ts';
import type { VllmComparison, VllmProgress, VllmWorkloadInput } from '../sim/vllmComparison.ts';

export type ReproduceWorkerRequest =
  | { readonly type: 's3'; readonly runId: number; readonly inputs: S3Inputs }
  | { readonly type: 'vllm'; readonly runId: number; readonly workloads: readonly VllmWorkloadInput[] }
  | { readonly type: 'cancel'; readonly runId: number };

export type ReproduceWorkerResponse =
  | { readonly type: 's3-progress'; readonly runId: number; readonly progress: S3Progress }
  | { readonly type: 's3-result'; readonly runId: number; readonly result: S3Reproduction }
  | { readonly type: 'vllm-progress'; readonly runId: number; readonly progress: VllmProgress }
  | { readonly type: 'vllm-result'; readonly runId: number; readonly result: VllmComparison }
  | { readonly type: 'cancelled'; readonly runId: number }
  | { readonly type: 'error'; readonly runId: number; readonly message: string };
