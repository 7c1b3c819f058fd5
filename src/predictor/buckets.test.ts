import { describe, expect, it } from 'vitest';
import {
  allocationOf,
  bucketOf,
  bucketRangeLabel,
  BucketSchemeError,
  equalWidthScheme,
  S3_DEFAULT_SCHEME,
  validateScheme,
} from './buckets.ts';

describe('S3 default scheme', () => {
  it('has the edges the Python pipeline writes', () => {
    expect(S3_DEFAULT_SCHEME.edges).toEqual([0, 205, 410, 614, 819, 1024, 1229, 1434, 1638, 1843, 2048]);
  });

  it.each([
    [0, 0],
    [204, 0],
    [205, 1],
    [409, 1],
    [410, 2],
    [1842, 8],
    [1843, 9],
    [2047, 9],
    [2048, 9],
    [100_000, 9],
  ])('puts length %i in bucket %i', (length, bucket) => {
    expect(bucketOf(S3_DEFAULT_SCHEME, length)).toBe(bucket);
  });

  it('allocates the upper edge, which covers every length in the bucket', () => {
    for (let length = 0; length < 2048; length += 1) {
      const allocation = allocationOf(S3_DEFAULT_SCHEME, bucketOf(S3_DEFAULT_SCHEME, length));
      expect(allocation).toBeGreaterThan(length);
    }
    expect(allocationOf(S3_DEFAULT_SCHEME, 9)).toBe(2048);
  });

  it('labels buckets as token ranges', () => {
    expect(bucketRangeLabel(S3_DEFAULT_SCHEME, 0)).toBe('0–204');
    expect(bucketRangeLabel(S3_DEFAULT_SCHEME, 9)).toBe('1843+');
  });
});

describe('invalid schemes', () => {
  it('rejects a first edge other than 0', () => {
    expect(() => validateScheme({ name: 'x', edges: [1, 5] })).toThrow(/first bucket edge must be 0, got 1/);
  });

  it('rejects edges that do not increase', () => {
    expect(() => validateScheme({ name: 'x', edges: [0, 5, 5] })).toThrow(BucketSchemeError);
  });

  it('rejects negative lengths and out-of-range buckets', () => {
    expect(() => bucketOf(S3_DEFAULT_SCHEME, -1)).toThrow(/must be >= 0, got -1/);
    expect(() => allocationOf(S3_DEFAULT_SCHEME, 10)).toThrow(/\[0, 10\), got 10/);
    expect(() => equalWidthScheme(5, 10)).toThrow(/maxLength \(5\)/);
  });
});
