/**
 * Messages between the UI thread and the predictor Web Worker (one union each way,
 * keyed on `type`). The worker owns the tokenizer and the onnxruntime-web session.
 */
import type { BackendName } from '../predictor/modelCard.ts';

export interface BackendAttempt {
  readonly backend: BackendName;
  readonly ok: boolean;
  /** Error message of a backend that failed to start; absent when it started. */
  readonly error?: string;
  readonly variant?: string;
}

export interface PredictionResult {
  /** Index of the prompt in the request's `prompts` array. */
  readonly index: number;
  readonly bucket: number;
  readonly probabilities: readonly number[];
  readonly logits: readonly number[];
  /** Predictor tokens actually fed to the encoder (after truncation). */
  readonly inputTokens: number;
  /** Wall time of tokenization plus inference for this prompt, in milliseconds. */
  readonly elapsedMs: number;
}

export type PredictorRequest =
  | {
      readonly type: 'load';
      /** Folder under the app root, for example `models/minilm-l6-alpaca-s3`. */
      readonly modelBaseUrl: string;
      /** Backends to try, in order; the first one that starts is used. */
      readonly backends: readonly BackendName[];
      /** Variant name from the model card to use; by default the first variant listed for the backend. */
      readonly variant?: string;
    }
  | { readonly type: 'predict'; readonly jobId: number; readonly prompts: readonly string[] }
  | { readonly type: 'cancel'; readonly jobId: number };

export type PredictorResponse =
  | { readonly type: 'loading'; readonly stage: string }
  | {
      readonly type: 'ready';
      readonly backend: BackendName;
      readonly variant: string;
      readonly attempts: readonly BackendAttempt[];
      readonly loadMs: number;
      /** Threads of the WASM backend; 1 unless the page is cross-origin isolated. */
      readonly wasmThreads?: number;
    }
  | { readonly type: 'load-failed'; readonly attempts: readonly BackendAttempt[]; readonly message: string }
  | {
      readonly type: 'progress';
      readonly jobId: number;
      readonly done: number;
      readonly total: number;
      readonly results: readonly PredictionResult[];
    }
  | { readonly type: 'done'; readonly jobId: number; readonly total: number; readonly elapsedMs: number }
  | { readonly type: 'cancelled'; readonly jobId: number; readonly done: number }
  | { readonly type: 'error'; readonly jobId?: number; readonly message: string };
