/** Checks of simulator inputs, with messages that name the request and the allowed range. */
import { maxLength, numBuckets, validateScheme } from '../predictor/buckets.ts';
import { SimulationError } from './errors.ts';
import { blocksFor, DEFAULT_BLOCK_SIZE_TOKENS, initialBucket, largestKvTokens } from './policies.ts';
import {
  ADMISSION_RULES,
  POLICY_NAMES,
  QUEUE_ORDERINGS,
  S3_ALLOCATION_RULES,
  S3_OVERFLOW_RULES,
  type SimConfig,
  type SimRequest,
} from './types.ts';

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function checkChoice<T extends string>(name: string, value: T | undefined, allowed: readonly T[]): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw new SimulationError('invalid-config', `unknown ${name} "${String(value)}"; expected one of: ${allowed.join(', ')}`);
  }
}

function checkPositiveSeconds(name: string, value: number | undefined, allowInfinity: boolean): void {
  if (value === undefined) return;
  const valid = typeof value === 'number' && value > 0 && (Number.isFinite(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!valid) {
    const expected = allowInfinity ? 'a number of seconds > 0, or Infinity' : 'a finite number of seconds > 0';
    throw new SimulationError('invalid-config', `${name} must be ${expected}, got ${String(value)}`);
  }
}

/** Accepts an absent cap, an integer >= 1, or Infinity for no cap. */
function checkCap(name: string, value: number | undefined): void {
  if (value === undefined || value === Number.POSITIVE_INFINITY) return;
  if (!(Number.isSafeInteger(value) && value >= 1)) {
    throw new SimulationError('invalid-config', `${name} must be an integer >= 1, or Infinity for no cap, got ${String(value)}`);
  }
}

export function validateConfig(config: SimConfig): void {
  if (!POLICY_NAMES.includes(config.policy)) {
    throw new SimulationError(
      'invalid-config',
      `unknown policy "${String(config.policy)}"; expected one of: ${POLICY_NAMES.join(', ')}`,
    );
  }
  checkChoice('admission rule', config.admission, ADMISSION_RULES);
  checkChoice('S3 allocation rule', config.s3Allocation, S3_ALLOCATION_RULES);
  checkChoice('S3 overflow rule', config.s3Overflow, S3_OVERFLOW_RULES);
  checkChoice('queue ordering', config.ordering, QUEUE_ORDERINGS);

  const epsilon = config.s3Epsilon;
  if (epsilon !== undefined && !(typeof epsilon === 'number' && epsilon >= 0 && epsilon < 1)) {
    throw new SimulationError('invalid-config', `s3Epsilon must be a number in [0, 1), got ${String(epsilon)}`);
  }
  const blockSize = config.blockSizeTokens;
  if (blockSize !== undefined && !(Number.isSafeInteger(blockSize) && blockSize >= 1)) {
    throw new SimulationError('invalid-config', `blockSizeTokens must be an integer >= 1, got ${String(blockSize)}`);
  }
  checkCap('maxNumSeqs', config.maxNumSeqs);
  checkCap('maxBatchedTokens', config.maxBatchedTokens);
  const watermark = config.kvWatermark;
  if (watermark !== undefined && !(typeof watermark === 'number' && watermark >= 0 && watermark < 1)) {
    throw new SimulationError('invalid-config', `kvWatermark must be a share of the KV capacity in [0, 1), got ${String(watermark)}`);
  }
  checkPositiveSeconds('sjfAgingS', config.sjfAgingS, true);
  checkPositiveSeconds('slo.e2eS', config.slo?.e2eS, false);
  checkPositiveSeconds('slo.ttftS', config.slo?.ttftS, false);

  if (config.ordering === 'sjf' && config.admission === 'decreasing-first-fit') {
    throw new SimulationError(
      'invalid-config',
      'ordering "sjf" cannot be combined with admission "decreasing-first-fit", which orders the queue by size; choose one of them',
    );
  }

  try {
    validateScheme(config.scheme);
  } catch (error) {
    throw new SimulationError('invalid-config', `invalid bucket scheme "${config.scheme.name}": ${String(error)}`);
  }
}

/** True when the run reads `predictedBucket`: S³ allocation, or the `sjf` order of a policy other than oracle. */
function readsPredictedBucket(config: SimConfig): boolean {
  return config.policy === 's3' || (config.ordering === 'sjf' && config.policy !== 'oracle');
}

/** Rejects malformed requests and duplicate ids. */
export function validateRequests(requests: readonly SimRequest[], config: SimConfig): void {
  const { scheme } = config;
  const maxOutputTokens = maxLength(scheme);
  const bucketCount = numBuckets(scheme);
  const checkBuckets = readsPredictedBucket(config);
  const checkProbabilities = config.policy === 's3' && config.s3Allocation === 'cumulative';
  const seenIds = new Set<number>();
  for (let index = 0; index < requests.length; index += 1) {
    const request = requests[index]!;
    const where = `request ${String(request.id)} (index ${index})`;
    if (typeof request.id !== 'number' || !Number.isSafeInteger(request.id)) {
      throw new SimulationError('invalid-request', `${where}: id must be a safe integer`);
    }
    if (seenIds.has(request.id)) {
      throw new SimulationError('invalid-request', `${where}: id ${request.id} is used by an earlier request; ids must be unique`);
    }
    seenIds.add(request.id);
    if (!(Number.isFinite(request.arrivalTimeS) && request.arrivalTimeS >= 0)) {
      throw new SimulationError('invalid-request', `${where}: arrivalTimeS must be a finite number >= 0, got ${String(request.arrivalTimeS)}`);
    }
    if (!isNonNegativeInteger(request.promptTokens)) {
      throw new SimulationError('invalid-request', `${where}: promptTokens must be an integer >= 0, got ${String(request.promptTokens)}`);
    }
    if (!isNonNegativeInteger(request.outputTokens) || request.outputTokens > maxOutputTokens) {
      throw new SimulationError(
        'invalid-request',
        `${where}: outputTokens must be an integer in [0, ${maxOutputTokens}] (the last edge of scheme ` +
          `"${scheme.name}"), got ${String(request.outputTokens)}; cap output lengths at ${maxOutputTokens} before simulating`,
      );
    }
    const bucket = request.predictedBucket;
    if (checkBuckets && !(isNonNegativeInteger(bucket) && bucket < bucketCount)) {
      throw new SimulationError(
        'invalid-request',
        `${where}: predictedBucket must be an integer in [0, ${bucketCount}) for scheme "${scheme.name}", got ${String(bucket)}`,
      );
    }
    if (checkProbabilities && request.bucketProbabilities !== undefined) {
      checkProbabilityVector(request.bucketProbabilities, bucketCount, where);
    }
  }
}

function checkProbabilityVector(probabilities: readonly number[], bucketCount: number, where: string): void {
  if (!Array.isArray(probabilities) || probabilities.length !== bucketCount) {
    throw new SimulationError(
      'invalid-request',
      `${where}: bucketProbabilities must have one entry per bucket (${bucketCount}), got ${Array.isArray(probabilities) ? probabilities.length : String(probabilities)}`,
    );
  }
  let sum = 0;
  for (const [bucket, probability] of probabilities.entries()) {
    if (!(typeof probability === 'number' && Number.isFinite(probability) && probability >= 0)) {
      throw new SimulationError(
        'invalid-request',
        `${where}: bucketProbabilities[${bucket}] must be a finite number >= 0, got ${String(probability)}`,
      );
    }
    sum += probability;
  }
  if (!(sum > 0)) {
    throw new SimulationError('invalid-request', `${where}: bucketProbabilities must not all be 0`);
  }
}

/** Rejects the first request whose largest KV memory exceeds the capacity of an empty GPU. */
export function checkRequestsFit(requests: readonly SimRequest[], config: SimConfig, capacityTokens: number): void {
  const blockSize = config.blockSizeTokens ?? DEFAULT_BLOCK_SIZE_TOKENS;
  const capacityBlocks = Math.floor(capacityTokens / blockSize);
  for (const request of requests) {
    if (config.policy === 'paged') {
      const blocks = blocksFor(request.promptTokens + request.outputTokens, blockSize);
      if (blocks > capacityBlocks) {
        throw new SimulationError(
          'request-too-large',
          `request ${request.id} needs ${blocks} KV blocks of ${blockSize} tokens under policy paged ` +
            `(prompt ${request.promptTokens} + output ${request.outputTokens} tokens), but an empty GPU holds ` +
            `${capacityBlocks} blocks; shorten the prompt, or give the GPU more memory in the cost constants`,
        );
      }
      continue;
    }
    const needed = largestKvTokens(config, request, initialBucket(config, request).bucket);
    if (needed > capacityTokens) {
      throw new SimulationError(
        'request-too-large',
        `request ${request.id} needs a KV reservation of ${needed} tokens under policy ${config.policy} ` +
          `(prompt ${request.promptTokens} + output allocation ${needed - request.promptTokens}), but an empty GPU ` +
          `holds ${capacityTokens} tokens; shorten the prompt, or give the GPU more memory in the cost constants`,
      );
    }
  }
}
