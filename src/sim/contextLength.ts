/**
 * Requests longer than the served model's context window. The simulator runs them
 * unchanged: it charges their full KV memory and compute and never truncates or
 * rejects them. A server with that context length would reject a prompt over the
 * limit and stop generating when prompt plus output reach it, so callers report the
 * count next to the results.
 */
import { modelPreset } from './presets.ts';

export interface ContextOverflow {
  readonly modelId: string;
  /** The model's maximum prompt plus output, in tokens. */
  readonly maxSequenceTokens: number;
  readonly totalRequests: number;
  /** Requests whose prompt plus output exceeds `maxSequenceTokens`. */
  readonly overLimit: number;
  /** Requests whose prompt alone exceeds it, a subset of `overLimit`. */
  readonly promptsOverLimit: number;
}

/** Counts the requests whose prompt plus output, in served-model tokens, exceeds the context length of `modelId`. */
export function contextOverflow(
  requests: readonly { readonly promptTokens: number; readonly outputTokens: number }[],
  modelId: string,
): ContextOverflow {
  const maxSequenceTokens = modelPreset(modelId).maxSequenceTokens;
  let overLimit = 0;
  let promptsOverLimit = 0;
  for (const request of requests) {
    if (request.promptTokens + request.outputTokens > maxSequenceTokens) overLimit += 1;
    if (request.promptTokens > maxSequenceTokens) promptsOverLimit += 1;
  }
  return { modelId, maxSequenceTokens, totalRequests: requests.length, overLimit, promptsOverLimit };
}
