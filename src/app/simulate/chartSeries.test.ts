import { describe, expect, it } from 'vitest';
import type { PolicyName, SweepPoint } from '../../sim/index.ts';
import { mergeStepSeries, niceAxisTicks, sweepCsv, sweepRows, sweepValue } from './chartSeries.ts';

describe('mergeStepSeries', () => {
  const merged = mergeStepSeries({
    a: [
      { timeS: 0, value: 1 },
      { timeS: 2, value: 3 },
      { timeS: 4, value: 0 },
    ],
    b: [
      { timeS: 1, value: 5 },
      { timeS: 2, value: 6 },
    ],
  });

  it('has one row per distinct time, in order', () => {
    expect(merged.map((row) => row.timeS)).toEqual([0, 1, 2, 4]);
  });

  it('holds the last value at or before each time', () => {
    expect(merged.map((row) => row['a'])).toEqual([1, 1, 3, 0]);
  });

  it('is null before a series starts and after it ends', () => {
    expect(merged.map((row) => row['b'])).toEqual([null, 5, 6, null]);
  });

  it('returns no rows for empty series', () => {
    expect(mergeStepSeries({ a: [] })).toEqual([]);
  });
});

describe('sweep series', () => {
  const point = (policy: PolicyName, ratePerS: number, e2eP90: number): SweepPoint => ({
    policy,
    configIndex: 0,
    ratePerS,
    throughputSequencesPerS: ratePerS * 0.9,
    throughputOutputTokensPerS: ratePerS * 100,
    latency: {
      ttftS: { p50: 0.1, p90: 0.2, p99: 0.3, mean: 0.15, count: 10 },
      tpotS: { p50: Number.NaN, p90: Number.NaN, p99: Number.NaN, mean: Number.NaN, count: 0 },
      e2eS: { p50: 1, p90: e2eP90, p99: 3, mean: 1.5, count: 10 },
    },
    sloAttainment: null,
    preemptions: 2,
    makespanS: 10,
    meanBatchSize: 4,
  });
  const points = [point('s3', 4, 2.5), point('paged', 4, 2.6), point('s3', 1, 1.5)];

  it('has one row per rate, ascending, with one column per policy', () => {
    expect(sweepRows(points, 'e2e', 'p90')).toEqual([
      { ratePerS: 1, s3: 1.5 },
      { ratePerS: 4, s3: 2.5, paged: 2.6 },
    ]);
    expect(sweepRows(points, 'throughput', 'p90')[0]).toEqual({ ratePerS: 1, s3: 0.9 });
  });

  it('plots missing percentiles as gaps', () => {
    expect(sweepValue(points[0]!, 'tpot', 'p50')).toBeNull();
  });

  it('exports every metric of every point', () => {
    const lines = sweepCsv(points, { cv: 2, seed: 9 }).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'policy,arrivals,arrival_cv,arrival_seed,rate_per_s,throughput_sequences_per_s,throughput_output_tokens_per_s,' +
        'ttft_p50_s,ttft_p90_s,ttft_p99_s,tpot_p50_s,tpot_p90_s,tpot_p99_s,e2e_p50_s,e2e_p90_s,e2e_p99_s,slo_attainment,preemptions',
    );
    expect(lines[1]).toBe('s3,gamma,2,9,4,3.6,400,0.1,0.2,0.3,,,,1,2.5,3,,2');
    expect(lines).toHaveLength(4);
    expect(sweepCsv(points, { cv: null, seed: 1 }).split('\r\n')[1]).toMatch(/^s3,poisson,,1,4,/);
  });
});

describe('niceAxisTicks', () => {
  it.each([
    [65, [0, 20, 40, 60, 80]],
    [84, [0, 50, 100]],
    [10, [0, 5, 10]],
    [0.7, [0, 0.2, 0.4, 0.6, 0.8]],
    [1, [0, 0.5, 1]],
  ])('max %s gives round ticks', (max, expected) => {
    expect(niceAxisTicks(max)).toEqual(expected);
  });

  it('covers the maximum', () => {
    for (const max of [0.013, 3.3, 47, 79.9, 141, 1234]) {
      const ticks = niceAxisTicks(max);
      expect(ticks.at(-1)).toBeGreaterThanOrEqual(max);
      expect(ticks.length).toBeLessThanOrEqual(6);
    }
  });

  it('falls back for an empty range', () => {
    expect(niceAxisTicks(0)).toEqual([0, 1]);
    expect(niceAxisTicks(Number.NaN)).toEqual([0, 1]);
  });
});
