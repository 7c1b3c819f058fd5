/**
 * Operations on one predicted length distribution: probabilities over the buckets of
 * a scheme (for a distribution model, fine buckets such as 16-token bins). The
 * Python twin is `training/s3len/distribution.py`, which applies the same rules to
 * a matrix with one row per prompt. Runs in Node and in the browser.
 */
import { bucketOf, maxLength, validateScheme } from './buckets.ts';
import { argmax } from './inference.ts';

/** How many output tokens S³ reserves from a distribution: the two rules of the simulator. */
export type AllocationRule = 'most-likely' | 'cumulative';

export class DistributionError extends Error {
  override readonly name = 'DistributionError';
}

/**
 * Slack for float sums of probabilities that should reach 1 − ε exactly, as in the
 * Python twin. Without it [0.7, 0.1, 0.1, 0.1] with ε = 0.2 would stop one bucket
 * late, because 0.7 + 0.1 is 0.7999999999999999 in floating point.
 */
const CUMULATIVE_TOLERANCE = 1e-9;

function checkLength(probabilities: readonly number[], edges: readonly number[]): void {
  if (edges.length < 2) throw new DistributionError(`a bucket scheme needs at least 2 edges, got [${edges.join(', ')}]`);
  if (probabilities.length !== edges.length - 1) {
    throw new DistributionError(
      `expected ${edges.length - 1} probabilities, one per bucket of edges [${edges.join(', ')}], got ${probabilities.length}`,
    );
  }
}

function cumulativeSums(probabilities: readonly number[]): number[] {
  const sums: number[] = [];
  let total = 0;
  for (const probability of probabilities) {
    total += probability;
    sums.push(total);
  }
  return sums;
}

/**
 * Returns, per fine bucket, the index of the coarse bucket that contains it. Every
 * inner coarse edge below the largest fine edge must itself be a fine edge, because
 * a fine bucket that straddled two coarse buckets would put its probability in the wrong one.
 */
export function coarseIndex(fineEdges: readonly number[], coarseEdges: readonly number[]): number[] {
  const fine = validateScheme({ name: 'fine', edges: fineEdges });
  const coarse = validateScheme({ name: 'coarse', edges: coarseEdges });
  const fineSet = new Set(fineEdges);
  const fineMax = maxLength(fine);
  const straddling = coarseEdges.slice(1, -1).filter((edge) => edge < fineMax && !fineSet.has(edge));
  if (straddling.length > 0) {
    throw new DistributionError(
      `coarse edges [${straddling.join(', ')}] are not fine edges [${fineEdges.join(', ')}]; every inner coarse edge below ${fineMax} must be a fine edge`,
    );
  }
  return fineEdges.slice(0, -1).map((low) => bucketOf(coarse, low));
}

/** Sums fine-bucket probabilities into the buckets of a coarser scheme (see `coarseIndex` for the rule on edges). */
export function coarsen(probabilities: readonly number[], fineEdges: readonly number[], coarseEdges: readonly number[]): number[] {
  checkLength(probabilities, fineEdges);
  const index = coarseIndex(fineEdges, coarseEdges);
  const out = new Array<number>(coarseEdges.length - 1).fill(0);
  index.forEach((coarseBucket, fineBucket) => {
    out[coarseBucket]! += probabilities[fineBucket]!;
  });
  return out;
}

/**
 * Returns the distribution of the largest of `samples` independent draws: the CDF
 * raised to that power, then differenced. A label that is the longest of k answers
 * to one prompt follows this distribution when the model predicts one answer.
 */
export function maxOfSamples(probabilities: readonly number[], samples: number): number[] {
  if (!Number.isInteger(samples) || samples < 1) {
    throw new DistributionError(`samples must be an integer >= 1, got ${samples}`);
  }
  if (samples === 1) return [...probabilities];
  const cdf = cumulativeSums(probabilities).map((value) => Math.min(1, Math.max(0, value)) ** samples);
  return cdf.map((value, bucket) => value - (bucket === 0 ? 0 : cdf[bucket - 1]!));
}

/**
 * Returns the q-quantile of the length in tokens: the bucket where the cumulative
 * probability reaches q, interpolated linearly inside it. A bucket with no
 * probability mass gives its midpoint. Lengths past the last edge count as the last
 * edge, so the result never exceeds it.
 */
export function quantile(probabilities: readonly number[], edges: readonly number[], q: number): number {
  if (!(q > 0 && q < 1)) throw new DistributionError(`q must lie in (0, 1), got ${q}`);
  checkLength(probabilities, edges);
  const cdf = cumulativeSums(probabilities);
  const last = probabilities.length - 1;
  const bucket = Math.min(cdf.filter((value) => value < q).length, last);
  const below = bucket > 0 ? cdf[bucket - 1]! : 0;
  const mass = probabilities[bucket]!;
  const fraction = mass > 0 ? Math.min(1, Math.max(0, (q - below) / mass)) : 0.5;
  const low = edges[bucket]!;
  return low + fraction * (edges[bucket + 1]! - low);
}

/**
 * Returns the index of the smallest bucket whose cumulative probability reaches
 * 1 − `epsilon`, with probabilities normalised by their sum. The simulator's
 * `cumulative` S³ rule reserves this bucket's upper edge.
 */
export function cumulativeBucket(probabilities: readonly number[], epsilon: number): number {
  if (!(epsilon >= 0 && epsilon < 1)) throw new DistributionError(`epsilon must lie in [0, 1), got ${epsilon}`);
  let total = 0;
  for (const probability of probabilities) total += probability;
  const target = (1 - epsilon) * total - CUMULATIVE_TOLERANCE * total;
  let cumulative = 0;
  for (let bucket = 0; bucket < probabilities.length; bucket += 1) {
    cumulative += probabilities[bucket]!;
    if (cumulative >= target) return bucket;
  }
  return probabilities.length - 1;
}

/**
 * Returns the output tokens reserved for one prompt. Under `most-likely` it is the
 * upper edge of the most probable bucket, as S³ reserves. Under `cumulative` it is the
 * smallest upper edge whose cumulative probability reaches 1 − `epsilon`, which
 * under-allocates less often and reserves more memory. `epsilon` may be 0, as in the
 * simulator, whereas the Python twin requires it to be above 0.
 */
export function allocate(
  probabilities: readonly number[],
  edges: readonly number[],
  rule: AllocationRule,
  epsilon = 0.1,
): number {
  checkLength(probabilities, edges);
  const bucket = rule === 'most-likely' ? argmax(probabilities) : cumulativeBucket(probabilities, epsilon);
  return edges[bucket + 1]!;
}

/** The summary the Predict view shows for one prompt's distribution. */
export interface LengthSummary {
  /** Median length in tokens, and the interquartile range around it. */
  readonly median: number;
  readonly lowerQuartile: number;
  readonly upperQuartile: number;
  readonly mostLikelyAllocation: number;
  readonly cumulativeAllocation: number;
}

/** Returns the median, quartiles and both allocations of one prompt's distribution over `edges`. */
export function summarizeLength(probabilities: readonly number[], edges: readonly number[], epsilon: number): LengthSummary {
  return {
    median: quantile(probabilities, edges, 0.5),
    lowerQuartile: quantile(probabilities, edges, 0.25),
    upperQuartile: quantile(probabilities, edges, 0.75),
    mostLikelyAllocation: allocate(probabilities, edges, 'most-likely'),
    cumulativeAllocation: allocate(probabilities, edges, 'cumulative', epsilon),
  };
}
