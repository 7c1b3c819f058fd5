import { describe, expect, it } from 'vitest';
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { runSweepInChunks } from './chunkedRun.ts';
import { SimulationCancelled, SimulationError } from './errors.ts';
import { sweepRequestRate, type SweepProgress } from './sweep.ts';
import { neighbourConfusionMatrix, syntheticWorkload } from './syntheticWorkload.ts';
import { gptjConfig } from './testSupport.ts';
import { POLICY_NAMES } from './types.ts';

const workload = syntheticWorkload({
  count: 600,
  seed: 4,
  scheme: S3_DEFAULT_SCHEME,
  confusionMatrix: neighbourConfusionMatrix(S3_DEFAULT_SCHEME, 0.7),
});
const configs = POLICY_NAMES.map((policy) => gptjConfig(policy, { slo: { e2eS: 20 } }));
const RATES = [1, 4, 16];

describe('sweepRequestRate', () => {
  const progress: SweepProgress[] = [];
  const points = sweepRequestRate(workload, configs, RATES, { seed: 2 }, { onProgress: (event) => progress.push(event) });

  it('returns one point per rate and config, rate by rate', () => {
    expect(points.map((point) => [point.ratePerS, point.policy])).toEqual(
      RATES.flatMap((rate) => POLICY_NAMES.map((policy) => [rate, policy])),
    );
    expect(points.map((point) => point.configIndex)).toEqual(RATES.flatMap(() => POLICY_NAMES.map((_, index) => index)));
  });

  it('shows latency growing with load', () => {
    for (const policy of POLICY_NAMES) {
      const e2e = points.filter((point) => point.policy === policy).map((point) => point.latency.e2eS.p90);
      expect(e2e[2], `${policy} p90 at 16/s against 1/s`).toBeGreaterThan(e2e[0]!);
      const attainment = points.filter((point) => point.policy === policy).map((point) => point.sloAttainment!);
      expect(attainment[2], `${policy} SLO attainment`).toBeLessThanOrEqual(attainment[0]!);
    }
  });

  it('reports monotonic progress that ends with every run complete', () => {
    for (let i = 1; i < progress.length; i += 1) {
      expect(progress[i]!.completedRuns).toBeGreaterThanOrEqual(progress[i - 1]!.completedRuns);
    }
    expect(progress.at(-1)).toMatchObject({ completedRuns: 12, totalRuns: 12, finished: 600, total: 600 });
  });

  it('gives the same points in chunks as in one go', async () => {
    const chunked = await runSweepInChunks(workload, configs, RATES, { seed: 2 }, {
      onProgress: () => {},
      isCancelled: () => false,
      yieldControl: () => Promise.resolve(),
    });
    expect(chunked).toEqual(points);
  });

  it('stops when cancelled', () => {
    let calls = 0;
    const run = () => sweepRequestRate(workload, configs, RATES, {}, { onProgress: () => (calls += 1), isCancelled: () => calls >= 1 });
    expect(run).toThrow(SimulationCancelled);
  });

  it('rejects an empty list of rates', () => {
    expect(() => sweepRequestRate(workload, configs, [])).toThrow(SimulationError);
  });
});
