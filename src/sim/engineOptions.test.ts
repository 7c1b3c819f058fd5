/**
 * Hand-checked scenarios of the scheduling options: the S³ supervisor's in-place
 * extension and allocation rules, paged attention, shortest-job-first with aging,
 * decreasing first fit, and the latency metrics.
 */
import { describe, expect, it } from 'vitest';
import { buildCostModel, defaultCostConstants, iterationLatency, prefillAttentionPairs } from './costModel.ts';
import { SimulationError } from './errors.ts';
import { simulate } from './simulate.ts';
import { costForCapacity, gptjConfig, request } from './testSupport.ts';
import type { IterationSnapshot, SimConfig, SimRequest } from './types.ts';

const model = buildCostModel(defaultCostConstants('gptj-6b', 'a100-80gb'));

function snapshots(requests: readonly SimRequest[], config: SimConfig): IterationSnapshot[] {
  const steps: IterationSnapshot[] = [];
  simulate(requests, config, { onIteration: (snapshot) => steps.push(snapshot) });
  return steps;
}

function admittedIds(steps: readonly IterationSnapshot[]): number[] {
  return steps.flatMap((step) => step.admitted.map((entry) => entry.id));
}

describe('s3 supervisor, extend-or-preempt', () => {
  const extend = { s3Overflow: 'extend-or-preempt' } as const;

  it('grows the reservation in place when memory is free', () => {
    const steps = snapshots([request(1, 50, 300, 0)], gptjConfig('s3', extend));
    expect(steps[204]!.extended).toEqual([{ id: 1, generatedTokens: 205 }]);
    expect(steps[205]!.reservedTokens).toBe(50 + 410);
    const result = simulate([request(1, 50, 300, 0)], gptjConfig('s3', extend));
    expect(result.preemptions).toBe(0);
    expect(result.inPlaceExtensions).toBe(1);
    expect(result.recomputedTokens).toBe(0);
    expect(result.iterations).toBe(300);
    expect(result.s3).toEqual({ allocation: 'most-likely', epsilon: 0.1, overflow: 'extend-or-preempt' });
  });

  it('matches the oracle timing for a lone request, which never waits', () => {
    const lone = [request(1, 50, 1000, 0)];
    const s3 = simulate(lone, gptjConfig('s3', extend));
    const oracle = simulate(lone, gptjConfig('oracle'));
    expect(s3.inPlaceExtensions).toBe(4);
    expect(s3.makespanS).toBe(oracle.makespanS);
  });

  it('preempts when the next bucket does not fit', () => {
    // Capacity 500: both requests reserve 205 and overflow together at step 204 with
    // 90 tokens free. Request 1 cannot grow by 205, so it is preempted, which frees
    // 205 more, and request 2, next in id order, grows in place.
    const requests = [request(1, 0, 300, 0), request(2, 0, 300, 0)];
    const steps = snapshots(requests, gptjConfig('s3', { ...extend, cost: costForCapacity(500) }));
    expect(steps[204]!.preempted).toEqual([{ id: 1, generatedTokens: 205 }]);
    expect(steps[204]!.extended).toEqual([{ id: 2, generatedTokens: 205 }]);
    const result = simulate(requests, gptjConfig('s3', { ...extend, cost: costForCapacity(500) }));
    expect(result.preemptions).toBe(1);
    expect(result.inPlaceExtensions).toBe(1);
    expect(result.recomputedTokens).toBe(205);
  });

  it('always preempts under the default rule', () => {
    const result = simulate([request(1, 50, 300, 0)], gptjConfig('s3'));
    expect(result.preemptions).toBe(1);
    expect(result.inPlaceExtensions).toBe(0);
  });
});

