import { describe, expect, it } from 'vitest';
import { bucketOf, S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { drawPredictedBuckets, posteriorBucketProbabilities } from './predictions.ts';
import { createRng } from './rng.ts';
import { neighbourConfusionMatrix } from './syntheticWorkload.ts';

const scheme = S3_DEFAULT_SCHEME;

function emptyMatrix(): number[][] {
  return Array.from({ length: 10 }, () => new Array<number>(10).fill(0));
}

describe('drawPredictedBuckets', () => {
  it('draws from the true bucket row in proportion to its counts', () => {
    const matrix = emptyMatrix();
    matrix[2] = [0, 1, 2, 1, 0, 0, 0, 0, 0, 0];
    const lengths = new Array<number>(20_000).fill(500);
    expect(bucketOf(scheme, 500)).toBe(2);
    const { buckets, emptyRows, fallbackRequests } = drawPredictedBuckets(lengths, scheme, matrix, 1);
    const counts = new Array<number>(10).fill(0);
    for (const bucket of buckets) counts[bucket]! += 1;
    expect(counts[1]! / lengths.length).toBeCloseTo(0.25, 1);
    expect(counts[2]! / lengths.length).toBeCloseTo(0.5, 1);
    expect(counts[3]! / lengths.length).toBeCloseTo(0.25, 1);
    expect(counts[0]! + counts[4]!).toBe(0);
    expect(emptyRows).toEqual([]);
    expect(fallbackRequests).toBe(0);
  });

  it('predicts the true bucket for rows without counts and reports them', () => {
    const matrix = emptyMatrix();
    matrix[0]![0] = 5;
    const { buckets, emptyRows, fallbackRequests } = drawPredictedBuckets([10, 300, 2000, 2000], scheme, matrix, 3);
    expect([...buckets]).toEqual([0, 1, 9, 9]);
    expect(emptyRows).toEqual([1, 9]);
    expect(fallbackRequests).toBe(3);
  });

  it('repeats for the same seed and differs for another', () => {
    const matrix = neighbourConfusionMatrix(scheme, 0.5);
    const lengths = Array.from({ length: 500 }, (_, i) => (i * 37) % 2048);
    const first = drawPredictedBuckets(lengths, scheme, matrix, 99).buckets;
    const again = drawPredictedBuckets(lengths, scheme, matrix, 99).buckets;
    const other = drawPredictedBuckets(lengths, scheme, matrix, 100).buckets;
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('rejects a matrix of the wrong shape or with negative counts', () => {
    expect(() => drawPredictedBuckets([1], scheme, [[1]], 0)).toThrow(
      'confusion matrix has 1 rows, but the bucket scheme has 10 buckets',
    );
    const ragged = emptyMatrix();
    ragged[4] = [1, 2];
    expect(() => drawPredictedBuckets([1], scheme, ragged, 0)).toThrow('confusion matrix row 4 has 2 columns, expected 10');
    const negative = emptyMatrix();
    negative[0]![3] = -1;
    expect(() => drawPredictedBuckets([1], scheme, negative, 0)).toThrow(/cell \[0\]\[3\] must be a finite count >= 0, got -1/);
  });
});

describe('createRng', () => {
  it('returns the same sequence for the same seed', () => {
    const a = createRng(42);
    const b = createRng(42);
    const c = createRng(43);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(first);
  });

  it('stays in [0, 1) with a mean near one half', () => {
    const rng = createRng(7);
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < 100_000; i += 1) {
      const value = rng.next();
      sum += value;
      min = Math.min(min, value);
      max = Math.max(max, value);
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    expect(sum / 100_000).toBeCloseTo(0.5, 2);
  });
});

describe('posteriorBucketProbabilities', () => {
  it('normalises each predicted bucket column of the confusion matrix', () => {
    const matrix = [
      [8, 1, 0],
      [2, 3, 0],
      [0, 1, 0],
    ];
    const posterior = posteriorBucketProbabilities(matrix, 3);
    expect(posterior[0]).toEqual([0.8, 0.2, 0]);
    expect(posterior[1]).toEqual([0.2, 0.6, 0.2]);
    expect(posterior[2]).toBeNull();
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => posteriorBucketProbabilities([[1]], 2)).toThrow(/confusion matrix has 1 rows, but the bucket scheme has 2 buckets/);
  });
});
