import { describe, expect, it } from 'vitest';
import { equalWidthScheme } from '../predictor/buckets.ts';
import { buildCostModel, defaultCostConstants, iterationLatency, prefillAttentionPairs } from './costModel.ts';
import { SimulationCancelled, SimulationError } from './errors.ts';
import { MAX_TIMELINE_POINTS, throughputRatio } from './metrics.ts';
import { simulate } from './simulate.ts';
import { neighbourConfusionMatrix, syntheticWorkload } from './syntheticWorkload.ts';
import { costForCapacity, gptjConfig, request } from './testSupport.ts';
import type { IterationSnapshot, SimRequest } from './types.ts';
import { POLICY_NAMES } from './types.ts';

const model = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'));

function decodeLatency(contextTokens: number): number {
  return iterationLatency(model, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 1, decodeContextTokens: contextTokens });
}

function prefillLatency(tokens: number): number {
  return iterationLatency(model, { prefillTokens: tokens, prefillAttentionPairs: prefillAttentionPairs(tokens), decodeTokens: 0, decodeContextTokens: 0 });
}

function snapshots(requests: readonly SimRequest[], config: ReturnType<typeof gptjConfig>): IterationSnapshot[] {
  const steps: IterationSnapshot[] = [];
  simulate(requests, config, { onIteration: (snapshot) => steps.push(snapshot) });
  return steps;
}

describe('simulate, single request', () => {
  it('prefills, then decodes one token per iteration', () => {
    const result = simulate([request(7, 10, 3, 0)], gptjConfig('max-length'));
    const expected = prefillLatency(10) + decodeLatency(11) + decodeLatency(12);
    expect(result.iterations).toBe(3);
    expect(result.makespanS).toBeCloseTo(expected, 12);
    expect(result.finishTimesS[0]).toBeCloseTo(expected, 12);
    expect(result.outputTokens).toBe(3);
    expect(result.throughputSequencesPerS).toBeCloseTo(1 / expected, 9);
    expect(result.throughputOutputTokensPerS).toBeCloseTo(3 / expected, 9);
  });

  it('finishes an empty output after its prefill', () => {
    const result = simulate([request(1, 40, 0, 0)], gptjConfig('oracle'));
    expect(result.iterations).toBe(1);
    expect(result.makespanS).toBeCloseTo(prefillLatency(40), 12);
  });

  it('starts at the arrival time on an idle GPU', () => {
    const result = simulate([request(1, 10, 2, 0, 5)], gptjConfig('oracle'));
    expect(result.finishTimesS[0]).toBeCloseTo(5 + prefillLatency(10) + decodeLatency(11), 12);
    expect(result.meanLatencyS).toBeCloseTo(prefillLatency(10) + decodeLatency(11), 12);
  });

  it('returns zeros for an empty workload', () => {
    const progress: number[][] = [];
    const result = simulate([], gptjConfig('s3'), { onProgress: (finished, total) => progress.push([finished, total]) });
    expect(result.requests).toBe(0);
    expect(result.makespanS).toBe(0);
    expect(result.throughputSequencesPerS).toBe(0);
    expect(result.finishTimesS).toHaveLength(0);
    expect(progress).toEqual([[0, 0]]);
  });
});

