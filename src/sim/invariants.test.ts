/**
 * Property tests of the simulator invariants, checked after every iteration on
 * random workloads: the clock never goes back, reserved KV never exceeds
 * capacity, used KV never exceeds reserved KV, every request finishes exactly
 * once, and generated tokens survive preemption.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { equalWidthScheme, S3_DEFAULT_SCHEME, maxLength, numBuckets, type BucketScheme } from '../predictor/buckets.ts';
import { preemptionsOf } from './policies.ts';
import { simulate } from './simulate.ts';
import { costForCapacity, gptjConfig } from './testSupport.ts';
import { ADMISSION_RULES, POLICY_NAMES, type SimConfig, type SimRequest } from './types.ts';

const SCHEMES: readonly BucketScheme[] = [S3_DEFAULT_SCHEME, equalWidthScheme(64, 4)];
const MAX_PROMPT_TOKENS = 300;

interface Case {
  readonly config: SimConfig;
  readonly requests: readonly SimRequest[];
}

const caseArbitrary: fc.Arbitrary<Case> = fc
  .record({
    schemeIndex: fc.integer({ min: 0, max: SCHEMES.length - 1 }),
    policy: fc.constantFrom(...POLICY_NAMES),
    admission: fc.constantFrom(...ADMISSION_RULES),
    // Small capacities force queueing, yet every request still fits an empty GPU.
    extraCapacity: fc.integer({ min: 0, max: 6000 }),
    offline: fc.boolean(),
    seeds: fc.array(
      fc.record({
        prompt: fc.integer({ min: 0, max: MAX_PROMPT_TOKENS }),
        outputShare: fc.double({ min: 0, max: 1, noNaN: true }),
        predictedShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        arrivalS: fc.double({ min: 0, max: 3, noNaN: true }),
      }),
      { minLength: 1, maxLength: 30 },
    ),
  })
  .map(({ schemeIndex, policy, admission, extraCapacity, offline, seeds }) => {
    const scheme = SCHEMES[schemeIndex]!;
    const longest = maxLength(scheme);
    const requests = seeds.map((seed, index) => ({
      id: 1000 - index * 7,
      arrivalTimeS: offline ? 0 : seed.arrivalS,
      promptTokens: seed.prompt,
      outputTokens: Math.round(seed.outputShare * longest),
      predictedBucket: Math.floor(seed.predictedShare * numBuckets(scheme)),
    }));
    const capacity = MAX_PROMPT_TOKENS + longest + extraCapacity;
    return { requests, config: gptjConfig(policy, { scheme, admission, cost: costForCapacity(capacity) }) };
  });

interface Tracked {
  admittedAt: number;
  generatedAtAdmission: number;
  running: boolean;
  finishes: number;
  lastGenerated: number;
}

function checkInvariants({ requests, config }: Case): void {
  const byId = new Map(requests.map((request) => [request.id, request]));
  const tracked = new Map<number, Tracked>(
    requests.map((request) => [
      request.id,
      { admittedAt: -1, generatedAtAdmission: 0, running: false, finishes: 0, lastGenerated: 0 },
    ]),
  );
  let previousEnd = 0;
  let expectedRecomputed = 0;
  const finishTimes = new Map<number, number>();

  /** Generated tokens of a request that ran from its admission through `iteration`. */
  const generatedBy = (id: number, iteration: number): number => {
    const state = tracked.get(id)!;
    const outputTokens = byId.get(id)!.outputTokens;
    return Math.min(outputTokens, state.generatedAtAdmission + (iteration - state.admittedAt + 1));
  };

  const result = simulate(requests, config, {
    onIteration: (step) => {
      expect(step.startS).toBeGreaterThanOrEqual(previousEnd);
      expect(step.endS).toBeGreaterThan(step.startS);
      previousEnd = step.endS;
      expect(step.reservedTokens).toBeLessThanOrEqual(step.capacityTokens);
      expect(step.usedTokens).toBeLessThanOrEqual(step.reservedTokens);
      expect(step.batchSize).toBeGreaterThan(0);

      for (const { id, generatedTokens } of step.admitted) {
        const state = tracked.get(id)!;
        expect(state.running).toBe(false);
        expect(state.finishes).toBe(0);
        // Conservation across preemption: a readmitted request resumes where it stopped.
        expect(generatedTokens).toBe(state.lastGenerated);
        if (generatedTokens > 0) expectedRecomputed += byId.get(id)!.promptTokens + generatedTokens;
        Object.assign(state, { running: true, admittedAt: step.iteration, generatedAtAdmission: generatedTokens });
      }
      for (const { id, generatedTokens } of step.finished) {
        const state = tracked.get(id)!;
        expect(state.running).toBe(true);
        expect(generatedTokens).toBe(byId.get(id)!.outputTokens);
        expect(generatedTokens).toBe(generatedBy(id, step.iteration));
        Object.assign(state, { running: false, finishes: state.finishes + 1, lastGenerated: generatedTokens });
        finishTimes.set(id, step.endS);
      }
      for (const { id, generatedTokens } of step.preempted) {
        const state = tracked.get(id)!;
        expect(config.policy).toBe('s3');
        expect(state.running).toBe(true);
        expect(generatedTokens).toBe(generatedBy(id, step.iteration));
        expect(generatedTokens).toBeLessThan(byId.get(id)!.outputTokens);
        Object.assign(state, { running: false, lastGenerated: generatedTokens });
      }
      const ids = step.finished.map((entry) => entry.id);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    },
  });

  for (const [index, request] of requests.entries()) {
    expect(tracked.get(request.id)!.finishes).toBe(1);
    expect(result.finishTimesS[index]).toBe(finishTimes.get(request.id));
    expect(result.finishTimesS[index]).toBeGreaterThanOrEqual(request.arrivalTimeS);
  }
  const expectedPreemptions = requests.reduce(
    (sum, request) => sum + preemptionsOf(config.policy, config.scheme, request),
    0,
  );
  expect(result.preemptions).toBe(expectedPreemptions);
  expect(result.recomputedTokens).toBe(expectedRecomputed);
  expect(result.outputTokens).toBe(requests.reduce((sum, request) => sum + request.outputTokens, 0));
  expect(result.makespanS).toBe(previousEnd);
}

describe('simulator invariants', () => {
  it('hold at every iteration of random workloads', () => {
    fc.assert(fc.property(caseArbitrary, checkInvariants), { numRuns: 150 });
  });

  it('hold with oracle never preempting', () => {
    const oracleCases = caseArbitrary.map(({ requests, config }) => ({ requests, config: { ...config, policy: 'oracle' as const } }));
    fc.assert(
      fc.property(oracleCases, (testCase) => {
        expect(simulate(testCase.requests, testCase.config).preemptions).toBe(0);
      }),
      { numRuns: 100 },
    );
  });
});