describe('s3 allocation rules', () => {
  const probabilities = [0.5, 0.3, 0.2, 0, 0, 0, 0, 0, 0, 0];
  const withProbabilities: SimRequest = { ...request(1, 10, 100, 0), bucketProbabilities: probabilities };

  it('reserves the smallest edge whose cumulative probability reaches 1 - epsilon', () => {
    const cumulative = (epsilon: number) =>
      snapshots([withProbabilities], gptjConfig('s3', { s3Allocation: 'cumulative', s3Epsilon: epsilon }))[0]!.reservedTokens;
    expect(cumulative(0.1)).toBe(10 + 614);
    expect(cumulative(0.25)).toBe(10 + 410);
    expect(cumulative(0.5)).toBe(10 + 205);
    expect(cumulative(0)).toBe(10 + 614);
  });

  it('reserves the argmax bucket under most-likely', () => {
    expect(snapshots([withProbabilities], gptjConfig('s3'))[0]!.reservedTokens).toBe(10 + 205);
  });

  it('falls back to the predicted bucket and counts requests without probabilities', () => {
    const requests = [withProbabilities, request(2, 10, 100, 1)];
    const result = simulate(requests, gptjConfig('s3', { s3Allocation: 'cumulative' }));
    expect(result.allocationFallbacks).toBe(1);
    expect(snapshots(requests, gptjConfig('s3', { s3Allocation: 'cumulative' }))[0]!.reservedTokens).toBe(10 + 614 + 10 + 410);
  });

  it('rejects malformed probabilities', () => {
    const config = gptjConfig('s3', { s3Allocation: 'cumulative' });
    const short: SimRequest = { ...request(4, 1, 1, 0), bucketProbabilities: [1, 0] };
    const negative: SimRequest = { ...request(5, 1, 1, 0), bucketProbabilities: [...probabilities.slice(0, 9), -1] };
    const zero: SimRequest = { ...request(6, 1, 1, 0), bucketProbabilities: new Array<number>(10).fill(0) };
    expect(() => simulate([short], config)).toThrow('request 4 (index 0): bucketProbabilities must have one entry per bucket (10), got 2');
    expect(() => simulate([negative], config)).toThrow(/bucketProbabilities\[9\] must be a finite number >= 0, got -1/);
    expect(() => simulate([zero], config)).toThrow(/bucketProbabilities must not all be 0/);
  });
});

describe('paged attention', () => {
  it('allocates a 16-token block whenever the next token does not fit', () => {
    // Prompt 20: blocks for 21 tokens at admission (2), a third before step 12
    // (32 tokens held) and a fourth before step 28 (48 tokens held).
    const steps = snapshots([request(1, 20, 30, 0)], gptjConfig('paged'));
    expect(steps).toHaveLength(30);
    expect(steps.map((step) => step.reservedTokens / 16)).toEqual([
      ...new Array<number>(12).fill(2),
      ...new Array<number>(16).fill(3),
      ...new Array<number>(2).fill(4),
    ]);
    const result = simulate([request(1, 20, 30, 0)], gptjConfig('paged'));
    expect(result.blockSizeTokens).toBe(16);
    expect(result.admission).toBe('fcfs');
  });

  it('preempts the newest request when blocks run out', () => {
    // Four blocks of 16 tokens. Both prompts (15 tokens) take one block each and both
    // requests need a block before steps 1, 17 and 33. Before step 17 none is free:
    // request 1, the oldest, gets a block first and request 2, the newest, is preempted.
    const requests = [request(1, 15, 40, 0), request(2, 15, 40, 0)];
    const config = gptjConfig('paged', { cost: costForCapacity(64) });
    const steps = snapshots(requests, config);
    expect(steps[17]!.preempted).toEqual([{ id: 2, generatedTokens: 17 }]);
    expect(steps[17]!.admitted).toEqual([]);
    expect(steps[17]!.batchSize).toBe(1);
    expect(steps[39]!.finished).toEqual([{ id: 1, generatedTokens: 40 }]);
    expect(steps[40]!.admitted).toEqual([{ id: 2, generatedTokens: 17 }]);
    const result = simulate(requests, config);
    expect(result.preemptions).toBe(1);
    expect(result.recomputedTokens).toBe(15 + 17);
    expect(result.iterations).toBe(63);
  });

  it('uses the block size setting', () => {
    const steps = snapshots([request(1, 20, 30, 0)], gptjConfig('paged', { blockSizeTokens: 64 }));
    expect(steps.every((step) => step.reservedTokens === 64)).toBe(true);
  });

  it('rejects a request whose blocks never fit', () => {
    const config = gptjConfig('paged', { cost: costForCapacity(100) });
    expect(() => simulate([request(9, 60, 50, 0)], config)).toThrow(
      'request 9 needs 7 KV blocks of 16 tokens under policy paged (prompt 60 + output 50 tokens), but an empty GPU holds 6 blocks',
    );
  });
});

