/**
 * One batch of predictions in the Predict view, as plain data and pure transitions,
 * so the rules (results arrive in chunks, a cancel keeps what arrived) are testable in Node.
 */
import type { BackendName } from '../../predictor/modelCard.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';

export type RunStatus = 'running' | 'done' | 'cancelled' | 'failed';

export interface BackendUsed {
  readonly name: BackendName;
  readonly wasmThreads: number | null;
}

export interface PredictRun {
  readonly status: RunStatus;
  /** The model that computes the run; choosing another model cancels it. */
  readonly modelId: string;
  readonly prompts: readonly string[];
  /** Results in prompt order, fewer than `prompts` until the run is done. */
  readonly results: readonly PredictionResult[];
  readonly done: number;
  readonly total: number;
  /** Wall time of the whole batch in milliseconds, set when it ends. */
  readonly wallMs: number | null;
  readonly backend: BackendUsed | null;
  readonly error: string | null;
}

export function startRun(prompts: readonly string[], modelId: string): PredictRun {
  return { status: 'running', modelId, prompts, results: [], done: 0, total: prompts.length, wallMs: null, backend: null, error: null };
}

/** Adds a chunk of results. Chunks may arrive out of order, and a result seen twice is kept once. */
export function addResults(run: PredictRun, done: number, latest: readonly PredictionResult[]): PredictRun {
  if (run.status !== 'running') return run;
  const byIndex = new Map(run.results.map((result) => [result.index, result]));
  for (const result of latest) byIndex.set(result.index, result);
  const results = [...byIndex.values()].sort((a, b) => a.index - b.index);
  return { ...run, results, done: Math.max(run.done, done) };
}

export function finishRun(
  run: PredictRun,
  results: readonly PredictionResult[],
  wallMs: number,
  backend: BackendUsed | null,
): PredictRun {
  return { ...run, status: 'done', results, done: results.length, wallMs, backend };
}

/** Ends the run early, keeping the results that arrived before the cancel. */
export function endRun(
  run: PredictRun,
  status: 'cancelled' | 'failed',
  wallMs: number,
  backend: BackendUsed | null,
  error: string | null = null,
): PredictRun {
  return { ...run, status, wallMs, backend, error };
}

export interface RunSummary {
  readonly count: number;
  /** Mean of the per-prompt times (tokenization plus inference) in milliseconds. */
  readonly meanMs: number;
  readonly meanInputTokens: number;
}

export function summarize(results: readonly PredictionResult[]): RunSummary {
  const count = results.length;
  if (count === 0) return { count, meanMs: Number.NaN, meanInputTokens: Number.NaN };
  const totalMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
  const totalTokens = results.reduce((sum, result) => sum + result.inputTokens, 0);
  return { count, meanMs: totalMs / count, meanInputTokens: totalTokens / count };
}
