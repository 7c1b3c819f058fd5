/**
 * Tests of the S³ reproduction: the scheme changes, the tensor-parallel rule, and a
 * run on the shipped Alpaca trace with the shipped predicted buckets, checked
 * against the Simulate view's own way of building requests.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSimRequests } from '../app/simulate/simInputs.ts';
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { parseTrace } from '../traces/index.ts';
import { checkPredictedBuckets } from '../traces/predictedBuckets.ts';
import { costModelFor } from './costModel.ts';
import { throughputRatio } from './metrics.ts';
import {
  applyChange,
  baselineSetup,
  buildS3Requests,
  changedScheme,
  directionOf,
  maxRatioRow,
  reproduceS3,
  S3_ASSUMPTION_CHANGES,
  S3_MATCH_BAND,
  smallestFittingTensorParallel,
  type S3Inputs,
  type S3Reproduction,
  type S3Setup,
} from './reproduction.ts';
import { runJobAtOnce } from './reproductionRuns.ts';
import { simulate } from './simulate.ts';

const TRACES = fileURLToPath(new URL('../../public/traces/', import.meta.url));

function shippedInputs(): S3Inputs {
  const trace = parseTrace('alpaca-test-2000.jsonl', readFileSync(`${TRACES}alpaca-test-2000.jsonl`, 'utf8'));
  const predicted = checkPredictedBuckets(
    JSON.parse(readFileSync(`${TRACES}alpaca-test-2000.predicted.json`, 'utf8')),
    'alpaca-test-2000.predicted.json',
  );
  return {
    lengths: trace.requests.map((request) => ({ promptTokens: request.promptTokens, outputTokens: request.outputTokens ?? 0 })),
    predictedBuckets: predicted.buckets,
    probabilities: predicted.probabilities,
    scheme: predicted.scheme,
  };
}

const TINY: S3Inputs = {
  lengths: [
    { promptTokens: 10, outputTokens: 100 },
    { promptTokens: 20, outputTokens: 1500 },
    { promptTokens: 30, outputTokens: 3000 },
  ],
  predictedBuckets: [0, 9, 3],
  probabilities: [
    [0.5, 0.5, 0, 0, 0, 0, 0, 0, 0, 0],
    [0, 0, 0, 0, 0, 0, 0, 0, 0.4, 0.6],
    [0, 0, 0, 1, 0, 0, 0, 0, 0, 0],
  ],
  scheme: S3_DEFAULT_SCHEME,
};

function tinySetup(overrides: Partial<S3Setup> = {}): S3Setup {
  return { ...baselineSetup(TINY, 'gptj-6b')!, ...overrides };
}

describe('changedScheme', () => {
  it('keeps every second edge when merging by 2', () => {
    expect(changedScheme(S3_DEFAULT_SCHEME, { kind: 'merge', factor: 2 }).edges).toEqual([0, 410, 819, 1229, 1638, 2048]);
  });

  it('keeps the first five buckets when truncating to 5', () => {
    expect(changedScheme(S3_DEFAULT_SCHEME, { kind: 'truncate', buckets: 5 }).edges).toEqual([0, 205, 410, 614, 819, 1024]);
  });

  it('rejects a merge factor that does not divide the buckets', () => {
    expect(() => changedScheme(S3_DEFAULT_SCHEME, { kind: 'merge', factor: 3 })).toThrow(/groups of 3/);
  });
});

describe('buildS3Requests', () => {
  it('cuts outputs to the maximum and maps predictions when truncating', () => {
    const requests = buildS3Requests(TINY, tinySetup({ scheme: { kind: 'truncate', buckets: 5 } }));
    expect(requests.map((request) => request.outputTokens)).toEqual([100, 1024, 1024]);
    expect(requests.map((request) => request.predictedBucket)).toEqual([0, 4, 3]);
    expect(requests[1]!.bucketProbabilities).toEqual([0, 0, 0, 0, 1]);
  });

  it('merges predictions and probabilities of adjacent buckets', () => {
    const requests = buildS3Requests(TINY, tinySetup({ scheme: { kind: 'merge', factor: 2 } }));
    expect(requests.map((request) => request.predictedBucket)).toEqual([0, 4, 1]);
    expect(requests[0]!.bucketProbabilities).toEqual([1, 0, 0, 0, 0]);
  });

  it('uses the true bucket when asked', () => {
    const requests = buildS3Requests(TINY, tinySetup({ bucketSource: 'true' }));
    expect(requests.map((request) => request.predictedBucket)).toEqual([0, 7, 9]);
    expect(requests.every((request) => request.bucketProbabilities === undefined)).toBe(true);
  });

  it('takes the first requests only', () => {
    expect(buildS3Requests(TINY, tinySetup({ requestCount: 2 }))).toHaveLength(2);
  });
});

describe('smallestFittingTensorParallel', () => {
  it('picks the smallest size the weights and one reservation fit', () => {
    expect(smallestFittingTensorParallel('gptj-6b', 'a100-80gb', 2200)).toBe(1);
    expect(smallestFittingTensorParallel('llama-65b', 'a100-80gb', 2200)).toBe(2);
    expect(smallestFittingTensorParallel('opt-175b', 'a100-80gb', 2200)).toBe(8);
  });

  it('returns a size whose KV cache holds the reservation', () => {
    const size = smallestFittingTensorParallel('llama-33b', 'a100-40gb', 2200)!;
    expect(costModelFor({ modelId: 'llama-33b', gpuId: 'a100-40gb', tensorParallel: size }).kvCapacityTokens).toBeGreaterThanOrEqual(2200);
  });

  it('returns null when no size fits', () => {
    expect(smallestFittingTensorParallel('opt-175b', 'a100-40gb', 2200)).toBeNull();
  });
});

describe('applyChange', () => {
  it('picks the tensor-parallel size anew for a GPU change', () => {
    const baseline = baselineSetup(TINY, 'llama-33b')!;
    expect(baseline.tensorParallel).toBe(1);
    const change = S3_ASSUMPTION_CHANGES.find((candidate) => candidate.id === 'gpu-a100-40gb')!;
    expect(applyChange(TINY, baseline, change)?.tensorParallel).toBe(2);
  });

  it('keeps the tensor-parallel size for other changes', () => {
    const baseline = baselineSetup(TINY, 'llama-65b')!;
    const change = S3_ASSUMPTION_CHANGES.find((candidate) => candidate.id === 'requests-200')!;
    expect(applyChange(TINY, baseline, change)).toEqual({ ...baseline, requestCount: 200 });
  });
});

describe('directionOf', () => {
  it('calls changes within 0.1% unchanged', () => {
    expect(directionOf(2, 2.001)).toBe('same');
    expect(directionOf(2, 2.01)).toBe('up');
    expect(directionOf(2, 1.99)).toBe('down');
  });
});

describe('S³ reproduction on the shipped Alpaca trace', () => {
  const inputs = shippedInputs();
  let reproduction: S3Reproduction;

  beforeAll(async () => {
    reproduction = await reproduceS3(inputs, runJobAtOnce);
  }, 120_000);

  it('runs every model preset', () => {
    expect(reproduction.rows).toHaveLength(10);
    for (const row of reproduction.rows) expect(row.comparison, row.modelId).not.toBeNull();
  });

  it('orders every model as oracle ≥ S³ > max-length', () => {
    for (const row of reproduction.rows) {
      const comparison = row.comparison!;
      expect(comparison.s3Ratio, row.modelId).toBeGreaterThan(1);
      expect(comparison.oracle.throughputSequencesPerS, row.modelId).toBeGreaterThanOrEqual(comparison.s3.throughputSequencesPerS);
    }
  });

  it('marks the model with the highest ratio', () => {
    const best = maxRatioRow(reproduction.rows)!;
    expect(reproduction.maxModelId).toBe(best.modelId);
    expect(reproduction.maxRatio).toBe(best.comparison!.s3Ratio);
    const inBand = reproduction.maxRatio >= S3_MATCH_BAND.low && reproduction.maxRatio <= S3_MATCH_BAND.high;
    expect(reproduction.maxInBand).toBe(inBand);
  });

  it('matches the Simulate view for GPT-J 6B', () => {
    const trace = parseTrace('alpaca-test-2000.jsonl', readFileSync(`${TRACES}alpaca-test-2000.jsonl`, 'utf8'));
    const { requests } = buildSimRequests(trace.requests, inputs.predictedBuckets, inputs.scheme, 'burst', inputs.probabilities);
    const run = (policy: 'max-length' | 's3') => simulate(requests, { policy, modelId: 'gptj-6b', gpuId: 'a100-80gb', scheme: inputs.scheme });
    const gptj = reproduction.rows.find((row) => row.modelId === 'gptj-6b')!.comparison!;
    expect(gptj.s3Ratio).toBeCloseTo(throughputRatio(run('s3'), run('max-length')), 12);
  });

  it('examines the highest-ratio model and GPT-J 6B', () => {
    expect(reproduction.sensitivityModels[0]).toBe(reproduction.maxModelId);
    expect(reproduction.sensitivityModels).toContain('gptj-6b');
    expect(reproduction.sensitivity).toHaveLength(reproduction.sensitivityModels.length * S3_ASSUMPTION_CHANGES.length);
  });

  // Expectations from the mechanism, not fitted values: halving what max-length
  // reserves, or cutting the batch so the tail of long requests weighs more, lowers the ratio.
  it('lowers the ratio with a shorter maximum output or fewer requests', () => {
    for (const row of reproduction.sensitivity) {
      if (row.change.id === 'max-output-1024' || row.change.id === 'requests-200') {
        expect(row.direction, `${row.modelId} ${row.change.id}`).toBe('down');
      }
    }
  });

  it('raises the GPT-J ratio on the smaller A100 40GB', () => {
    const row = reproduction.sensitivity.find((candidate) => candidate.modelId === 'gptj-6b' && candidate.change.id === 'gpu-a100-40gb')!;
    expect(row.direction).toBe('up');
  });

  it('preempts nothing with true buckets', () => {
    for (const row of reproduction.sensitivity.filter((candidate) => candidate.change.id === 'buckets-true')) {
      expect(row.changed!.s3.preemptions, row.modelId).toBe(0);
    }
  });
});