describe('vLLM per-step limits', () => {
  const small = (count: number, promptTokens: number, outputTokens: number) =>
    Array.from({ length: count }, (_, index) => request(index + 1, promptTokens, outputTokens, 0));

  it('cap the paged batch at 256 sequences by default', () => {
    const requests = small(600, 10, 5);
    const capped = simulate(requests, gptjConfig('paged'));
    expect(capped.batchLimits).toEqual({ maxNumSeqs: 256, maxBatchedTokens: 2048, kvWatermark: 0.01 });
    expect(capped.peakBatchSize).toBe(256);
    expect(capped.stepsLimitedBy.sequences).toBeGreaterThan(0);
    const uncapped = simulate(requests, gptjConfig('paged', { maxNumSeqs: Infinity }));
    expect(uncapped.batchLimits.maxNumSeqs).toBeNull();
    expect(uncapped.peakBatchSize).toBe(600);
    expect(uncapped.stepsLimitedBy.sequences).toBe(0);
  });

  it('cap other policies only when set', () => {
    const requests = small(10, 10, 5);
    const free = simulate(requests, gptjConfig('max-length'));
    expect(free.batchLimits).toEqual({ maxNumSeqs: null, maxBatchedTokens: null, kvWatermark: 0 });
    expect(free.peakBatchSize).toBe(10);
    const steps = snapshots(requests, gptjConfig('max-length', { maxNumSeqs: 3 }));
    expect(Math.max(...steps.map((step) => step.batchSize))).toBe(3);
  });

  it('limit the prefill tokens that join in one step', () => {
    // 2,048 tokens per step: two 1,000-token prompts join, a third waits.
    const steps = snapshots(small(6, 1000, 3), gptjConfig('paged'));
    expect(steps.slice(0, 3).map((step) => step.admitted.length)).toEqual([2, 2, 2]);
    expect(steps.slice(0, 3).map((step) => step.prefillTokens)).toEqual([2000, 2000, 2000]);
    expect(simulate(small(6, 1000, 3), gptjConfig('paged')).stepsLimitedBy.tokens).toBe(2);
  });

  it('let a prefill over the token budget join alone', () => {
    const steps = snapshots([request(1, 3000, 2, 0), request(2, 10, 2, 0)], gptjConfig('paged'));
    expect(steps[0]!.admitted).toEqual([{ id: 1, generatedTokens: 0 }]);
    expect(steps[0]!.prefillTokens).toBe(3000);
    expect(steps[1]!.admitted).toEqual([{ id: 2, generatedTokens: 0 }]);
  });

  it('keep the watermark free when admitting into a running batch', () => {
    // 100 blocks of 16 tokens; each request needs 10 blocks (159 prompt tokens + 1).
    const requests = small(10, 159, 1);
    const cost = costForCapacity(1600);
    const noWatermark = snapshots(requests, gptjConfig('paged', { cost, kvWatermark: 0 }));
    expect(noWatermark[0]!.admitted).toHaveLength(10);
    // floor(0.01 × 100) = 1 block must stay free, so the tenth request waits.
    const vllmDefault = snapshots(requests, gptjConfig('paged', { cost }));
    expect(vllmDefault[0]!.admitted).toHaveLength(9);
    expect(simulate(requests, gptjConfig('paged', { cost })).stepsLimitedBy.watermark).toBe(1);
    const tenPercent = snapshots(requests, gptjConfig('paged', { cost, kvWatermark: 0.1 }));
    expect(tenPercent[0]!.admitted).toHaveLength(9);
    expect(100 - tenPercent[0]!.reservedTokens / 16).toBeGreaterThanOrEqual(10);
  });

  it('admit a request into an empty batch whatever the watermark', () => {
    // 95 of 100 blocks leaves less than the 10-block watermark free.
    const result = simulate([request(1, 1500, 10, 0)], gptjConfig('paged', { cost: costForCapacity(1600), kvWatermark: 0.1 }));
    expect(result.finishTimesS[0]).toBeGreaterThan(0);
  });

  it('reject invalid limits', () => {
    expect(() => simulate([], gptjConfig('paged', { maxNumSeqs: 0 }))).toThrow('maxNumSeqs must be an integer >= 1, or Infinity for no cap, got 0');
    expect(() => simulate([], gptjConfig('paged', { maxBatchedTokens: 1.5 }))).toThrow(
      'maxBatchedTokens must be an integer >= 1, or Infinity for no cap, got 1.5',
    );
    expect(() => simulate([], gptjConfig('paged', { kvWatermark: 1 }))).toThrow('kvWatermark must be a share of the KV capacity in [0, 1), got 1');
  });
});

