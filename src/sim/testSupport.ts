/** Helpers shared by the simulator tests. */
import { S3_DEFAULT_SCHEME } from '../predictor/buckets.ts';
import { defaultCostConstants, type CostConstants } from './costModel.ts';
import type { PolicyName, SimConfig, SimRequest } from './types.ts';

const GPTJ = defaultCostConstants('gptj-6b', 'a100-80gb');

/** Cost overrides that leave exactly `capacityTokens` tokens of KV cache on the GPT-J / A100 presets. */
export function costForCapacity(capacityTokens: number): Partial<CostConstants> {
  const kvBytesPerToken = 2 * GPTJ.layers * GPTJ.hiddenSize * GPTJ.bytesPerElement;
  const weightBytes = GPTJ.modelParameters * GPTJ.bytesPerElement;
  return { gpuMemoryBytes: weightBytes + capacityTokens * kvBytesPerToken, activationReserveBytes: 0 };
}

export function gptjConfig(
  policy: PolicyName,
  extra: Partial<Omit<SimConfig, 'policy' | 'modelId' | 'gpuId'>> = {},
): SimConfig {
  return { policy, modelId: 'gptj-6b', gpuId: 'a100-80gb', scheme: S3_DEFAULT_SCHEME, ...extra };
}

/** Builds a request that arrives at time 0 unless `arrivalTimeS` is given. */
export function request(
  id: number,
  promptTokens: number,
  outputTokens: number,
  predictedBucket: number,
  arrivalTimeS = 0,
): SimRequest {
  return { id, arrivalTimeS, promptTokens, outputTokens, predictedBucket };
}

