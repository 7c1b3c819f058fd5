/** Turns a parsed trace and predicted buckets into the simulator's requests. */
import { maxLength, type BucketScheme } from '../../predictor/buckets.ts';
import type { SimRequest } from '../../sim/index.ts';
import type { Trace, TraceRequest } from '../../traces/index.ts';

/**
 * Source of request arrival times: replayed from the trace, all at time 0 (offline,
 * a saturated server), or drawn as Poisson or Gamma arrivals at a set rate.
 */
export type ArrivalMode = 'trace' | 'burst' | 'poisson' | 'gamma';

/** Returns the first `limit` requests of the trace, in arrival order. */
export function selectRequests(trace: Trace, limit: number): readonly TraceRequest[] {
  return trace.requests.slice(0, Math.max(0, Math.floor(limit)));
}

export interface PreparedRequests {
  readonly requests: readonly SimRequest[];
  /** Requests whose true output length was over the scheme's maximum and was cut to it. */
  readonly cappedOutputs: number;
}

/**
 * Builds simulator requests. Output lengths over the scheme's last edge (the served
 * model's maximum) are cut to it, because the served model stops there, and `cappedOutputs`
 * counts them for the UI to report. Throws when a request has no output length.
 * Arrival times are the trace's under `trace` and 0 otherwise; generated arrivals
 * are assigned afterwards with `assignArrivals`. `bucketProbabilities`, when given,
 * contains each request's predicted probabilities (null where there are none).
 */
export function buildSimRequests(
  selected: readonly TraceRequest[],
  predictedBuckets: ArrayLike<number>,
  scheme: BucketScheme,
  arrivals: ArrivalMode,
  bucketProbabilities?: ArrayLike<readonly number[] | null>,
): PreparedRequests {
  if (predictedBuckets.length < selected.length) {
    throw new RangeError(`got ${predictedBuckets.length} predicted buckets for ${selected.length} requests`);
  }
  const maxOutput = maxLength(scheme);
  let cappedOutputs = 0;
  const requests = selected.map((request, index): SimRequest => {
    if (request.outputTokens === undefined) {
      throw new RangeError(`trace line ${request.line} has no output length, which the simulator needs`);
    }
    if (request.outputTokens > maxOutput) cappedOutputs += 1;
    const probabilities = bucketProbabilities?.[index] ?? null;
    return {
      id: index,
      arrivalTimeS: arrivals === 'trace' ? request.arrivalTimeS : 0,
      promptTokens: request.promptTokens,
      outputTokens: Math.min(request.outputTokens, maxOutput),
      predictedBucket: predictedBuckets[index]!,
      ...(probabilities === null ? {} : { bucketProbabilities: probabilities }),
    };
  });
  return { requests, cappedOutputs };
}

/** Returns the true output lengths of the selected requests (0 where a request has none). */
export function trueOutputLengths(selected: readonly TraceRequest[]): number[] {
  return selected.map((request) => request.outputTokens ?? 0);
}
