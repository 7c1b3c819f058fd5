/**
 * Output-length buckets, as in S3 (NeurIPS 2023). The Python twin is
 * `training/s3len/buckets.py`; both read the same edges from `model-card.json`.
 *
 * Edges e_0 = 0 < e_1 < ... < e_n. Bucket i contains output lengths L with
 * e_i <= L < e_{i+1}; lengths at or past e_n (the served model's maximum
 * sequence length) fall in the last bucket. Bucket i allocates e_{i+1} tokens,
 * which covers every length in it because the upper edge is exclusive.
 */
export interface BucketScheme {
  readonly name: string;
  readonly edges: readonly number[];
}

export class BucketSchemeError extends Error {
  override readonly name = 'BucketSchemeError';
}

export function validateScheme(scheme: BucketScheme): BucketScheme {
  const { edges } = scheme;
  if (edges.length < 2) {
    throw new BucketSchemeError(`a bucket scheme needs at least 2 edges, got [${edges.join(', ')}]`);
  }
  if (edges[0] !== 0) {
    throw new BucketSchemeError(`the first bucket edge must be 0, got ${String(edges[0])}`);
  }
  for (let i = 1; i < edges.length; i += 1) {
    const low = edges[i - 1]!;
    const high = edges[i]!;
    if (!Number.isInteger(high) || high <= low) {
      throw new BucketSchemeError(`bucket edges must be strictly increasing integers, got ${low} then ${high}`);
    }
  }
  return scheme;
}

/** Splits [0, maxLength) into `numBuckets` equal-width buckets, edges rounded to whole tokens. */
export function equalWidthScheme(maxLength: number, numBuckets: number): BucketScheme {
  if (!Number.isInteger(numBuckets) || numBuckets < 1) {
    throw new BucketSchemeError(`numBuckets must be a positive integer, got ${numBuckets}`);
  }
  if (maxLength < numBuckets) {
    throw new BucketSchemeError(`maxLength (${maxLength}) must be >= numBuckets (${numBuckets})`);
  }
  const edges = Array.from({ length: numBuckets + 1 }, (_, i) => Math.round((i * maxLength) / numBuckets));
  return validateScheme({ name: `equal-width-${numBuckets}x${maxLength}`, edges });
}

/** S3's default: 10 equal-width buckets over GPT-J's 2048-token maximum sequence length. */
export const S3_DEFAULT_SCHEME: BucketScheme = equalWidthScheme(2048, 10);

export function numBuckets(scheme: BucketScheme): number {
  return scheme.edges.length - 1;
}

export function maxLength(scheme: BucketScheme): number {
  return scheme.edges[scheme.edges.length - 1]!;
}

/** Returns the bucket index of an output length in tokens. */
export function bucketOf(scheme: BucketScheme, length: number): number {
  if (!(length >= 0)) {
    throw new BucketSchemeError(`output length must be >= 0, got ${length}`);
  }
  const { edges } = scheme;
  let low = 0;
  let high = edges.length - 1;
  // Largest i with edges[i] <= length (binary search).
  while (high - low > 1) {
    const mid = (low + high) >> 1;
    if (edges[mid]! <= length) low = mid;
    else high = mid;
  }
  return Math.min(low, numBuckets(scheme) - 1);
}

/** Returns the output tokens reserved for a request predicted in `bucket`: the bucket's upper edge. */
export function allocationOf(scheme: BucketScheme, bucket: number): number {
  if (!Number.isInteger(bucket) || bucket < 0 || bucket >= numBuckets(scheme)) {
    throw new BucketSchemeError(`bucket must be an integer in [0, ${numBuckets(scheme)}), got ${bucket}`);
  }
  return scheme.edges[bucket + 1]!;
}

/** Formats bucket i as the token range it covers, for example "205–409" or "1843+". */
export function bucketRangeLabel(scheme: BucketScheme, bucket: number): string {
  const low = scheme.edges[bucket]!;
  if (bucket === numBuckets(scheme) - 1) return `${low}+`;
  return `${low}–${scheme.edges[bucket + 1]! - 1}`;
}
