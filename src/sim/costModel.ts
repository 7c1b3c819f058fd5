/**
 * Cost model of one GPU serving one model: KV-cache size per token, the KV
 * capacity left after weights and a workspace reserve, and a roofline latency
 * for one iteration of iteration-level batching.
 */
import { SimulationError } from './errors.ts';
import { gpuPreset, modelPreset, type GpuPresetId, type ModelPresetId } from './presets.ts';
import {
  bytes,
  bytesPerSecond,
  computeTime,
  flops,
  flopsPerSecond,
  seconds,
  tokens,
  transferTime,
  type Bytes,
  type BytesPerSecond,
  type Flops,
  type FlopsPerSecond,
  type Seconds,
  type Tokens,
} from './units.ts';

/**
 * Every number of the cost model that a user may adjust. Plain numbers, with the
 * unit in each name, so that a `Partial<CostConstants>` override is easy to build.
 */
export interface CostConstants {
  readonly gpuMemoryBytes: number;
  readonly memoryBandwidthBytesPerS: number;
  readonly peakFlopsPerS: number;
  readonly modelParameters: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly bytesPerElement: number;
  readonly activationReserveBytes: number;
  readonly iterationOverheadS: number;
}

export type CostConstantName = keyof CostConstants;

/**
 * GPU memory kept out of the KV cache for the CUDA context, cuBLAS workspace and
 * activation buffers: 2 GiB. An estimate, not a measurement. For GPT-J fp16 the
 * largest activations of a 2048-token prefill are the MLP input (2048 × 16384 ×
 * 2 bytes = 64 MiB) and fp32 logits if computed for every position (2048 × 50400
 * × 4 bytes ≈ 394 MiB), and a CUDA context takes a few hundred MiB.
 */
export const DEFAULT_ACTIVATION_RESERVE_BYTES = 2 * 2 ** 30;

/**
 * Fixed time added to every iteration for scheduling, sampling and kernel
 * launches: 2 ms. An estimate, not a measurement: GPT-J runs about 10 kernels per
 * layer, so 28 layers launch roughly 300 kernels at a few microseconds each,
 * plus the server's per-step CPU work.
 */
export const DEFAULT_ITERATION_OVERHEAD_S = 0.002;

/** Keys in the order a settings panel should list them. */
export const COST_CONSTANT_NAMES: readonly CostConstantName[] = Object.freeze([
  'gpuMemoryBytes',
  'memoryBandwidthBytesPerS',
  'peakFlopsPerS',
  'modelParameters',
  'layers',
  'hiddenSize',
  'bytesPerElement',
  'activationReserveBytes',
  'iterationOverheadS',
]);

/** Returns the cost constants of a model preset served on a GPU preset. */
export function defaultCostConstants(modelId: ModelPresetId, gpuId: GpuPresetId): CostConstants {
  const model = modelPreset(modelId);
  const gpu = gpuPreset(gpuId);
  return Object.freeze({
    gpuMemoryBytes: gpu.memoryBytes,
    memoryBandwidthBytesPerS: gpu.memoryBandwidth,
    peakFlopsPerS: gpu.peakFlops,
    modelParameters: model.parameters,
    layers: model.layers,
    hiddenSize: model.hiddenSize,
    bytesPerElement: model.bytesPerElement,
    activationReserveBytes: DEFAULT_ACTIVATION_RESERVE_BYTES,
    iterationOverheadS: DEFAULT_ITERATION_OVERHEAD_S,
  });
}

/** One adjustable cost constant, as a settings panel shows it. */
export interface CostConstantDescription {
  readonly key: CostConstantName;
  readonly label: string;
  readonly unit: string;
  readonly value: number;
  readonly source: string;
}

