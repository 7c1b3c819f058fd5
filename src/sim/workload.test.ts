/**
 * Throughput of the policies on seeded synthetic workloads, and the counterexamples
 * that random search found to the expected orders oracle >= s3 >= max-length,
 * paged >= max-length and S³ extend-or-preempt >= S³ preempt. The counterexamples
 * are kept as they are: they are real behaviours of the model, not bugs to tune away.
 */
import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { throughputRatio, type SimResult } from './metrics.ts';
import { simulate } from './simulate.ts';
import { CONVERSATION_SHAPE, neighbourConfusionMatrix, syntheticWorkload, type WorkloadShape } from './syntheticWorkload.ts';
import { costForCapacity, gptjConfig, request } from './testSupport.ts';
import { POLICY_NAMES, type PolicyName, type SimRequest } from './types.ts';

/**
 * Short instructions with outputs as long as Vicuna-7B's: output log-normal with median
 * 105 tokens and log-sigma 1.06, as measured on greedy Vicuna-7B outputs for
 * Alpaca prompts. The prompt median of 30 tokens is an estimate for Alpaca instructions.
 */
const INSTRUCTION_SHAPE: WorkloadShape = {
  prompt: { median: 30, logSigma: 0.6, min: 1, max: 512 },
  output: { median: 105, logSigma: 1.06, min: 1, max: 2048 },
};

/** 70% of predictions exact, the rest one bucket off. */
const PREDICTOR_CONFUSION = neighbourConfusionMatrix(S3_DEFAULT_SCHEME, 0.7);

function runAll(requests: readonly SimRequest[]): Record<PolicyName, SimResult> {
  const entries = POLICY_NAMES.map((policy) => [policy, simulate(requests, gptjConfig(policy))] as const);
  return Object.fromEntries(entries) as Record<PolicyName, SimResult>;
}

describe('throughput order on synthetic workloads', () => {
  it('holds for 2,000 offline conversation requests', () => {
    const requests = syntheticWorkload({
      count: 2000,
      seed: 2023,
      scheme: S3_DEFAULT_SCHEME,
      shape: CONVERSATION_SHAPE,
      confusionMatrix: PREDICTOR_CONFUSION,
    });
    const results = runAll(requests);
    expect(results.oracle.throughputSequencesPerS).toBeGreaterThanOrEqual(results.s3.throughputSequencesPerS);
    expect(results.s3.throughputSequencesPerS).toBeGreaterThan(results['max-length'].throughputSequencesPerS);
    expect(results.s3.preemptions).toBeGreaterThan(0);
    expect(results.s3.meanBatchSize).toBeGreaterThan(results['max-length'].meanBatchSize);
    expect(results.paged.throughputSequencesPerS).toBeGreaterThanOrEqual(results['max-length'].throughputSequencesPerS);
    // vLLM's 1% free-block watermark keeps room for running requests to grow, so the
    // default paged run preempts less than one that admits into the last free block.
    const pagedWithoutLimits = simulate(requests, gptjConfig('paged', { maxNumSeqs: Infinity, maxBatchedTokens: Infinity, kvWatermark: 0 }));
    expect(pagedWithoutLimits.preemptions).toBeGreaterThan(0);
    expect(results.paged.preemptions).toBeLessThan(pagedWithoutLimits.preemptions);
  });

  it('holds for 2,000 offline instruction requests, with a larger S3 gain', () => {
    const requests = syntheticWorkload({
      count: 2000,
      seed: 2023,
      scheme: S3_DEFAULT_SCHEME,
      shape: INSTRUCTION_SHAPE,
      confusionMatrix: PREDICTOR_CONFUSION,
    });
    const results = runAll(requests);
    expect(results.oracle.throughputSequencesPerS).toBeGreaterThanOrEqual(results.s3.throughputSequencesPerS);
    expect(results.s3.throughputSequencesPerS).toBeGreaterThan(results['max-length'].throughputSequencesPerS);
    // Measured 1.59 with these seeds. Larger batches read more KV cache per step, so
    // decode turns bandwidth-bound on the KV reads and the gain stays well below
    // the batch-size ratio.
    expect(throughputRatio(results.s3, results['max-length'])).toBeGreaterThan(1.4);
    expect(results.paged.throughputSequencesPerS).toBeGreaterThanOrEqual(results['max-length'].throughputSequencesPerS);
  });

  it('holds for 2,000 conversation requests arriving at 20 per second', () => {
    const requests = syntheticWorkload({
      count: 2000,
      seed: 7,
      scheme: S3_DEFAULT_SCHEME,
      shape: CONVERSATION_SHAPE,
      arrivalRatePerS: 20,
      confusionMatrix: PREDICTOR_CONFUSION,
    });
    const results = runAll(requests);
    expect(results.oracle.throughputSequencesPerS).toBeGreaterThanOrEqual(results.s3.throughputSequencesPerS);
    expect(results.s3.throughputSequencesPerS).toBeGreaterThan(results['max-length'].throughputSequencesPerS);
    expect(results.s3.meanLatencyS).toBeLessThan(results['max-length'].meanLatencyS);
    expect(results.paged.throughputSequencesPerS).toBeGreaterThanOrEqual(results['max-length'].throughputSequencesPerS);
    expect(results.paged.latency.e2eS.p90).toBeLessThan(results['max-length'].latency.e2eS.p90);
  });

  it('holds for the S³ supervisor extending in place against always preempting', () => {
    for (const [seed, shape] of [[2023, CONVERSATION_SHAPE], [2023, INSTRUCTION_SHAPE]] as const) {
      const requests = syntheticWorkload({ count: 2000, seed, scheme: S3_DEFAULT_SCHEME, shape, confusionMatrix: PREDICTOR_CONFUSION });
      const preempt = simulate(requests, gptjConfig('s3'));
      const extend = simulate(requests, gptjConfig('s3', { s3Overflow: 'extend-or-preempt' }));
      expect(extend.inPlaceExtensions).toBeGreaterThan(0);
      expect(extend.preemptions).toBeLessThan(preempt.preemptions);
      expect(extend.recomputedTokens).toBeLessThan(preempt.recomputedTokens);
      expect(extend.throughputSequencesPerS).toBeGreaterThanOrEqual(preempt.throughputSequencesPerS);
    }
  });
});

