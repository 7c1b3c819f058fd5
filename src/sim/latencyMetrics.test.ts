import { describe, expect, it } from 'vitest';
import { latencySummary, quantileOfSorted, sloAttainment, summarize } from './latencyMetrics.ts';

describe('quantileOfSorted', () => {
  it('interpolates linearly between ranks, as NumPy does by default', () => {
    // numpy.percentile([1, 2, 3, 4], [50, 90, 99]) = [2.5, 3.7, 3.97]
    expect(quantileOfSorted([1, 2, 3, 4], 0.5)).toBeCloseTo(2.5, 12);
    expect(quantileOfSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 12);
    expect(quantileOfSorted([1, 2, 3, 4], 0.99)).toBeCloseTo(3.97, 12);
    expect(quantileOfSorted([5], 0.99)).toBe(5);
    expect(quantileOfSorted([], 0.5)).toBeNaN();
  });
});

describe('summarize', () => {
  it('sorts the values and reports percentiles and mean', () => {
    const summary = summarize(Float64Array.from([4, 1, 3, 2]));
    expect(summary).toEqual({ p50: 2.5, p90: expect.closeTo(3.7, 12) as number, p99: expect.closeTo(3.97, 12) as number, mean: 2.5, count: 4 });
  });

  it('reports NaN for no values', () => {
    const summary = summarize(new Float64Array(0));
    expect(summary.count).toBe(0);
    expect(summary.p50).toBeNaN();
    expect(summary.mean).toBeNaN();
  });
});

describe('latencySummary', () => {
  const times = { arrivalS: [0, 1, 2], firstTokenS: [0.5, 1.5, 2.1], finishS: [2.5, 1.5, 4.1], outputTokens: [5, 1, 3] };

  it('computes TTFT, TPOT and end-to-end latency per request', () => {
    const summary = latencySummary(times);
    expect(summary.ttftS.mean).toBeCloseTo((0.5 + 0.5 + 0.1) / 3, 12);
    // TPOT of requests with at least 2 tokens: (2.5 - 0.5) / 4 and (4.1 - 2.1) / 2.
    expect(summary.tpotS.count).toBe(2);
    expect(summary.tpotS.mean).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(summary.e2eS.p50).toBeCloseTo(2.1, 12);
  });

  it('counts the share of requests within every SLO threshold', () => {
    expect(sloAttainment(times, undefined)).toBeNull();
    expect(sloAttainment(times, {})).toBeNull();
    expect(sloAttainment(times, { e2eS: 2.1 })).toBeCloseTo(2 / 3, 12);
    expect(sloAttainment(times, { e2eS: 2.1, ttftS: 0.2 })).toBeCloseTo(1 / 3, 12);
    expect(sloAttainment({ arrivalS: [], firstTokenS: [], finishS: [], outputTokens: [] }, { e2eS: 1 })).toBeNaN();
  });
});