/** Returns the default cost constants with their labels, units and sources, in display order. */
export function describeCostConstants(
  modelId: ModelPresetId,
  gpuId: GpuPresetId,
): readonly CostConstantDescription[] {
  const model = modelPreset(modelId);
  const gpu = gpuPreset(gpuId);
  const values = defaultCostConstants(modelId, gpuId);
  const text: Record<CostConstantName, { label: string; unit: string; source: string }> = {
    gpuMemoryBytes: { label: 'GPU memory', unit: 'bytes', source: gpu.source },
    memoryBandwidthBytesPerS: { label: 'Memory bandwidth', unit: 'bytes/s', source: gpu.source },
    peakFlopsPerS: { label: `Peak ${model.dtype} tensor-core throughput`, unit: 'FLOP/s', source: gpu.source },
    modelParameters: { label: 'Model parameters', unit: 'parameters', source: model.source },
    layers: { label: 'Transformer layers', unit: 'layers', source: model.source },
    hiddenSize: { label: 'Hidden size', unit: 'elements', source: model.source },
    bytesPerElement: { label: `Bytes per element (${model.dtype})`, unit: 'bytes', source: model.source },
    activationReserveBytes: {
      label: 'Activation and workspace reserve',
      unit: 'bytes',
      source: 'estimate: CUDA context, cuBLAS workspace, activations and logits of a 2048-token GPT-J prefill',
    },
    iterationOverheadS: {
      label: 'Per-iteration overhead',
      unit: 's',
      source: 'estimate: about 300 kernel launches per GPT-J step at a few microseconds each, plus scheduling',
    },
  };
  return COST_CONSTANT_NAMES.map((key) => Object.freeze({ key, value: values[key], ...text[key] }));
}

const INTEGER_CONSTANTS: ReadonlySet<CostConstantName> = new Set(['layers', 'hiddenSize']);
const ZERO_ALLOWED_CONSTANTS: ReadonlySet<CostConstantName> = new Set(['activationReserveBytes', 'iterationOverheadS']);

function isCostConstantName(key: string): key is CostConstantName {
  return (COST_CONSTANT_NAMES as readonly string[]).includes(key);
}

/** Merges `overrides` into the preset defaults, rejecting unknown keys and out-of-range values. */
export function resolveCostConstants(
  modelId: ModelPresetId,
  gpuId: GpuPresetId,
  overrides: Partial<CostConstants> = {},
): CostConstants {
  const merged: Record<CostConstantName, number> = { ...defaultCostConstants(modelId, gpuId) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (!isCostConstantName(key)) {
      throw new SimulationError(
        'invalid-config',
        `unknown cost constant "${key}"; expected one of: ${COST_CONSTANT_NAMES.join(', ')}`,
      );
    }
    merged[key] = checkCostConstant(key, value);
  }
  return Object.freeze(merged);
}

function checkCostConstant(key: CostConstantName, value: unknown): number {
  const minimum = ZERO_ALLOWED_CONSTANTS.has(key) ? 'a number >= 0' : 'a number > 0';
  const valid =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (ZERO_ALLOWED_CONSTANTS.has(key) ? value >= 0 : value > 0) &&
    (!INTEGER_CONSTANTS.has(key) || Number.isInteger(value));
  if (!valid) {
    const expected = INTEGER_CONSTANTS.has(key) ? 'a positive integer' : minimum;
    throw new SimulationError('invalid-config', `cost constant ${key} must be ${expected}, got ${String(value)}`);
  }
  return value as number;
}

/** Quantities derived once from the constants and used by every iteration. */
export interface CostModel {
  readonly constants: CostConstants;
  /** K and V for every layer: 2 × layers × hidden size × bytes per element. */
  readonly kvBytesPerToken: Bytes;
  readonly weightBytes: Bytes;
  /** GPU memory minus weights minus the activation reserve. */
  readonly kvCapacityBytes: Bytes;
  /** Whole tokens of KV cache that fit in `kvCapacityBytes`. */
  readonly kvCapacityTokens: Tokens;
  readonly memoryBandwidth: BytesPerSecond;
  readonly peakFlops: FlopsPerSecond;
  /** Matrix-multiply work per token processed: 2 FLOPs (multiply and add) per parameter. */
  readonly linearFlopsPerToken: Flops;
  /**
   * Attention work per (query, key) pair: per layer, a dot product of width `hidden`
   * for the score and a weighted sum of width `hidden` over V, 2 FLOPs each per element.
   */
  readonly attentionFlopsPerPair: Flops;
  readonly iterationOverhead: Seconds;
}