describe('counterexamples to oracle >= s3 >= max-length', () => {
  it('s3 trails max-length when an underprediction costs a recomputation', () => {
    // One request, so memory is never the bottleneck. Predicted bucket 0 (205 tokens)
    // for a 206-token output: S3 preempts at 205 and prefills 305 tokens again.
    const requests = [request(1, 100, 206, 0)];
    const s3 = simulate(requests, gptjConfig('s3'));
    const maxLength = simulate(requests, gptjConfig('max-length'));
    expect(s3.preemptions).toBe(1);
    expect(s3.recomputedTokens).toBe(305);
    expect(s3.throughputSequencesPerS).toBeLessThan(maxLength.throughputSequencesPerS);
  });

  it('oracle trails s3 when tighter packing delays a long request', () => {
    // Capacity 2,400 tokens, exact predictions. At t=0 requests 1 and 2 start. Requests
    // 0 (980 tokens) and 3 arrive during the first step. Under oracle 979 tokens are
    // free, so request 3 (510) jumps in and the long request 0 waits for both 1 and 3.
    // Under s3 neither fits (0 needs 1,025 and 3 needs 700 of 699 free), so request 0
    // starts as soon as request 1 finishes and the run ends sooner.
    const arrival = 0.001;
    const requests = [
      request(0, 1, 979, 4, arrival),
      request(1, 52, 410, 2, 0),
      request(2, 11, 948, 4, 0),
      request(3, 86, 424, 2, arrival),
    ];
    const config = { cost: costForCapacity(2400) };
    const oracle = simulate(requests, gptjConfig('oracle', config));
    const s3 = simulate(requests, gptjConfig('s3', config));
    expect(s3.preemptions).toBe(0);
    expect(oracle.throughputSequencesPerS).toBeLessThan(s3.throughputSequencesPerS);
    expect(throughputRatio(s3, oracle)).toBeGreaterThan(1.005);
  });

  it('s3 trails max-length by a hair when a prefill hides under a memory-bound step', () => {
    // Exact predictions. Max-length admits request 2 one step later than s3, next to a
    // single decode whose step is memory-bound, so its prefill costs no extra time.
    // S3 admits it beside request 1's prefill instead. The gap is a roofline artifact.
    const arrival = 0.001;
    const requests = [request(0, 18, 605, 2, 0), request(1, 1, 2, 0, 0), request(2, 50, 603, 2, arrival)];
    const config = { cost: costForCapacity(4164) };
    const maxLength = simulate(requests, gptjConfig('max-length', config));
    const s3 = simulate(requests, gptjConfig('s3', config));
    expect(s3.throughputSequencesPerS).toBeLessThan(maxLength.throughputSequencesPerS);
    expect(throughputRatio(maxLength, s3)).toBeLessThan(1.001);
  });
});

describe('counterexamples to paged >= max-length', () => {
  it('paged trails max-length when extra concurrency slows the longest request', () => {
    // Capacity 5,665 tokens, offline. Max-length reserves prompt + 2,048, so requests 0
    // and 1 run and request 2 starts when request 1 finishes; it still ends before
    // request 0. Paged runs all three at once from the start. The makespan is request
    // 0's 1,276 steps under both, and under paged its early steps carry a third
    // request's KV reads, so they take longer.
    const requests = [request(0, 105, 1276, 0), request(1, 255, 495, 0), request(2, 212, 675, 0)];
    const config = { cost: costForCapacity(5665) };
    const paged = simulate(requests, gptjConfig('paged', config));
    const maxLength = simulate(requests, gptjConfig('max-length', config));
    expect(paged.preemptions).toBe(0);
    expect(paged.peakBatchSize).toBe(3);
    expect(maxLength.peakBatchSize).toBe(2);
    expect(paged.throughputSequencesPerS).toBeLessThan(maxLength.throughputSequencesPerS);
    expect(throughputRatio(maxLength, paged)).toBeLessThan(1.001);
  });
});

describe('counterexamples to extend-or-preempt >= preempt', () => {
  it('an extension delays the request preempted to make room', () => {
    // Capacity 3,691 tokens. Requests 0 and 1 are predicted in bucket 0 (205 tokens)
    // and overflow together at step 204 with no memory free. Always preempting frees
    // both reservations, and request 0 is readmitted at once. Extending in place
    // preempts request 0 (no memory for it) and spends the memory it frees on growing
    // request 1, so request 0 waits for requests 2 and 3 to finish and ends later.
    const requests = [
      request(0, 1, 221, 0, 0),
      request(1, 1, 213, 0, 0),
      request(2, 1, 140, 8, 0.573),
      request(3, 1, 28, 6, 1.47),
    ];
    const config = { cost: costForCapacity(3691) };
    const preempt = simulate(requests, gptjConfig('s3', config));
    const extend = simulate(requests, gptjConfig('s3', { ...config, s3Overflow: 'extend-or-preempt' }));
    expect(preempt.preemptions).toBe(2);
    expect(extend.preemptions).toBe(1);
    expect(extend.inPlaceExtensions).toBe(1);
    expect(throughputRatio(preempt, extend)).toBeGreaterThan(1.03);
  });
});
