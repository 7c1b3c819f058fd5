/**
 * Property tests of the simulator invariants, checked after every iteration on
 * random workloads under every policy and option: the clock never goes back,
 * reserved KV (or allocated blocks) never exceeds capacity, used KV never exceeds
 * reserved KV, every request finishes exactly once, and generated tokens survive
 * preemption (tokens are conserved: a readmitted request resumes where it stopped).
 * The per-step limits hold too: the batch never exceeds the sequence cap, the joining
 * requests' prefill tokens exceed the token budget only when one request joins, and
 * admission into a non-empty batch leaves the watermark free.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchLimits, initialBucket, preemptionsOf } from './policies.ts';
import { randomCaseArbitrary, type RandomCase } from './randomCases.ts';
import { simulate } from './simulate.ts';

interface Tracked {
  admittedAt: number;
  generatedAtAdmission: number;
  running: boolean;
  finishes: number;
  lastGenerated: number;
}

/**
 * Cheap per-iteration checks: `expect` is too slow to call thousands of times per
 * random case. Each throws with the checked expression, the values and the limit.
 */
function fail(what: string, actual: unknown, relation: string, limit: unknown): never {
  throw new Error(`${what}: expected ${String(actual)} ${relation} ${String(limit)}`);
}
function same(actual: unknown, expected: unknown, what: string): void {
  if (actual !== expected) fail(what, actual, 'to be', expected);
}
function atLeast(actual: number, limit: number, what: string): void {
  if (!(actual >= limit)) fail(what, actual, '>=', limit);
}
function above(actual: number, limit: number, what: string): void {
  if (!(actual > limit)) fail(what, actual, '>', limit);
}
function atMost(actual: number, limit: number, what: string): void {
  if (!(actual <= limit)) fail(what, actual, '<=', limit);
}
function below(actual: number, limit: number, what: string): void {
  if (!(actual < limit)) fail(what, actual, '<', limit);
}