describe('simulate, s3 preemption', () => {
  it('preempts an underpredicted request and pays recomputation', () => {
    const steps = snapshots([request(3, 50, 300, 0)], gptjConfig('s3'));
    const preemptStep = steps.findIndex((step) => step.preempted.length > 0);
    expect(preemptStep).toBe(204);
    expect(steps[preemptStep]!.preempted).toEqual([{ id: 3, generatedTokens: 205 }]);
    expect(steps[preemptStep + 1]!.admitted).toEqual([{ id: 3, generatedTokens: 205 }]);
    expect(steps[preemptStep + 1]!.reservedTokens).toBe(50 + 410);

    const result = simulate([request(3, 50, 300, 0)], gptjConfig('s3'));
    expect(result.preemptions).toBe(1);
    expect(result.recomputedTokens).toBe(50 + 205);
    expect(result.iterations).toBe(300);
  });

  it('climbs one bucket per preemption', () => {
    const result = simulate([request(1, 0, 1000, 0)], gptjConfig('s3'));
    expect(result.preemptions).toBe(4);
    expect(result.recomputedTokens).toBe(205 + 410 + 614 + 819);
  });

  it('is slower than oracle for the same request when it preempts', () => {
    const s3 = simulate([request(1, 500, 1000, 0)], gptjConfig('s3'));
    const oracle = simulate([request(1, 500, 1000, 0)], gptjConfig('oracle'));
    expect(s3.makespanS).toBeGreaterThan(oracle.makespanS);
  });

  it('does not preempt a correctly predicted request', () => {
    const result = simulate([request(1, 0, 205, 0), request(2, 0, 410, 1)], gptjConfig('s3'));
    expect(result.preemptions).toBe(0);
  });

  it('requeues a preempted request ahead of waiting ones', () => {
    // Capacity 614: A (205) and B (205) run, C (205) waits. At the end of step 205,
    // B finishes and A overflows, freeing everything. A now needs 410 and goes
    // first, so C no longer fits behind it. Were A at the back, C would go first.
    const requests = [request(1, 0, 300, 0), request(2, 0, 205, 0), request(3, 0, 300, 0)];
    const steps = snapshots(requests, gptjConfig('s3', { cost: costForCapacity(614) }));
    expect(steps[0]!.admitted.map((entry) => entry.id)).toEqual([1, 2]);
    expect(steps[204]!.finished.map((entry) => entry.id)).toEqual([2]);
    expect(steps[204]!.preempted.map((entry) => entry.id)).toEqual([1]);
    expect(steps[205]!.admitted).toEqual([{ id: 1, generatedTokens: 205 }]);
  });

  it('requeues requests preempted together in id order', () => {
    const requests = [request(9, 0, 300, 0), request(4, 0, 300, 0)];
    const steps = snapshots(requests, gptjConfig('s3'));
    expect(steps[204]!.preempted.map((entry) => entry.id)).toEqual([4, 9]);
    expect(steps[205]!.admitted.map((entry) => entry.id)).toEqual([4, 9]);
  });
});

describe('simulate, admission', () => {
  // Capacity 1000 tokens. Request 1 (oracle reservation 900) runs first. Request 2
  // (reservation 500) cannot fit beside it, but request 3 (reservation 50) can.
  const requests = [request(1, 0, 900, 0), request(2, 0, 500, 0), request(3, 0, 50, 0)];

  it('first-fit admits every request that fits, past one that does not', () => {
    const steps = snapshots(requests, gptjConfig('oracle', { cost: costForCapacity(1000), admission: 'first-fit' }));
    expect(steps[0]!.admitted.map((entry) => entry.id)).toEqual([1, 3]);
  });

  it('fcfs stops at the first request that does not fit', () => {
    const steps = snapshots(requests, gptjConfig('oracle', { cost: costForCapacity(1000), admission: 'fcfs' }));
    expect(steps[0]!.admitted.map((entry) => entry.id)).toEqual([1]);
    const admittedLater = steps.flatMap((step) => step.admitted.map((entry) => entry.id));
    expect(admittedLater).toEqual([1, 2, 3]);
  });

  it('s3 packs first-fit by default', () => {
    // s3 reservations: 205 + 100, 819 + 100, 205 + 100 with capacity 1000.
    const packed = [request(1, 100, 100, 0), request(2, 100, 700, 3), request(3, 100, 100, 0)];
    const steps = snapshots(packed, gptjConfig('s3', { cost: costForCapacity(1000) }));
    expect(steps[0]!.admitted.map((entry) => entry.id)).toEqual([1, 3]);
  });

  it('admits new arrivals at the next iteration boundary', () => {
    const arrivals = [request(1, 10, 50, 0, 0), request(2, 10, 50, 0, 0.05)];
    const steps = snapshots(arrivals, gptjConfig('oracle'));
    const joinStep = steps.find((step) => step.admitted.some((entry) => entry.id === 2))!;
    const previous = steps[joinStep.iteration - 1]!;
    expect(previous.endS).toBeGreaterThanOrEqual(0.05);
    expect(previous.startS).toBeLessThan(0.05);
    expect(joinStep.batchSize).toBe(2);
  });
});

