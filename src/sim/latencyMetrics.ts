/**
 * Per-request latency metrics and their percentiles.
 *
 * - Time to first token (TTFT): arrival to the end of the request's first prefill,
 *   which yields its first output token. A later recomputation does not change it.
 * - Time per output token (TPOT): (finish − first token) / (output tokens − 1), the
 *   mean gap between output tokens after the first. Requests with fewer than 2
 *   output tokens have no TPOT and are left out of its percentiles.
 * - End-to-end latency (E2E): arrival to finish.
 */
import type { LatencySlo } from './types.ts';

export interface Percentiles {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly mean: number;
  /** Values summarised. The other fields are NaN when it is 0. */
  readonly count: number;
}

export interface LatencySummary {
  readonly ttftS: Percentiles;
  readonly tpotS: Percentiles;
  readonly e2eS: Percentiles;
}

/** Inputs per request, all in the same order. */
export interface RequestTimes {
  readonly arrivalS: ArrayLike<number>;
  readonly firstTokenS: ArrayLike<number>;
  readonly finishS: ArrayLike<number>;
  readonly outputTokens: ArrayLike<number>;
}

/**
 * Returns the `q`-quantile (q in [0, 1]) of ascending `sorted` values by linear
 * interpolation between the two nearest ranks, NumPy's default ("linear") method.
 * Returns NaN for no values.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const count = sorted.length;
  if (count === 0) return Number.NaN;
  const rank = q * (count - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, count - 1);
  const weight = rank - below;
  return sorted[below]! + (sorted[above]! - sorted[below]!) * weight;
}

/** Returns p50, p90, p99 and the mean of `values`, which it sorts in place. */
export function summarize(values: Float64Array): Percentiles {
  values.sort();
  let sum = 0;
  for (const value of values) sum += value;
  const count = values.length;
  return {
    p50: quantileOfSorted(values, 0.5),
    p90: quantileOfSorted(values, 0.9),
    p99: quantileOfSorted(values, 0.99),
    mean: count > 0 ? sum / count : Number.NaN,
    count,
  };
}

/** Returns the TTFT, TPOT and E2E percentiles of a run. */
export function latencySummary(times: RequestTimes): LatencySummary {
  const n = times.finishS.length;
  const ttft = new Float64Array(n);
  const e2e = new Float64Array(n);
  let tpotCount = 0;
  for (let i = 0; i < n; i += 1) {
    if (times.outputTokens[i]! >= 2) tpotCount += 1;
  }
  const tpot = new Float64Array(tpotCount);
  let tpotIndex = 0;
  for (let i = 0; i < n; i += 1) {
    const arrival = times.arrivalS[i]!;
    const firstToken = times.firstTokenS[i]!;
    const finish = times.finishS[i]!;
    const output = times.outputTokens[i]!;
    ttft[i] = firstToken - arrival;
    e2e[i] = finish - arrival;
    if (output >= 2) {
      tpot[tpotIndex] = (finish - firstToken) / (output - 1);
      tpotIndex += 1;
    }
  }
  return { ttftS: summarize(ttft), tpotS: summarize(tpot), e2eS: summarize(e2e) };
}

/** Returns the share of requests that meet every threshold of `slo`, or null when it sets none. */
export function sloAttainment(times: RequestTimes, slo: LatencySlo | undefined): number | null {
  if (slo === undefined || (slo.e2eS === undefined && slo.ttftS === undefined)) return null;
  const n = times.finishS.length;
  if (n === 0) return Number.NaN;
  const e2eLimit = slo.e2eS ?? Number.POSITIVE_INFINITY;
  const ttftLimit = slo.ttftS ?? Number.POSITIVE_INFINITY;
  let met = 0;
  for (let i = 0; i < n; i += 1) {
    const arrival = times.arrivalS[i]!;
    if (times.finishS[i]! - arrival <= e2eLimit && times.firstTokenS[i]! - arrival <= ttftLimit) met += 1;
  }
  return met / n;
}