function checkInvariants({ requests, config }: RandomCase): void {
  const byId = new Map(requests.map((request) => [request.id, request]));
  const tracked = new Map<number, Tracked>(
    requests.map((request) => [
      request.id,
      { admittedAt: -1, generatedAtAdmission: 0, running: false, finishes: 0, lastGenerated: 0 },
    ]),
  );
  const blockSize = config.policy === 'paged' ? (config.blockSizeTokens ?? 16) : 1;
  const limits = batchLimits(config);
  let previousEnd = 0;
  let expectedRecomputed = 0;
  let preemptedEntries = 0;
  let extendedEntries = 0;
  const finishTimes = new Map<number, number>();

  /** Generated tokens of a request that ran from its admission through the end of `iteration`. */
  const generatedBy = (id: number, iteration: number): number => {
    const state = tracked.get(id)!;
    const outputTokens = byId.get(id)!.outputTokens;
    return Math.min(outputTokens, state.generatedAtAdmission + (iteration - state.admittedAt + 1));
  };

  const result = simulate(requests, config, {
    onIteration: (step) => {
      const at = `iteration ${step.iteration}`;
      atLeast(step.startS, previousEnd, `${at}: start time`);
      above(step.endS, step.startS, `${at}: end time`);
      previousEnd = step.endS;
      atMost(step.reservedTokens, step.capacityTokens, `${at}: reserved tokens`);
      atMost(step.usedTokens, step.reservedTokens, `${at}: used tokens`);
      same(step.reservedTokens % blockSize, 0, `${at}: reserved tokens modulo the block size`);
      above(step.batchSize, 0, `${at}: batch size`);
      atMost(step.batchSize, limits.maxNumSeqs, `${at}: batch size against maxNumSeqs`);
      if (step.admitted.length > 1) {
        atMost(step.prefillTokens, limits.maxBatchedTokens, `${at}: prefill tokens against maxBatchedTokens`);
      }
      const joinedEmptyBatch = step.batchSize === 1 && step.admitted.length === 1;
      if (step.admitted.length > 0 && !joinedEmptyBatch) {
        const capacityUnits = Math.floor(step.capacityTokens / blockSize);
        const freeUnits = capacityUnits - step.reservedTokens / blockSize;
        atLeast(freeUnits, Math.floor(limits.kvWatermark * capacityUnits), `${at}: free KV units after admission against the watermark`);
      }

      // Paged preemptions happen at the start of the step, before it generates.
      if (config.policy === 'paged') {
        for (const { id, generatedTokens } of step.preempted) {
          const state = tracked.get(id)!;
          same(state.running, true, `${at}: preempted request ${id} was running`);
          same(generatedTokens, generatedBy(id, step.iteration - 1), `${at}: tokens of preempted request ${id}`);
          below(generatedTokens, byId.get(id)!.outputTokens, `${at}: tokens of preempted request ${id}`);
          Object.assign(state, { running: false, lastGenerated: generatedTokens });
          preemptedEntries += 1;
        }
      }
      for (const { id, generatedTokens } of step.admitted) {
        const state = tracked.get(id)!;
        same(state.running, false, `${at}: admitted request ${id} was running`);
        same(state.finishes, 0, `${at}: finishes of admitted request ${id}`);
        // Conservation across preemption: a readmitted request resumes where it stopped.
        same(generatedTokens, state.lastGenerated, `${at}: tokens of readmitted request ${id}`);
        if (generatedTokens > 0) expectedRecomputed += byId.get(id)!.promptTokens + generatedTokens;
        Object.assign(state, { running: true, admittedAt: step.iteration, generatedAtAdmission: generatedTokens });
      }
      for (const { id, generatedTokens } of step.finished) {
        const state = tracked.get(id)!;
        same(state.running, true, `${at}: finished request ${id} was running`);
        same(generatedTokens, byId.get(id)!.outputTokens, `${at}: tokens of finished request ${id}`);
        same(generatedTokens, generatedBy(id, step.iteration), `${at}: tokens of finished request ${id} since admission`);
        Object.assign(state, { running: false, finishes: state.finishes + 1, lastGenerated: generatedTokens });
        finishTimes.set(id, step.endS);
      }
      for (const { id, generatedTokens } of step.extended) {
        const state = tracked.get(id)!;
        same(config.policy === 's3' && config.s3Overflow === 'extend-or-preempt', true, `${at}: extension of ${id} allowed`);
        same(state.running, true, `${at}: extended request ${id} is running`);
        same(generatedTokens, generatedBy(id, step.iteration), `${at}: tokens of extended request ${id}`);
        extendedEntries += 1;
      }
      // S³ preemptions happen at the end of the step, after it generates.
      if (config.policy !== 'paged') {
        for (const { id, generatedTokens } of step.preempted) {
          const state = tracked.get(id)!;
          same(config.policy, 's3', `${at}: policy of preempted request ${id}`);
          same(state.running, true, `${at}: preempted request ${id} was running`);
          same(generatedTokens, generatedBy(id, step.iteration), `${at}: tokens of preempted request ${id}`);
          below(generatedTokens, byId.get(id)!.outputTokens, `${at}: tokens of preempted request ${id}`);
          Object.assign(state, { running: false, lastGenerated: generatedTokens });
          preemptedEntries += 1;
        }
      }
      const ids = step.finished.map((entry) => entry.id);
      same(ids.join(','), [...ids].sort((x, y) => x - y).join(','), `${at}: finished ids in id order`);
    },
  });

  for (const [index, request] of requests.entries()) {
    expect(tracked.get(request.id)!.finishes).toBe(1);
    expect(result.finishTimesS[index]).toBe(finishTimes.get(request.id));
    expect(result.finishTimesS[index]).toBeGreaterThanOrEqual(request.arrivalTimeS);
    expect(result.firstTokenTimesS[index]).toBeGreaterThan(request.arrivalTimeS);
    expect(result.firstTokenTimesS[index]).toBeLessThanOrEqual(result.finishTimesS[index]!);
  }
  const overflows = requests.reduce(
    (sum, request) => sum + preemptionsOf(config.policy, config.scheme, request, initialBucket(config, request).bucket),
    0,
  );
  if (config.policy === 's3') {
    // Every overflow is either an in-place extension or a preemption.
    expect(result.preemptions + result.inPlaceExtensions).toBe(overflows);
    if (config.s3Overflow !== 'extend-or-preempt') expect(result.inPlaceExtensions).toBe(0);
  } else if (config.policy !== 'paged') {
    expect(result.preemptions).toBe(0);
  }
  expect(result.preemptions).toBe(preemptedEntries);
  expect(result.inPlaceExtensions).toBe(extendedEntries);
  expect(result.recomputedTokens).toBe(expectedRecomputed);
  expect(result.outputTokens).toBe(requests.reduce((sum, request) => sum + request.outputTokens, 0));
  expect(result.makespanS).toBe(previousEnd);
}

describe('simulator invariants', () => {
  it('hold at every iteration of random workloads', () => {
    fc.assert(fc.property(randomCaseArbitrary, checkInvariants), { numRuns: 300 });
  });

  it('hold with oracle never preempting', () => {
    const oracleCases = randomCaseArbitrary.map(({ requests, config }) => ({ requests, config: { ...config, policy: 'oracle' as const } }));
    fc.assert(
      fc.property(oracleCases, (testCase) => {
        expect(simulate(testCase.requests, testCase.config).preemptions).toBe(0);
      }),
      { numRuns: 100 },
    );
  });

  it('hold for the paged policy with tiny blocks and little memory', () => {
    const pagedCases = randomCaseArbitrary.map(({ requests, config }) => ({
      requests,
      config: { ...config, policy: 'paged' as const, admission: 'fcfs' as const, ordering: 'fcfs' as const },
    }));
    fc.assert(fc.property(pagedCases, checkInvariants), { numRuns: 200 });
  });
});