describe('queue orders and admission rules', () => {
  it('sjf runs the shortest predicted output first', () => {
    // Capacity 550 fits one of the two oracle reservations at a time.
    const requests = [request(1, 0, 500, 2), request(2, 0, 100, 0)];
    const config = { cost: costForCapacity(550) };
    expect(admittedIds(snapshots(requests, gptjConfig('oracle', config)))).toEqual([1, 2]);
    expect(admittedIds(snapshots(requests, gptjConfig('oracle', { ...config, ordering: 'sjf' })))).toEqual([2, 1]);
  });

  it('sjf sorts by the predicted bucket outside oracle', () => {
    // Request 1 is short but predicted long, so max-length under sjf runs request 2 first.
    const requests = [request(1, 0, 10, 9), request(2, 0, 10, 0)];
    const config = gptjConfig('max-length', { ordering: 'sjf', cost: costForCapacity(2100) });
    expect(admittedIds(snapshots(requests, config))).toEqual([2, 1]);
  });

  it('sjf promotes a request that waited longer than the aging limit', () => {
    // A long request waits behind a stream of short ones. FCFS admission makes the
    // promoted long request block the queue until memory drains, so it runs before
    // the later short requests. Without aging it runs last.
    const long = request(1, 0, 300, 9, 0);
    const shorts = Array.from({ length: 40 }, (_, index) => request(10 + index, 0, 10, 0, 0.004 * index));
    const requests = [long, ...shorts];
    const base = { cost: costForCapacity(305), admission: 'fcfs' as const, ordering: 'sjf' as const };
    const starved = admittedIds(snapshots(requests, gptjConfig('oracle', { ...base, sjfAgingS: Number.POSITIVE_INFINITY })));
    expect(starved.at(-1)).toBe(1);
    const aged = admittedIds(snapshots(requests, gptjConfig('oracle', { ...base, sjfAgingS: 0.02 })));
    expect(aged.indexOf(1)).toBeLessThan(aged.length - 10);
    const result = simulate(requests, gptjConfig('oracle', { ...base, sjfAgingS: 0.02 }));
    expect(result.ordering).toBe('sjf');
    expect(result.sjfAgingS).toBe(0.02);
  });

  it('decreasing first fit admits the largest reservation that fits first', () => {
    // Capacity 800, oracle reservations 100, 600 and 150.
    const requests = [request(1, 0, 100, 0), request(2, 0, 600, 0), request(3, 0, 150, 0)];
    const config = { cost: costForCapacity(800) };
    expect(snapshots(requests, gptjConfig('oracle', config))[0]!.admitted.map((entry) => entry.id)).toEqual([1, 2]);
    const decreasing = snapshots(requests, gptjConfig('oracle', { ...config, admission: 'decreasing-first-fit' }));
    expect(decreasing[0]!.admitted.map((entry) => entry.id)).toEqual([2, 3]);
  });

  it('rejects sjf combined with decreasing first fit', () => {
    const config = gptjConfig('s3', { ordering: 'sjf', admission: 'decreasing-first-fit' });
    expect(() => simulate([], config)).toThrow(SimulationError);
    expect(() => simulate([], config)).toThrow(/ordering "sjf" cannot be combined with admission "decreasing-first-fit"/);
  });

  it('rejects invalid option values', () => {
    expect(() => simulate([], gptjConfig('s3', { s3Epsilon: 1 }))).toThrow('s3Epsilon must be a number in [0, 1), got 1');
    expect(() => simulate([], gptjConfig('paged', { blockSizeTokens: 0 }))).toThrow('blockSizeTokens must be an integer >= 1, got 0');
    expect(() => simulate([], gptjConfig('paged', { sjfAgingS: -1 }))).toThrow(/sjfAgingS must be a number of seconds > 0, or Infinity/);
    expect(() => simulate([], gptjConfig('s3', { slo: { e2eS: 0 } }))).toThrow(/slo.e2eS must be a finite number of seconds > 0/);
    expect(() => simulate([], gptjConfig('s3', { s3Overflow: 'grow' as 'preempt' }))).toThrow(
      'unknown S3 overflow rule "grow"; expected one of: preempt, extend-or-preempt',
    );
  });
});

