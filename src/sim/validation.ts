/** Checks of simulator inputs, with messages that name the request and the allowed range. */
import { maxLength, numBuckets, validateScheme } from '../predictor/buckets.ts';
import { SimulationError } from './errors.ts';
import { largestReservation } from './policies.ts';
import { ADMISSION_RULES, POLICY_NAMES, type SimConfig, type SimRequest } from './types.ts';

function isNonNegativeInteger(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function validateConfig(config: SimConfig): void {
  if (!POLICY_NAMES.includes(config.policy)) {
    throw new SimulationError(
      'invalid-config',
      `unknown policy "${String(config.policy)}"; expected one of: ${POLICY_NAMES.join(', ')}`,
    );
  }
  if (config.admission !== undefined && !ADMISSION_RULES.includes(config.admission)) {
    throw new SimulationError(
      'invalid-config',
      `unknown admission rule "${String(config.admission)}"; expected one of: ${ADMISSION_RULES.join(', ')}`,
    );
  }
  try {
    validateScheme(config.scheme);
  } catch (error) {
    throw new SimulationError('invalid-config', `invalid bucket scheme "${config.scheme.name}": ${String(error)}`);
  }
}

/** Rejects malformed requests and duplicate ids. */
export function validateRequests(requests: readonly SimRequest[], config: SimConfig): void {
  const { scheme, policy } = config;
  const maxOutputTokens = maxLength(scheme);
  const bucketCount = numBuckets(scheme);
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
    if (policy === 's3' && !(isNonNegativeInteger(bucket) && bucket < bucketCount)) {
      throw new SimulationError(
        'invalid-request',
        `${where}: predictedBucket must be an integer in [0, ${bucketCount}) for scheme "${scheme.name}", got ${String(bucket)}`,
      );
    }
  }
}

/** Rejects the first request whose largest reservation exceeds the KV capacity of an empty GPU. */
export function checkRequestsFit(requests: readonly SimRequest[], config: SimConfig, capacityTokens: number): void {
  for (const request of requests) {
    const reservation = largestReservation(config.policy, config.scheme, request);
    if (reservation > capacityTokens) {
      throw new SimulationError(
        'request-too-large',
        `request ${request.id} needs a KV reservation of ${reservation} tokens under policy ${config.policy} ` +
          `(prompt ${request.promptTokens} + output allocation ${reservation - request.promptTokens}), but an empty GPU ` +
          `holds ${capacityTokens} tokens; shorten the prompt, or give the GPU more memory in the cost constants`,
      );
    }
  }
}
