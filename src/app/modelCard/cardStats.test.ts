import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dominantTrueBucket, matrixTotal, rowNormalized, trueBucketShares } from './cardStats.ts';
import { checkModelCard, ModelCardError } from './checkModelCard.ts';

const MODEL_CARD = new URL('../../../public/models/minilm-l6-alpaca-s3/model-card.json', import.meta.url);

describe('confusion matrix statistics', () => {
  const matrix = [
    [90, 5, 0],
    [3, 2, 0],
    [0, 0, 0],
  ];

  it('totals every cell', () => {
    expect(matrixTotal(matrix)).toBe(100);
  });

  it('computes true-bucket shares from row sums', () => {
    expect(trueBucketShares(matrix)).toEqual([0.95, 0.05, 0]);
  });

  it('finds the dominant true bucket', () => {
    expect(dominantTrueBucket(matrix)).toEqual({ bucket: 0, share: 0.95 });
  });

  it('normalises rows and leaves empty rows at 0', () => {
    expect(rowNormalized(matrix)[1]).toEqual([0.6, 0.4, 0]);
    expect(rowNormalized(matrix)[2]).toEqual([0, 0, 0]);
  });

  it('returns zero shares for an empty matrix', () => {
    expect(trueBucketShares([[0]])).toEqual([0]);
  });
});

describe('shipped model card', () => {
  const card = checkModelCard(JSON.parse(readFileSync(MODEL_CARD, 'utf8')), 'model-card.json');

  it('passes the checks', () => {
    expect(card.buckets.edges.length - 1).toBe(card.test_metrics.confusion_matrix.length);
  });

  it('has as many matrix cells as test rows', () => {
    expect(matrixTotal(card.test_metrics.confusion_matrix)).toBe(card.test_metrics.rows);
  });

  it('has its largest true bucket first, as Alpaca answers are short', () => {
    expect(dominantTrueBucket(card.test_metrics.confusion_matrix).bucket).toBe(0);
  });
});

describe('checkModelCard', () => {
  const valid = {
    id: 'm',
    buckets: { name: 's', edges: [0, 10, 20] },
    test_metrics: { confusion_matrix: [[1, 0], [0, 1]] },
    variants: [],
  };

  it('accepts a minimal card', () => {
    expect(checkModelCard(valid, 'card').id).toBe('m');
  });

  it('rejects a matrix of the wrong size', () => {
    const card = { ...valid, test_metrics: { confusion_matrix: [[1, 0]] } };
    expect(() => checkModelCard(card, 'card')).toThrow(/must have 2 rows/);
  });

  it('rejects a negative count and names the row', () => {
    const card = { ...valid, test_metrics: { confusion_matrix: [[1, 0], [0, -1]] } };
    expect(() => checkModelCard(card, 'card')).toThrow(ModelCardError);
    expect(() => checkModelCard(card, 'card')).toThrow(/row 1/);
  });

  it('rejects decreasing bucket edges', () => {
    expect(() => checkModelCard({ ...valid, buckets: { name: 's', edges: [0, 20, 10] } }, 'card')).toThrow(/increasing/);
  });

  it('rejects a non-object', () => {
    expect(() => checkModelCard([], 'card')).toThrow(/expected a JSON object/);
  });
});
