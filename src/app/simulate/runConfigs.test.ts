import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../../predictor/buckets.ts';
import { contextOverflow, simulate } from '../../sim/index.ts';
import { comparisonCsv } from './resultsCsv.ts';
import { runConfigs, type ServingChoices } from './runConfigs.ts';
import { DEFAULT_SCHEDULING, resolveScheduling } from './schedulingSettings.ts';
import type { Comparison } from './simStore.ts';

const SERVING: ServingChoices = {
  modelId: 'gptj-6b',
  gpuId: 'a100-80gb',
  dtype: 'bf16',
  tensorParallel: 2,
  mixedIterations: 'separate',
  latencyTable: null,
  cost: {},
  scheme: S3_DEFAULT_SCHEME,
  admission: 'fcfs',
};

function scheduling() {
  const resolution = resolveScheduling({ ...DEFAULT_SCHEDULING, policies: ['max-length', 'paged'] }, 'gamma', false);
  if (!resolution.ok) throw new Error(`expected valid settings, got ${JSON.stringify(resolution.errors)}`);
  return resolution.value;
}

describe('runConfigs', () => {
  it('gives every policy the serving choices and paged its own admission', () => {
    const [maxLength, paged] = runConfigs(SERVING, scheduling());
    expect(maxLength).toMatchObject({ policy: 'max-length', dtype: 'bf16', tensorParallel: 2, mixedIterations: 'separate', admission: 'fcfs' });
    expect(maxLength!.cost).toBeUndefined();
    expect(maxLength!.latencyTable).toBeUndefined();
    expect(paged).toMatchObject({ policy: 'paged', maxNumSeqs: 256, kvWatermark: 0.01 });
    expect(paged!.admission).toBeUndefined();
  });

  it('passes cost overrides when there are any', () => {
    const [config] = runConfigs({ ...SERVING, cost: { iterationOverheadS: 0.001 } }, scheduling());
    expect(config!.cost).toEqual({ iterationOverheadS: 0.001 });
  });
});

describe('comparisonCsv', () => {
  it('repeats the run setup and the arrival seed on every row', () => {
    const requests = [
      { id: 1, arrivalTimeS: 0, promptTokens: 3000, outputTokens: 10, predictedBucket: 0 },
      { id: 2, arrivalTimeS: 0.5, promptTokens: 20, outputTokens: 10, predictedBucket: 0 },
    ];
    const results = runConfigs(SERVING, scheduling()).map((config) => simulate(requests, config));
    const comparison: Comparison = {
      traceFileName: 'two.jsonl',
      requests: 2,
      arrivals: 'gamma',
      arrivalProcess: { kind: 'gamma', ratePerS: 4, cv: 2 },
      arrivalSeed: 9,
      cappedOutputs: 0,
      contextOverflow: contextOverflow(requests, 'gptj-6b'),
      scheme: S3_DEFAULT_SCHEME,
      hadArrivalTimes: false,
      prediction: { kind: 'predictor', backend: null, cached: 0 },
      results,
    };
    const [header, ...rows] = comparisonCsv(comparison).trimEnd().split('\r\n');
    const columns = header!.split(',');
    const cell = (row: string, name: string) => row.split(',')[columns.indexOf(name)];
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(cell(row, 'arrivals')).toBe('gamma');
      expect(cell(row, 'arrival_rate_per_s')).toBe('4');
      expect(cell(row, 'arrival_cv')).toBe('2');
      expect(cell(row, 'arrival_seed')).toBe('9');
      expect(cell(row, 'dtype')).toBe('bf16');
      expect(cell(row, 'tensor_parallel')).toBe('2');
      expect(cell(row, 'mixed_iterations')).toBe('separate');
      expect(cell(row, 'requests_over_context')).toBe('1');
      expect(Number(cell(row, 'mean_unused_reserved_share'))).toBeGreaterThanOrEqual(0);
    }
    expect(cell(rows[1]!, 'max_num_seqs')).toBe('256');
    expect(cell(rows[0]!, 'max_num_seqs')).toBe('');
  });
});
