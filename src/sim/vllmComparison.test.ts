/**
 * Tests of the vLLM comparison: the rate grid, the sustainable-rate interpolation,
 * and the expected order vLLM ≥ ORCA (Oracle) ≥ ORCA (Max) on the shipped Alpaca
 * and Azure conversation traces with OPT-13B on one A100 40GB. The order is an
 * expectation about real workloads, not a law of the simulator.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseTrace } from '../traces/index.ts';
import type { RequestLengths } from './reproduction.ts';
import { runJobAtOnce, type RunSummary } from './reproductionRuns.ts';
import {
  compareVllm,
  DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S,
  DEFAULT_VLLM_SETUP,
  rateGrid,
  repeatedRequests,
  selectServable,
  sustainableRate,
  VLLM_SYSTEMS,
  vllmOrder,
  type VllmComparison,
  type VllmPoint,
  type VllmSystem,
} from './vllmComparison.ts';

const TRACES = fileURLToPath(new URL('../../public/traces/', import.meta.url));

function traceLengths(file: string): RequestLengths[] {
  const trace = parseTrace(file, readFileSync(`${TRACES}${file}`, 'utf8'));
  return trace.requests.map((request) => ({ promptTokens: request.promptTokens, outputTokens: request.outputTokens ?? 0 }));
}

function point(system: VllmSystem, ratePerS: number, normalizedLatencySPerToken: number): VllmPoint {
  return { system, ratePerS, summary: { normalizedLatencySPerToken } as RunSummary };
}

describe('rateGrid', () => {
  it('doubles every perOctave steps and covers the high end', () => {
    expect(rateGrid(1, 4, 2)).toEqual([1, 1.41, 2, 2.83, 4]);
    expect(rateGrid(1, 4.5, 1)).toEqual([1, 2, 4, 8]);
  });

  it('rejects an empty range', () => {
    expect(() => rateGrid(0, 4, 2)).toThrow(RangeError);
  });
});

describe('sustainableRate', () => {
  const points = [point('vllm', 1, 0.02), point('vllm', 2, 0.05), point('vllm', 4, 0.25), point('vllm', 8, 2)];

  it('interpolates between the last rate under and the first over the threshold', () => {
    expect(sustainableRate(points, 'vllm', 0.1)).toEqual({ ratePerS: 2 + (0.05 / 0.2) * 2, bound: 'interpolated' });
  });

  it('reports a lower bound when no rate crosses', () => {
    expect(sustainableRate(points, 'vllm', 5)).toEqual({ ratePerS: 8, bound: 'above-grid' });
  });

  it('reports an upper bound when the lowest rate is over', () => {
    expect(sustainableRate(points, 'vllm', 0.01)).toEqual({ ratePerS: 1, bound: 'below-grid' });
  });

  it('counts a run without a normalized latency as over the threshold', () => {
    expect(sustainableRate([point('vllm', 1, 0.02), point('vllm', 2, Number.NaN)], 'vllm', 0.1)).toEqual({
      ratePerS: 1,
      bound: 'interpolated',
    });
  });
});

describe('selectServable', () => {
  it('leaves out requests over the context and counts them', () => {
    const lengths = [
      { promptTokens: 10, outputTokens: 10 },
      { promptTokens: 2000, outputTokens: 100 },
      { promptTokens: 5, outputTokens: 2043 },
      { promptTokens: 1, outputTokens: 1 },
    ];
    expect(selectServable(lengths, 2048, 2)).toEqual({ selected: [lengths[0], lengths[2]], leftOut: 1, scanned: 3 });
  });
});

describe('repeatedRequests', () => {
  const requests = [
    { id: 7, arrivalTimeS: 0, promptTokens: 1, outputTokens: 2, predictedBucket: 0 },
    { id: 9, arrivalTimeS: 0, promptTokens: 3, outputTokens: 4, predictedBucket: 0 },
  ];

  it('repeats the requests in order with fresh ids', () => {
    const repeated = repeatedRequests(requests, 5);
    expect(repeated.map((request) => request.id)).toEqual([0, 1, 2, 3, 4]);
    expect(repeated.map((request) => request.promptTokens)).toEqual([1, 3, 1, 3, 1]);
  });

  it('never returns fewer than the requests', () => {
    expect(repeatedRequests(requests, 1)).toHaveLength(2);
  });
});

describe('vLLM order on the shipped traces (OPT-13B, A100 40GB)', () => {
  let comparison: VllmComparison;

  beforeAll(async () => {
    comparison = await compareVllm(
      [
        { id: 'alpaca', file: 'alpaca-test-2000.jsonl', lengths: traceLengths('alpaca-test-2000.jsonl') },
        { id: 'azure-conv', file: 'azure-conv-2023.csv', lengths: traceLengths('azure-conv-2023.csv') },
      ],
      runJobAtOnce,
    );
  }, 240_000);

  it('replays the set number of servable requests of each trace', () => {
    for (const workload of comparison.workloads) {
      expect(workload.requests, workload.id).toBe(DEFAULT_VLLM_SETUP.requestCount);
      expect(workload.points, workload.id).toHaveLength(workload.rates.length * VLLM_SYSTEMS.length);
    }
  });

  it('orders offline throughput as expected', () => {
    for (const { id, offline } of comparison.workloads) {
      expect(offline.vllm.throughputSequencesPerS, id).toBeGreaterThanOrEqual(offline['orca-oracle'].throughputSequencesPerS);
      expect(offline['orca-oracle'].throughputSequencesPerS, id).toBeGreaterThanOrEqual(offline['orca-max'].throughputSequencesPerS);
    }
  });

  it('orders Alpaca rates as expected', () => {
    const alpaca = comparison.workloads.find((workload) => workload.id === 'alpaca')!;
    const order = vllmOrder(alpaca, DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S);
    for (const system of VLLM_SYSTEMS) expect(order.rates[system].bound, system).toBe('interpolated');
    expect(order.rates.vllm.ratePerS).toBeGreaterThanOrEqual(order.rates['orca-oracle'].ratePerS);
    expect(order.rates['orca-oracle'].ratePerS).toBeGreaterThanOrEqual(order.rates['orca-max'].ratePerS);
    expect(order.inExpectedOrder).toBe(true);
  });

  it('orders Azure rates as expected', () => {
    const azure = comparison.workloads.find((workload) => workload.id === 'azure-conv')!;
    const order = vllmOrder(azure, DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S);
    for (const system of VLLM_SYSTEMS) expect(order.rates[system].bound, system).toBe('interpolated');
    expect(order.inExpectedOrder).toBe(true);
  });

  it('reports gaps that equal the ratios of the rates', () => {
    for (const workload of comparison.workloads) {
      const order = vllmOrder(workload, DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S);
      expect(order.vllmOverMax).toBeCloseTo(order.rates.vllm.ratePerS / order.rates['orca-max'].ratePerS, 12);
    }
  });
});

describe('vLLM order on Alpaca with separate prefill and decode passes', () => {
  it('orders Alpaca rates as expected', { timeout: 240_000 }, async () => {
    const comparison = await compareVllm(
      [{ id: 'alpaca', file: 'alpaca-test-2000.jsonl', lengths: traceLengths('alpaca-test-2000.jsonl') }],
      runJobAtOnce,
      () => {},
      { ...DEFAULT_VLLM_SETUP, mixedIterations: 'separate' },
    );
    const order = vllmOrder(comparison.workloads[0]!, DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S);
    for (const system of VLLM_SYSTEMS) expect(order.rates[system].bound, system).toBe('interpolated');
    expect(order.inExpectedOrder).toBe(true);
  });
});