describe('latency metrics', () => {
  const prefill = (tokens: number) =>
    iterationLatency(model, { prefillTokens: tokens, prefillAttentionPairs: prefillAttentionPairs(tokens), decodeTokens: 0, decodeContextTokens: 0 });
  const decode = (context: number) =>
    iterationLatency(model, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: 1, decodeContextTokens: context });

  it('measure TTFT, TPOT and end-to-end latency of a lone request', () => {
    const result = simulate([request(1, 10, 3, 0, 2)], gptjConfig('oracle'));
    const ttft = prefill(10);
    const e2e = ttft + decode(11) + decode(12);
    expect(result.firstTokenTimesS[0]).toBeCloseTo(2 + ttft, 12);
    expect(result.latency.ttftS.p50).toBeCloseTo(ttft, 12);
    expect(result.latency.e2eS.p99).toBeCloseTo(e2e, 12);
    expect(result.latency.tpotS.mean).toBeCloseTo((e2e - ttft) / 2, 12);
    expect(result.latency.tpotS.count).toBe(1);
  });

  it('leave requests with fewer than two output tokens out of TPOT', () => {
    const result = simulate([request(1, 10, 1, 0), request(2, 10, 0, 0), request(3, 10, 5, 0)], gptjConfig('oracle'));
    expect(result.latency.tpotS.count).toBe(1);
    expect(result.latency.ttftS.count).toBe(3);
  });

  it('keep the first TTFT of a preempted request', () => {
    const result = simulate([request(1, 50, 300, 0)], gptjConfig('s3'));
    expect(result.firstTokenTimesS[0]).toBeCloseTo(prefill(50), 12);
  });

  it('report the share of requests meeting the SLO', () => {
    const requests = Array.from({ length: 20 }, (_, index) => request(index, 100, 20 + 10 * index, 0));
    const unbounded = simulate(requests, gptjConfig('oracle'));
    const median = unbounded.latency.e2eS.p50;
    const result = simulate(requests, gptjConfig('oracle', { slo: { e2eS: median } }));
    expect(result.sloAttainment).toBeGreaterThanOrEqual(0.45);
    expect(result.sloAttainment).toBeLessThanOrEqual(0.55);
    expect(result.slo).toEqual({ e2eS: median });
    expect(unbounded.sloAttainment).toBeNull();
    const strictTtft = simulate(requests, gptjConfig('oracle', { slo: { e2eS: median, ttftS: 1e-9 } }));
    expect(strictTtft.sloAttainment).toBe(0);
  });
});
