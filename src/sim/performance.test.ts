/**
 * Guards against quadratic slowdowns: 100,000 requests must simulate in seconds.
 * The bound is loose on purpose because test machines are shared. This test
 * measured 0.15 to 0.35 s per policy under Node 20 on 2 shared CPU cores.
 * scripts/bench-sim.ts measures the same workload without the test runner.
 */
import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { simulate } from './simulate.ts';
import { neighbourConfusionMatrix, syntheticWorkload } from './syntheticWorkload.ts';
import { gptjConfig } from './testSupport.ts';
import { POLICY_NAMES } from './types.ts';

const REQUESTS = 100_000;
const MAX_SECONDS_PER_POLICY = 10;

describe('simulate performance', () => {
  const requests = syntheticWorkload({
    count: REQUESTS,
    seed: 1,
    scheme: S3_DEFAULT_SCHEME,
    confusionMatrix: neighbourConfusionMatrix(S3_DEFAULT_SCHEME, 0.7),
  });

  for (const policy of POLICY_NAMES) {
    it(`runs 100,000 requests under ${policy}`, () => {
      const start = performance.now();
      const result = simulate(requests, gptjConfig(policy));
      const elapsedS = (performance.now() - start) / 1000;
      expect(result.requests).toBe(REQUESTS);
      expect(elapsedS).toBeLessThan(MAX_SECONDS_PER_POLICY);
    });
  }
});
