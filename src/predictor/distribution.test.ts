/**
 * The hand-worked cases of training/tests/test_lengthmetrics.py, so the TypeScript
 * and Python rules give the same numbers, plus the agreement with the simulator's
 * `cumulative` S³ rule.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { allocationOf, S3_DEFAULT_SCHEME } from './buckets.ts';
import {
  allocate,
  coarseIndex,
  coarsen,
  cumulativeBucket,
  DistributionError,
  maxOfSamples,
  quantile,
  summarizeLength,
} from './distribution.ts';
import { cumulativeBucket as simCumulativeBucket } from '../sim/policies.ts';

const FINE = [0, 16, 32, 48, 64];
const COARSE = [0, 32, 64];

function expectClose(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((value, index) => expect(value, `index ${index}`).toBeCloseTo(expected[index]!, 12));
}

describe('coarsen', () => {
  it('sums fine probabilities into coarse buckets', () => {
    expectClose(coarsen([0.1, 0.2, 0.3, 0.4], FINE, COARSE), [0.3, 0.7]);
  });

  it('rejects a coarse edge that is not a fine edge', () => {
    expect(() => coarsen([0.25, 0.25, 0.25, 0.25], FINE, [0, 40, 64])).toThrow(DistributionError);
    expect(() => coarsen([0.25, 0.25, 0.25, 0.25], FINE, [0, 40, 64])).toThrow(/\[40\] are not fine edges/);
  });

  it('accepts coarse edges at or past the last fine edge', () => {
    expect(coarseIndex(FINE, [0, 32, 64, 2048])).toEqual([0, 0, 1, 1]);
    expect(coarseIndex(FINE, [0, 32, 100, 2048])).toEqual([0, 0, 1, 1]);
    expectClose(coarsen([0.1, 0.2, 0.3, 0.4], FINE, [0, 16, 1000, 2048]), [0.1, 0.9, 0]);
  });

  it('rejects a probability count that does not match the edges', () => {
    expect(() => coarsen([0.5, 0.5], FINE, COARSE)).toThrow(/expected 4 probabilities/);
  });
});

describe('maxOfSamples', () => {
  it('raises the CDF to the number of samples', () => {
    expectClose(maxOfSamples([0.5, 0.5, 0, 0], 2), [0.25, 0.75, 0, 0]);
  });

  it('returns the distribution unchanged for one sample', () => {
    expect(maxOfSamples([0.1, 0.9], 1)).toEqual([0.1, 0.9]);
  });

  it('rejects a sample count below 1', () => {
    expect(() => maxOfSamples([1], 0)).toThrow(/samples must be an integer >= 1, got 0/);
  });
});

describe('quantile', () => {
  it('interpolates inside the bucket', () => {
    expect(quantile([0, 1, 0, 0], FINE, 0.5)).toBe(24);
    expect(quantile([0.25, 0.25, 0.25, 0.25], FINE, 0.5)).toBe(32);
  });

  it('gives quartiles of a uniform distribution', () => {
    expect(quantile([0.25, 0.25, 0.25, 0.25], FINE, 0.25)).toBe(16);
    expect(quantile([0.25, 0.25, 0.25, 0.25], FINE, 0.75)).toBe(48);
  });

  it('uses the midpoint of a bucket with no mass', () => {
    expect(quantile([0, 0, 0, 0], FINE, 0.5)).toBe(56);
  });

  it('rejects q outside (0, 1)', () => {
    expect(() => quantile([1, 0, 0, 0], FINE, 1)).toThrow(/q must lie in \(0, 1\), got 1/);
    expect(() => quantile([1, 0, 0, 0], FINE, 0)).toThrow(DistributionError);
  });
});

describe('allocate', () => {
  const probabilities = [0.5, 0.3, 0.15, 0.05];

  it('reserves the upper edge of the most likely bucket', () => {
    expect(allocate(probabilities, FINE, 'most-likely')).toBe(16);
  });

  it('reserves the smallest edge that reaches 1 - epsilon', () => {
    expect(allocate(probabilities, FINE, 'cumulative', 0.1)).toBe(48);
    expect(allocate(probabilities, FINE, 'cumulative', 0.2)).toBe(32);
  });

  it('stops at 1 - epsilon despite float rounding', () => {
    expect(allocate([0.7, 0.1, 0.1, 0.1], FINE, 'cumulative', 0.2)).toBe(32);
  });

  it('reserves the last edge with epsilon 0', () => {
    expect(allocate(probabilities, FINE, 'cumulative', 0)).toBe(64);
  });

  it('rejects epsilon outside [0, 1)', () => {
    expect(() => allocate(probabilities, FINE, 'cumulative', 1)).toThrow(/epsilon must lie in \[0, 1\), got 1/);
  });
});

describe('summarizeLength', () => {
  it('gives median, quartiles and both allocations', () => {
    const summary = summarizeLength([0.5, 0.3, 0.15, 0.05], FINE, 0.1);
    expect(summary.median).toBe(16);
    expect(summary.lowerQuartile).toBe(8);
    expect(summary.upperQuartile).toBeCloseTo(16 + (0.25 / 0.3) * 16, 9);
    expect(summary.mostLikelyAllocation).toBe(16);
    expect(summary.cumulativeAllocation).toBe(48);
  });
});

describe('cumulative rule of the simulator', () => {
  const distribution = fc
    .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 10, maxLength: 10 })
    .filter((values) => values.reduce((a, b) => a + b, 0) > 1e-6);

  it('picks the same bucket as cumulativeBucket', () => {
    fc.assert(
      fc.property(distribution, fc.double({ min: 0, max: 0.999, noNaN: true }), (values, epsilon) => {
        expect(simCumulativeBucket(values, epsilon)).toBe(cumulativeBucket(values, epsilon));
      }),
    );
  });

  it('reserves the edge that allocate returns for normalised probabilities', () => {
    fc.assert(
      fc.property(distribution, fc.double({ min: 0, max: 0.999, noNaN: true }), (values, epsilon) => {
        const total = values.reduce((a, b) => a + b, 0);
        const probabilities = values.map((value) => value / total);
        const bucket = simCumulativeBucket(probabilities, epsilon);
        expect(allocate(probabilities, S3_DEFAULT_SCHEME.edges, 'cumulative', epsilon)).toBe(allocationOf(S3_DEFAULT_SCHEME, bucket));
      }),
    );
  });
});
