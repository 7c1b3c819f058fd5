import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dominantTrueBucket, matrixTotal, rowNormalized, trueBucketShares } from './cardStats.ts';
import { modelOutput } from '../../predictor/modelCard.ts';
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
    title: 'Test model',
    served_model: 'a served model',
    label: { source: 'answer length', tokenizer: 'a tokenizer' },
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

  it('rejects a card without label texts', () => {
    expect(() => checkModelCard({ ...valid, label: { source: 'x' } }, 'card')).toThrow(/"label" must be an object/);
    expect(() => checkModelCard({ ...valid, title: 3 }, 'card')).toThrow(/"title" is missing/);
  });
});

describe('checkModelCard on the optional output fields', () => {
  const fine = {
    id: 'd',
    title: 'Distribution model',
    served_model: 'vicuna-7b',
    label: { source: 'length of one vicuna-7b answer', tokenizer: 'LLaMA SentencePiece' },
    buckets: { name: 'fine', edges: [0, 16, 32, 48, 64] },
    test_metrics: { confusion_matrix: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]] },
    variants: [],
  };
  const distribution = { kind: 'length-distribution', point_estimate: 'median', samples_per_prompt: 4 };

  it('accepts a distribution card with derived schemes and a report', () => {
    const card = checkModelCard(
      { ...fine, output: distribution, derived_schemes: { half: [0, 32, 64], wide: [0, 32, 2048] }, report: 'report.json' },
      'd/model-card.json',
    );
    expect(modelOutput(card)).toEqual(distribution);
    expect(card.derived_schemes).toEqual({ half: [0, 32, 64], wide: [0, 32, 2048] });
  });

  it('treats a card without output as a bucket classifier', () => {
    expect(modelOutput(checkModelCard(fine, 'card'))).toEqual({ kind: 'buckets' });
  });

  it('rejects an unknown output kind and names the card file', () => {
    expect(() => checkModelCard({ ...fine, output: { kind: 'regression' } }, 'd/model-card.json')).toThrow(
      /d\/model-card\.json: "output\.kind" must be .* got "regression"/,
    );
  });

  it('rejects a point estimate other than the median', () => {
    expect(() => checkModelCard({ ...fine, output: { ...distribution, point_estimate: 'mean' } }, 'card')).toThrow(
      /"output\.point_estimate" must be "median".* got "mean"/,
    );
  });

  it('rejects a sample count that is not a positive integer', () => {
    expect(() => checkModelCard({ ...fine, output: { ...distribution, samples_per_prompt: 0 } }, 'card')).toThrow(
      /samples_per_prompt" must be an integer >= 1, got 0/,
    );
  });

  it('rejects a derived edge that is not a fine edge', () => {
    expect(() => checkModelCard({ ...fine, derived_schemes: { odd: [0, 40, 64] } }, 'card')).toThrow(
      /"derived_schemes\.odd": coarse edges \[40\] are not fine edges/,
    );
  });

  it('rejects derived edges that do not increase', () => {
    expect(() => checkModelCard({ ...fine, derived_schemes: { odd: [0, 32, 32] } }, 'card')).toThrow(/"derived_schemes\.odd": .*increasing/);
    expect(() => checkModelCard({ ...fine, derived_schemes: { odd: 'edges' } }, 'card')).toThrow(/must be an array of edges/);
  });

  it.each(['../secret.json', '/report.json', 'https://example.org/r.json', '.hidden', ''])('rejects the report path %j', (report) => {
    expect(() => checkModelCard({ ...fine, report }, 'card')).toThrow(/"report" must be a file name inside the model folder/);
  });

  it('accepts a report in a subfolder', () => {
    expect(checkModelCard({ ...fine, report: 'eval/report.json' }, 'card').report).toBe('eval/report.json');
  });
});