describe('simulate, input checks', () => {
  it('rejects a request that can never fit, naming its id and size', () => {
    const config = gptjConfig('max-length', { cost: costForCapacity(2000) });
    const run = () => simulate([request(1, 10, 5, 0), request(42, 100, 5, 0)], config);
    expect(run).toThrow(SimulationError);
    expect(run).toThrow(
      'request 1 needs a KV reservation of 2058 tokens under policy max-length (prompt 10 + output allocation 2048), ' +
        'but an empty GPU holds 2000 tokens',
    );
  });

  it('rejects an s3 request whose final bucket never fits', () => {
    // Predicted bucket 0 fits (100 + 205), but the true length needs bucket 4 (100 + 1024).
    const config = gptjConfig('s3', { cost: costForCapacity(1000) });
    expect(() => simulate([request(5, 100, 1000, 0)], config)).toThrow(/request 5 needs a KV reservation of 1124 tokens/);
  });

  it('rejects malformed requests', () => {
    const config = gptjConfig('s3');
    expect(() => simulate([request(1, 10, 5, 0), request(1, 10, 5, 0)], config)).toThrow(/id 1 is used by an earlier request/);
    expect(() => simulate([request(1, 10, 3000, 9)], config)).toThrow(/outputTokens must be an integer in \[0, 2048\]/);
    expect(() => simulate([request(1, 10, 5, 10)], config)).toThrow(/predictedBucket must be an integer in \[0, 10\)/);
    expect(() => simulate([request(1, -1, 5, 0)], config)).toThrow(/promptTokens must be an integer >= 0, got -1/);
    expect(() => simulate([request(1, 1, 5, 0, Number.NaN)], config)).toThrow(/arrivalTimeS must be a finite number >= 0/);
  });

  it('ignores predicted buckets outside s3', () => {
    expect(() => simulate([request(1, 10, 5, -1)], gptjConfig('oracle'))).not.toThrow();
  });

  it('rejects an unknown policy', () => {
    const config = { ...gptjConfig('s3'), policy: 'lifo' as 's3' };
    expect(() => simulate([], config)).toThrow('unknown policy "lifo"; expected one of: max-length, s3, oracle');
  });
});

describe('simulate, hooks', () => {
  const workload = syntheticWorkload({ count: 400, seed: 11, scheme: gptjConfig('s3').scheme });

  it('reports monotonic progress ending at the total', () => {
    const progress: Array<[number, number]> = [];
    simulate(workload, gptjConfig('max-length'), { onProgress: (finished, total) => progress.push([finished, total]) });
    expect(progress.length).toBeGreaterThan(1);
    for (let i = 1; i < progress.length; i += 1) {
      expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);
      expect(progress[i]![1]).toBe(400);
    }
    expect(progress.at(-1)).toEqual([400, 400]);
  });

  it('throws SimulationCancelled once isCancelled returns true', () => {
    let calls = 0;
    const run = () =>
      simulate(workload, gptjConfig('max-length'), {
        onProgress: () => {
          calls += 1;
        },
        isCancelled: () => calls >= 2,
      });
    expect(run).toThrow(SimulationCancelled);
    expect(calls).toBe(2);
  });
});