/** Derives the per-iteration coefficients and the KV capacity, rejecting a GPU the weights do not fit. */
export function buildCostModel(constants: CostConstants): CostModel {
  const kvBytesPerToken = bytes(2 * constants.layers * constants.hiddenSize * constants.bytesPerElement);
  const weightBytes = bytes(constants.modelParameters * constants.bytesPerElement);
  const kvCapacityBytes = bytes(constants.gpuMemoryBytes - weightBytes - constants.activationReserveBytes);
  const kvCapacityTokens = tokens(Math.floor(kvCapacityBytes / kvBytesPerToken));
  if (kvCapacityTokens < 1) {
    throw new SimulationError(
      'invalid-config',
      `no GPU memory is left for the KV cache: ${constants.gpuMemoryBytes} bytes of GPU memory minus ` +
        `${weightBytes} bytes of weights minus a ${constants.activationReserveBytes}-byte reserve is ` +
        `${kvCapacityBytes} bytes, less than one token (${kvBytesPerToken} bytes); raise gpuMemoryBytes ` +
        'or lower activationReserveBytes',
    );
  }
  return Object.freeze({
    constants,
    kvBytesPerToken,
    weightBytes,
    kvCapacityBytes,
    kvCapacityTokens,
    memoryBandwidth: bytesPerSecond(constants.memoryBandwidthBytesPerS),
    peakFlops: flopsPerSecond(constants.peakFlopsPerS),
    linearFlopsPerToken: flops(2 * constants.modelParameters),
    attentionFlopsPerPair: flops(4 * constants.layers * constants.hiddenSize),
    iterationOverhead: seconds(constants.iterationOverheadS),
  });
}

/** The work of one iteration: a prefill for each request that joins, one decode token for each that was running. */
export interface IterationWork {
  /** Tokens prefilled this iteration: prompt plus any recomputed output of every joining request. */
  readonly prefillTokens: number;
  /** Causal (query, key) pairs of those prefills: c(c + 1) / 2 for a prefill of c tokens. */
  readonly prefillAttentionPairs: number;
  /** Requests that were already running, each decoding one token. */
  readonly decodeTokens: number;
  /** KV-cache tokens the decoding requests read: the sum of their contexts. */
  readonly decodeContextTokens: number;
}

/**
 * Returns the roofline latency of one iteration: the larger of its HBM traffic
 * over bandwidth and its FLOPs over peak, plus the per-iteration overhead.
 *
 * Traffic is all weights once, the KV cache the decoding requests read, and the
 * K and V written for every new token (prefill and decode). FLOPs are 2 per
 * parameter per token processed plus attention: each decode token attends to its
 * context and itself, each prefill token to the tokens before it and itself.
 * A mixed iteration pays one roofline for the combined work, as a fused batch does.
 */
export function iterationLatency(model: CostModel, work: IterationWork): Seconds {
  const kvTokensMoved = work.decodeContextTokens + work.prefillTokens + work.decodeTokens;
  const traffic = bytes(model.weightBytes + kvTokensMoved * model.kvBytesPerToken);
  const tokensProcessed = work.prefillTokens + work.decodeTokens;
  const attentionPairs = work.prefillAttentionPairs + work.decodeContextTokens + work.decodeTokens;
  const totalFlops = flops(
    tokensProcessed * model.linearFlopsPerToken + attentionPairs * model.attentionFlopsPerPair,
  );
  const memoryTime = transferTime(traffic, model.memoryBandwidth);
  const flopTime = computeTime(totalFlops, model.peakFlops);
  return seconds(Math.max(memoryTime, flopTime) + model.iterationOverhead);
}

/** Causal attention pairs of a prefill of `promptTokens` tokens. */
export function prefillAttentionPairs(promptTokens: number): number {
  return (promptTokens * (promptTokens + 1)) / 2;
}
