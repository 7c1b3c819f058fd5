/**
 * KV-cache allocation policies: how many tokens each request reserves and what
 * happens when it outgrows the reservation.
 *
 * - `max-length` (ORCA / FasterTransformer style): prompt + the scheme's maximum
 *   output length, so a request never outgrows its reservation.
 * - `s3`: prompt + the predicted bucket's allocation (its upper edge). A request
 *   that generates that many tokens without finishing is preempted, freed,
 *   requeued at the front with the next bucket, and on readmission prefills its
 *   prompt and the output generated so far again.
 * - `oracle`: prompt + the true output length, so it never preempts.
 */
import { allocationOf, bucketOf, maxLength, numBuckets, type BucketScheme } from '../predictor/buckets.ts';
import type { AdmissionRule, PolicyName, SimRequest } from './types.ts';

/**
 * First-fit for every policy, so that a comparison between policies measures the
 * reservation sizes alone and not a difference in packing. Set `admission: 'fcfs'`
 * in the config to reproduce ORCA's in-order admission.
 */
export const DEFAULT_ADMISSION_RULE: Readonly<Record<PolicyName, AdmissionRule>> = Object.freeze({
  'max-length': 'first-fit',
  s3: 'first-fit',
  oracle: 'first-fit',
});

/** Returns the bucket a request starts in: its predicted bucket under `s3`, 0 otherwise (unused). */
export function initialBucket(policy: PolicyName, request: SimRequest): number {
  return policy === 's3' ? request.predictedBucket : 0;
}

/** Returns the output tokens reserved for a request that is in `bucket`. */
export function outputReservation(
  policy: PolicyName,
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

/** Returns the bucket an `s3` request ends in after all its preemptions. */
export function finalBucket(scheme: BucketScheme, request: SimRequest): number {
  return Math.max(request.predictedBucket, smallestCoveringBucket(scheme, request.outputTokens));
}

/** Returns the preemptions a request goes through: one per bucket between its prediction and its final bucket. */
export function preemptionsOf(policy: PolicyName, scheme: BucketScheme, request: SimRequest): number {
  if (policy !== 's3') return 0;
  return finalBucket(scheme, request) - request.predictedBucket;
}

/** Returns the largest KV reservation, in tokens, a request makes over its lifetime. */
export function largestReservation(policy: PolicyName, scheme: BucketScheme, request: SimRequest): number {
  const bucket = policy === 's3' ? finalBucket(scheme, request) : 0;
  return request.promptTokens + outputReservation(policy, scheme, request.outputTokens, bucket);
}