describe('simulate, results', () => {
  const scheme = gptjConfig('s3').scheme;
  const workload = syntheticWorkload({
    count: 1500,
    seed: 5,
    scheme,
    confusionMatrix: neighbourConfusionMatrix(scheme, 0.6),
  });

  it('are identical for the same seed', () => {
    const again = syntheticWorkload({ count: 1500, seed: 5, scheme, confusionMatrix: neighbourConfusionMatrix(scheme, 0.6) });
    expect(again).toEqual(workload);
    for (const policy of POLICY_NAMES) {
      expect(simulate(again, gptjConfig(policy))).toEqual(simulate(workload, gptjConfig(policy)));
    }
  });

  it('do not depend on input order', () => {
    const reversed = [...workload].reverse();
    const forward = simulate(workload, gptjConfig('s3'));
    const backward = simulate(reversed, gptjConfig('s3'));
    expect(backward.makespanS).toBe(forward.makespanS);
    for (let i = 0; i < workload.length; i += 1) {
      expect(backward.finishTimesS[workload.length - 1 - i]).toBe(forward.finishTimesS[i]);
    }
  });

  it('keep the timeline within its point limit and in time order', () => {
    const result = simulate(workload, gptjConfig('max-length'));
    expect(result.iterations).toBeGreaterThan(MAX_TIMELINE_POINTS);
    expect(result.timeline.length).toBeLessThanOrEqual(MAX_TIMELINE_POINTS);
    expect(result.timeline.length).toBeGreaterThan(MAX_TIMELINE_POINTS / 4);
    for (let i = 1; i < result.timeline.length; i += 1) {
      expect(result.timeline[i]!.timeS).toBeGreaterThanOrEqual(result.timeline[i - 1]!.timeS);
    }
    for (const point of result.timeline) {
      expect(point.kvReservedBytes).toBeLessThanOrEqual(result.kvCapacityBytes);
      expect(point.kvUsedBytes).toBeLessThanOrEqual(point.kvReservedBytes);
    }
    expect(result.timeline.at(-1)).toEqual({ timeS: result.makespanS, batchSize: 0, kvReservedBytes: 0, kvUsedBytes: 0 });
  });

  it('report KV capacity, batch sizes and unused share', () => {
    const result = simulate(workload, gptjConfig('max-length'));
    expect(result.kvCapacityTokens).toBe(143_314);
    expect(result.kvCapacityBytes).toBe(model.kvCapacityBytes);
    expect(result.kvBytesPerToken).toBe(458_752);
    expect(result.meanBatchSize).toBeGreaterThan(1);
    expect(result.peakBatchSize).toBeGreaterThanOrEqual(result.meanBatchSize);
    expect(result.meanUnusedReservedShare).toBeGreaterThan(0);
    expect(result.meanUnusedReservedShare).toBeLessThan(1);
    const oracle = simulate(workload, gptjConfig('oracle'));
    expect(oracle.meanUnusedReservedShare).toBeLessThan(result.meanUnusedReservedShare);
  });

  it('compute throughput ratios', () => {
    const s3 = simulate(workload, gptjConfig('s3'));
    const maxLength = simulate(workload, gptjConfig('max-length'));
    expect(throughputRatio(s3, maxLength)).toBeCloseTo(s3.throughputSequencesPerS / maxLength.throughputSequencesPerS, 12);
    expect(throughputRatio(s3, maxLength, 'output-tokens')).toBeCloseTo(
      s3.throughputOutputTokensPerS / maxLength.throughputOutputTokensPerS,
      12,
    );
    expect(throughputRatio(s3, simulate([], gptjConfig('s3')))).toBeNaN();
  });

  it('use a custom bucket scheme', () => {
    const small = equalWidthScheme(64, 4);
    const result = simulate([request(1, 5, 40, 0)], gptjConfig('s3', { scheme: small }));
    expect(result.preemptions).toBe(2);
    expect(result.schemeName).toBe(small.name);
  });
});
