import { describe, expect, it } from 'vitest';
import { allocationOf, S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import {
  blocksFor,
  cumulativeBucket,
  DEFAULT_ADMISSION_RULE,
  finalBucket,
  initialBucket,
  largestKvTokens,
  largestReservation,
  nextBucket,
  outputReservation,
  preemptionsOf,
  sjfKey,
  smallestCoveringBucket,
} from './policies.ts';
import { gptjConfig, request } from './testSupport.ts';

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

describe('s3 allocation rules and shortest-job keys', () => {
  it('pick the smallest bucket whose cumulative probability reaches 1 - epsilon', () => {
    expect(cumulativeBucket([0.5, 0.3, 0.2], 0.1)).toBe(2);
    expect(cumulativeBucket([0.5, 0.3, 0.2], 0.2)).toBe(1);
    expect(cumulativeBucket([0.5, 0.3, 0.2], 0.5)).toBe(0);
    expect(cumulativeBucket([0, 0, 1], 0.9)).toBe(2);
  });

  it('normalise unnormalised probabilities', () => {
    expect(cumulativeBucket([5, 3, 2], 0.25)).toBe(1);
  });

  it('tolerate float sums just under 1 - epsilon', () => {
    expect(cumulativeBucket([0.1, 0.2, 0.6, 0.1], 0.1)).toBe(2);
  });

  it('start s3 requests in the rule bucket and others in bucket 0', () => {
    const withProbabilities = { ...request(1, 0, 10, 0), bucketProbabilities: [0.6, 0.4, 0, 0, 0, 0, 0, 0, 0, 0] };
    const config = gptjConfig('s3', { s3Allocation: 'cumulative', s3Epsilon: 0.1 });
    expect(initialBucket(config, withProbabilities)).toEqual({ bucket: 1, fellBack: false });
    expect(initialBucket(config, request(2, 0, 10, 3))).toEqual({ bucket: 3, fellBack: true });
    expect(initialBucket(gptjConfig('s3'), withProbabilities)).toEqual({ bucket: 0, fellBack: false });
    expect(initialBucket(gptjConfig('paged'), request(3, 0, 10, 3))).toEqual({ bucket: 0, fellBack: false });
  });

  it('sort sjf by true length under oracle and by predicted allocation otherwise', () => {
    const item = request(1, 0, 700, 1);
    expect(sjfKey(gptjConfig('oracle'), item, 0)).toBe(700);
    expect(sjfKey(gptjConfig('max-length'), item, 0)).toBe(410);
    expect(sjfKey(gptjConfig('paged'), item, 0)).toBe(410);
    expect(sjfKey(gptjConfig('s3'), item, 4)).toBe(1024);
  });

  it('size paged requests in whole blocks', () => {
    expect(blocksFor(0, 16)).toBe(0);
    expect(blocksFor(16, 16)).toBe(1);
    expect(blocksFor(17, 16)).toBe(2);
    expect(largestKvTokens(gptjConfig('paged'), request(1, 20, 30, 0), 0)).toBe(64);
    expect(largestKvTokens(gptjConfig('paged', { blockSizeTokens: 1 }), request(1, 20, 30, 0), 0)).toBe(50);
    expect(largestKvTokens(gptjConfig('s3'), request(1, 20, 30, 0), 3)).toBe(20 + 819);
  });

  it('admit paged requests FCFS by default, the others first-fit', () => {
    expect(DEFAULT_ADMISSION_RULE.paged).toBe('fcfs');
    expect(DEFAULT_ADMISSION_RULE.s3).toBe('first-fit');
  });
});
