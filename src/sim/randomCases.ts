/**
 * Random workloads and configs for the simulator's property tests: every policy,
 * admission rule, queue order, S³ option and per-step limit, with KV capacities small
 * enough that requests queue, overflow and get preempted often.
 */
import fc from 'fast-check';
import { equalWidthScheme, maxLength, numBuckets, S3_DEFAULT_SCHEME, type BucketScheme } from '../predictor/buckets.ts';
import { costForCapacity, gptjConfig } from './testSupport.ts';
import {
  ADMISSION_RULES,
  POLICY_NAMES,
  S3_ALLOCATION_RULES,
  S3_OVERFLOW_RULES,
  type SimConfig,
  type SimRequest,
} from './types.ts';

const SCHEMES: readonly BucketScheme[] = [S3_DEFAULT_SCHEME, equalWidthScheme(64, 4)];
const MAX_PROMPT_TOKENS = 300;

export interface RandomCase {
  readonly config: SimConfig;
  readonly requests: readonly SimRequest[];
}

/** Random workloads and configs small enough to queue, preempt and extend often. */
export const randomCaseArbitrary: fc.Arbitrary<RandomCase> = fc
  .record({
    schemeIndex: fc.integer({ min: 0, max: SCHEMES.length - 1 }),
    policy: fc.constantFrom(...POLICY_NAMES),
    admission: fc.constantFrom(...ADMISSION_RULES),
    sjf: fc.boolean(),
    agingS: fc.constantFrom(0.05, 0.5, Number.POSITIVE_INFINITY),
    allocation: fc.constantFrom(...S3_ALLOCATION_RULES),
    epsilon: fc.constantFrom(0, 0.1, 0.5),
    overflow: fc.constantFrom(...S3_OVERFLOW_RULES),
    blockSize: fc.constantFrom(1, 7, 16, 64),
    // undefined leaves the policy's default: vLLM's limits under paged, none otherwise.
    maxNumSeqs: fc.constantFrom(undefined, 1, 3, 8, Number.POSITIVE_INFINITY),
    maxBatchedTokens: fc.constantFrom(undefined, 40, 400, Number.POSITIVE_INFINITY),
    kvWatermark: fc.constantFrom(undefined, 0, 0.05, 0.3),
    // Small capacities force queueing and preemption, yet every request still fits an empty GPU.
    extraCapacity: fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 6000 })),
    offline: fc.boolean(),
    seeds: fc.array(
      fc.record({
        prompt: fc.integer({ min: 0, max: MAX_PROMPT_TOKENS }),
        outputPermille: fc.integer({ min: 0, max: 1000 }),
        predictedShare: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        arrivalS: fc.double({ min: 0, max: 3, noNaN: true }),
        withProbabilities: fc.boolean(),
        weights: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 10, maxLength: 10 }),
      }),
      { minLength: 1, maxLength: 40, size: 'max' },
    ),
  })
  .map((drawn) => {
    const scheme = SCHEMES[drawn.schemeIndex]!;
    const longest = maxLength(scheme);
    const bucketCount = numBuckets(scheme);
    const requests = drawn.seeds.map((seed, index): SimRequest => {
      const predictedBucket = Math.floor(seed.predictedShare * bucketCount);
      const weights = seed.weights.slice(0, bucketCount);
      weights[predictedBucket] = (weights[predictedBucket] ?? 0) + 1;
      return {
        id: 1000 - index * 7,
        arrivalTimeS: drawn.offline ? 0 : seed.arrivalS,
        promptTokens: seed.prompt,
        outputTokens: Math.round((seed.outputPermille / 1000) * longest),
        predictedBucket,
        ...(seed.withProbabilities ? { bucketProbabilities: weights } : {}),
      };
    });
    const capacity = MAX_PROMPT_TOKENS + longest + 64 + drawn.extraCapacity;
    const admission = drawn.sjf && drawn.admission === 'decreasing-first-fit' ? 'first-fit' : drawn.admission;
    const config = gptjConfig(drawn.policy, {
      scheme,
      admission,
      cost: costForCapacity(capacity),
      ordering: drawn.sjf ? 'sjf' : 'fcfs',
      sjfAgingS: drawn.agingS,
      s3Allocation: drawn.allocation,
      s3Epsilon: drawn.epsilon,
      s3Overflow: drawn.overflow,
      blockSizeTokens: drawn.blockSize,
      ...(drawn.maxNumSeqs === undefined ? {} : { maxNumSeqs: drawn.maxNumSeqs }),
      ...(drawn.maxBatchedTokens === undefined ? {} : { maxBatchedTokens: drawn.maxBatchedTokens }),
      ...(drawn.kvWatermark === undefined ? {} : { kvWatermark: drawn.kvWatermark }),
    });
    return { requests, config };
  });
