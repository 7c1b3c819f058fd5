import { describe, expect, it } from 'vitest';
import { allocationOf, S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import {
  finalBucket,
  largestReservation,
  nextBucket,
  outputReservation,
  preemptionsOf,
  smallestCoveringBucket,
} from './policies.ts';
import { request } from './testSupport.ts';

const scheme = S3_DEFAULT_SCHEME;

describe('allocation policies', () => {
  it('use the S3 default bucket edges', () => {
    expect(scheme.edges).toEqual([0, 205, 410, 614, 819, 1024, 1229, 1434, 1638, 1843, 2048]);
  });

  it('reserve the maximum length under max-length', () => {
    expect(outputReservation('max-length', scheme, 10, 0)).toBe(2048);
    expect(largestReservation('max-length', scheme, request(1, 100, 10, 0))).toBe(2148);
  });

  it('reserve the bucket allocation under s3', () => {
    expect(outputReservation('s3', scheme, 10, 0)).toBe(allocationOf(scheme, 0));
    expect(outputReservation('s3', scheme, 10, 0)).toBe(205);
    expect(outputReservation('s3', scheme, 10, 3)).toBe(819);
    expect(outputReservation('s3', scheme, 10, 9)).toBe(2048);
  });

  it('reserve the true length under oracle', () => {
    expect(outputReservation('oracle', scheme, 321, 0)).toBe(321);
    expect(largestReservation('oracle', scheme, request(1, 50, 321, 0))).toBe(371);
  });

  it('move an overflow to the next bucket, capped at the last', () => {
    expect(nextBucket(scheme, 0)).toBe(1);
    expect(nextBucket(scheme, 8)).toBe(9);
    expect(nextBucket(scheme, 9)).toBe(9);
  });

  it('cover a length on an edge with the bucket below', () => {
    expect(smallestCoveringBucket(scheme, 0)).toBe(0);
    expect(smallestCoveringBucket(scheme, 204)).toBe(0);
    expect(smallestCoveringBucket(scheme, 205)).toBe(0);
    expect(smallestCoveringBucket(scheme, 206)).toBe(1);
    expect(smallestCoveringBucket(scheme, 2047)).toBe(9);
    expect(smallestCoveringBucket(scheme, 2048)).toBe(9);
  });

  it('count one preemption per bucket climbed', () => {
    expect(preemptionsOf('s3', scheme, request(1, 0, 1000, 0))).toBe(4);
    expect(finalBucket(scheme, request(1, 0, 1000, 0))).toBe(4);
    expect(preemptionsOf('s3', scheme, request(1, 0, 205, 0))).toBe(0);
    expect(preemptionsOf('s3', scheme, request(1, 0, 100, 5))).toBe(0);
    expect(preemptionsOf('max-length', scheme, request(1, 0, 1000, 0))).toBe(0);
    expect(preemptionsOf('oracle', scheme, request(1, 0, 1000, 0))).toBe(0);
  });

  it('size the largest s3 reservation by the final bucket', () => {
    expect(largestReservation('s3', scheme, request(1, 10, 1000, 0))).toBe(10 + 1024);
    expect(largestReservation('s3', scheme, request(1, 10, 100, 5))).toBe(10 + 1229);
  });
});
