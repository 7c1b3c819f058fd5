/**
 * Cost model of a model served on one GPU or split over N GPUs with tensor
 * parallelism: KV-cache size per token, the KV capacity left after weights and a
 * workspace reserve, and the latency of one iteration of iteration-level batching,
 * from rooflines or from a measured latency table (see `iterationCost.ts`).
 */
import { SimulationError } from './errors.ts';
import type { LatencyTable } from './latencyTable.ts';
import {
  checkTensorParallel,
  dtypePreset,
  gpuPreset,
  modelPreset,
  tensorParallelSizesFor,
  type DtypeId,
  type GpuPresetId,
  type ModelPresetId,
} from './presets.ts';
import {
  bytes,
  bytesPerSecond,
  flops,
  flopsPerSecond,
  seconds,
  tokens,
  type Bytes,
  type BytesPerSecond,
  type Flops,
  type FlopsPerSecond,
  type Seconds,
  type Tokens,
} from './units.ts';

import type { MixedIterationMode } from './iterationCost.ts';

export {
  iterationCost,
  iterationLatency,
  prefillAttentionPairs,
  decodeRoofline,
  prefillRoofline,
  MIXED_ITERATION_MODES,
} from './iterationCost.ts';
export type { IterationWork, IterationCost, RooflinePhase, MixedIterationMode } from './iterationCost.ts';

/**
 * Every number of the cost model that a user may adjust. Plain numbers, with the
 * unit in each name, so that a `Partial<CostConstants>` override is easy to build.
 * Memory, bandwidth, peak and interconnect figures are those of one GPU.
 */
export interface CostConstants {
  readonly gpuMemoryBytes: number;
  readonly memoryBandwidthBytesPerS: number;
  readonly peakFlopsPerS: number;
  readonly modelParameters: number;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly bytesPerElement: number;
  /** Reserve per GPU. */
  readonly activationReserveBytes: number;
  readonly iterationOverheadS: number;
  /**
   * NVLink bandwidth of one GPU, both directions together. Only read when
   * `tensorParallel` > 1. `defaultCostConstants` always sets it.
   */
  readonly interconnectBandwidthBytesPerS?: number;
  /** GPUs the model is split over with tensor parallelism; 1 when absent. `defaultCostConstants` always sets it. */
  readonly tensorParallel?: number;
}

/** Constants listed in the settings table. The tensor-parallel size has its own selector. */
export type CostConstantName = Exclude<keyof CostConstants, 'tensorParallel'>;

/** Preset values of every constant, optional ones included. */
export type PresetCostConstants = Readonly<Required<CostConstants>>;

/**
 * GPU memory kept out of the KV cache on each GPU for the CUDA context, cuBLAS
 * workspace and activation buffers: 2 GiB. An estimate, not a measurement. The
 * largest activation of a 2048-token prefill among the presets is OPT-175B's MLP
 * input (2048 × 49,152 × 2 bytes = 192 MiB, before tensor parallelism splits it),
 * fp32 logits for every position of GPT-J take 2048 × 50,400 × 4 bytes ≈ 394 MiB, and
 * a CUDA context takes a few hundred MiB.
 */
export const DEFAULT_ACTIVATION_RESERVE_BYTES = 2 * 2 ** 30;

/**
 * Fixed time added to every iteration for scheduling, sampling and kernel
 * launches: 2 ms, the same for every preset. An estimate, not a measurement: GPT-J
 * runs about 10 kernels per layer, so 28 layers launch roughly 300 kernels at a few
 * microseconds each, plus the server's per-step CPU work.
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
  'interconnectBandwidthBytesPerS',
]);

/** Precision and tensor-parallel size of a preset pair; fp16 of the model preset and 1 GPU when absent. */
export interface PresetOptions {
  readonly dtype?: DtypeId;
  readonly tensorParallel?: number;
}

/** Returns the cost constants of a model preset served on a GPU preset. */
export function defaultCostConstants(
  modelId: ModelPresetId,
  gpuId: GpuPresetId,
  options: PresetOptions = {},
): PresetCostConstants {
  const model = modelPreset(modelId);
  const gpu = gpuPreset(gpuId);
  const dtype = dtypePreset(options.dtype ?? model.dtype);
  return Object.freeze({
    gpuMemoryBytes: gpu.memoryBytes,
    memoryBandwidthBytesPerS: gpu.memoryBandwidth,
    peakFlopsPerS: gpu.peakFlops,
    modelParameters: model.parameters,
    layers: model.layers,
    hiddenSize: model.hiddenSize,
    bytesPerElement: dtype.bytesPerElement,
    activationReserveBytes: DEFAULT_ACTIVATION_RESERVE_BYTES,
    iterationOverheadS: DEFAULT_ITERATION_OVERHEAD_S,
    interconnectBandwidthBytesPerS: gpu.interconnectBandwidth,
    tensorParallel: checkTensorParallel(model, options.tensorParallel ?? 1),
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
  options: PresetOptions = {},
): readonly CostConstantDescription[] {
  const model = modelPreset(modelId);
  const gpu = gpuPreset(gpuId);
  const dtype = dtypePreset(options.dtype ?? model.dtype);
  const values = defaultCostConstants(modelId, gpuId, options);
  const text: Record<CostConstantName, { label: string; unit: string; source: string }> = {
    gpuMemoryBytes: { label: 'GPU memory (per GPU)', unit: 'bytes', source: gpu.source },
    memoryBandwidthBytesPerS: { label: 'Memory bandwidth (per GPU)', unit: 'bytes/s', source: gpu.source },
    peakFlopsPerS: { label: `Peak ${dtype.label} tensor-core throughput (per GPU)`, unit: 'FLOP/s', source: gpu.source },
    modelParameters: { label: 'Model parameters', unit: 'parameters', source: model.source },
    layers: { label: 'Transformer layers', unit: 'layers', source: model.source },
    hiddenSize: { label: 'Hidden size', unit: 'elements', source: model.source },
    bytesPerElement: { label: `Bytes per element (${dtype.label})`, unit: 'bytes', source: dtype.source },
    activationReserveBytes: {
      label: 'Activation and workspace reserve (per GPU)',
      unit: 'bytes',
      source: 'estimate: CUDA context, cuBLAS workspace, activations and logits of a 2048-token prefill',
    },
    iterationOverheadS: {
      label: 'Per-iteration overhead',
      unit: 's',
      source: 'estimate: about 300 kernel launches per GPT-J step at a few microseconds each, plus scheduling; the same for every preset',
    },
    interconnectBandwidthBytesPerS: {
      label: 'NVLink bandwidth (per GPU, both directions)',
      unit: 'bytes/s',
      source: `${gpu.source}; read only with tensor parallelism`,
    },
  };
  return COST_CONSTANT_NAMES.map((key) => Object.freeze({ key, value: values[key], ...text[key] }));
}

const INTEGER_CONSTANTS: ReadonlySet<CostConstantName> = new Set(['layers', 'hiddenSize']);
const ZERO_ALLOWED_CONSTANTS: ReadonlySet<CostConstantName> = new Set(['activationReserveBytes', 'iterationOverheadS']);

function isCostConstantName(key: string): key is CostConstantName {
  return (COST_CONSTANT_NAMES as readonly string[]).includes(key);
}

/**
 * Merges `overrides` into the preset defaults, rejecting unknown keys and out-of-range
 * values. A `tensorParallel` override takes precedence over `options.tensorParallel`.
 */
export function resolveCostConstants(
  modelId: ModelPresetId,
  gpuId: GpuPresetId,
  overrides: Partial<CostConstants> = {},
  options: PresetOptions = {},
): PresetCostConstants {
  const merged: Record<keyof CostConstants, number> = { ...defaultCostConstants(modelId, gpuId, options) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    if (key === 'tensorParallel') {
      merged.tensorParallel = checkTensorParallel(modelPreset(modelId), value);
      continue;
    }
    if (!isCostConstantName(key)) {
      throw new SimulationError(
        'invalid-config',
        `unknown cost constant "${key}"; expected one of: ${[...COST_CONSTANT_NAMES, 'tensorParallel'].join(', ')}`,
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

/**
 * All-reduces per transformer layer in the forward pass under Megatron-style tensor
 * parallelism: one after the attention output projection and one after the MLP's second
 * matrix multiply, because each GPU stores a slice of those weights along their input.
 */
export const ALL_REDUCES_PER_LAYER = 2;

/** Quantities derived once from the constants and used by every iteration. */
export interface CostModel {
  readonly constants: CostConstants;
  /** K and V for every layer: 2 × layers × hidden size × bytes per element, over all GPUs together. */
  readonly kvBytesPerToken: Bytes;
  /** All weights, over all GPUs together. */
  readonly weightBytes: Bytes;
  /** GPU memory of all GPUs minus weights minus the reserve of every GPU. */
  readonly kvCapacityBytes: Bytes;
  /** Whole tokens of KV cache that fit in `kvCapacityBytes`. */
  readonly kvCapacityTokens: Tokens;
  /** Bandwidth of all GPUs together. */
  readonly memoryBandwidth: BytesPerSecond;
  /** Peak of all GPUs together. */
  readonly peakFlops: FlopsPerSecond;
  /** Matrix-multiply work per token processed: 2 FLOPs (multiply and add) per parameter. */
  readonly linearFlopsPerToken: Flops;
  /**
   * Attention work per (query, key) pair: per layer, a dot product of width `hidden`
   * for the score and a weighted sum of width `hidden` over V, 2 FLOPs each per element.
   */
  readonly attentionFlopsPerPair: Flops;
  readonly iterationOverhead: Seconds;
  /** GPUs the model is split over. */
  readonly tensorParallel: number;
  /** GPU memory of all GPUs together. */
  readonly totalGpuMemoryBytes: Bytes;
  /** Reserve of all GPUs together. */
  readonly totalReserveBytes: Bytes;
  /**
   * Interconnect time per token processed: `ALL_REDUCES_PER_LAYER` ring all-reduces per
   * layer of the token's hidden state; 0 on one GPU. See `allReduceTimePerToken`.
   */
  readonly allReduceTimePerToken: Seconds;
  /** Measured step latencies that replace the roofline, or null. */
  readonly latencyTable: LatencyTable | null;
  /** Timing of an iteration that both prefills and decodes, when no latency table is used. */
  readonly mixedIterations: MixedIterationMode;
}

/** Choices of `buildCostModel` beyond the constants. */
export interface CostModelOptions {
  /** Measured step latencies that replace the roofline; none when absent or null. */
  readonly latencyTable?: LatencyTable | null;
  /** `fused` when absent. */
  readonly mixedIterations?: MixedIterationMode;
}

/**
 * Returns the interconnect time per token of the tensor-parallel all-reduces, a simple
 * bandwidth-only model. A ring all-reduce of S bytes over N GPUs has each GPU send
 * 2(N − 1)/N × S bytes and receive as many. Each GPU so moves 4(N − 1)/N × S bytes
 * over its links, at the datasheet's NVLink bandwidth, which counts both directions.
 * S is the token's hidden state: hidden size × bytes per element.
 * NOTE: ignores the fixed latency of each all-reduce call (typically microseconds),
 * which dominates small decode batches, so tensor-parallel decode at small batch is optimistic.
 */
export function allReduceTimePerToken(constants: CostConstants): Seconds {
  const gpus = constants.tensorParallel ?? 1;
  if (gpus === 1) return seconds(0);
  const bandwidth = constants.interconnectBandwidthBytesPerS;
  if (bandwidth === undefined) {
    throw new SimulationError(
      'invalid-config',
      `cost constant interconnectBandwidthBytesPerS is required with a tensor-parallel size of ${gpus}`,
    );
  }
  const hiddenStateBytes = constants.hiddenSize * constants.bytesPerElement;
  const bytesMovedPerGpu = ALL_REDUCES_PER_LAYER * constants.layers * ((4 * (gpus - 1)) / gpus) * hiddenStateBytes;
  return seconds(bytesMovedPerGpu / bandwidth);
}

/**
 * Derives the per-iteration coefficients and the KV capacity, rejecting a setup the
 * weights do not fit. `costModelFor` gives a message that names the presets.
 */
export function buildCostModel(constants: CostConstants, options: CostModelOptions = {}): CostModel {
  const gpus = constants.tensorParallel ?? 1;
  if (!(Number.isSafeInteger(gpus) && gpus >= 1)) {
    throw new SimulationError('invalid-config', `cost constant tensorParallel must be a positive integer, got ${String(gpus)}`);
  }
  const kvBytesPerToken = bytes(2 * constants.layers * constants.hiddenSize * constants.bytesPerElement);
  const weightBytes = bytes(constants.modelParameters * constants.bytesPerElement);
  const totalGpuMemoryBytes = bytes(gpus * constants.gpuMemoryBytes);
  const totalReserveBytes = bytes(gpus * constants.activationReserveBytes);
  const kvCapacityBytes = bytes(totalGpuMemoryBytes - weightBytes - totalReserveBytes);
  const kvCapacityTokens = tokens(Math.floor(kvCapacityBytes / kvBytesPerToken));
  if (kvCapacityTokens < 1) {
    throw new SimulationError(
      'invalid-config',
      `no GPU memory is left for the KV cache: ${gpus} × ${constants.gpuMemoryBytes} bytes of GPU memory minus ` +
        `${weightBytes} bytes of weights minus a ${constants.activationReserveBytes}-byte reserve per GPU is ` +
        `${kvCapacityBytes} bytes, less than one token (${kvBytesPerToken} bytes); raise gpuMemoryBytes ` +
        'or the tensor-parallel size, or lower activationReserveBytes',
    );
  }
  return Object.freeze({
    constants,
    kvBytesPerToken,
    weightBytes,
    kvCapacityBytes,
    kvCapacityTokens,
    memoryBandwidth: bytesPerSecond(gpus * constants.memoryBandwidthBytesPerS),
    peakFlops: flopsPerSecond(gpus * constants.peakFlopsPerS),
    linearFlopsPerToken: flops(2 * constants.modelParameters),
    attentionFlopsPerPair: flops(4 * constants.layers * constants.hiddenSize),
    iterationOverhead: seconds(constants.iterationOverheadS),
    tensorParallel: gpus,
    totalGpuMemoryBytes,
    totalReserveBytes,
    allReduceTimePerToken: allReduceTimePerToken(constants),
    latencyTable: options.latencyTable ?? null,
    mixedIterations: options.mixedIterations ?? 'fused',
  });
}

/** A model and GPU preset pair with the serving choices and overrides; `SimConfig` is one. */
export interface CostModelSelection extends PresetOptions {
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly cost?: Partial<CostConstants>;
  readonly latencyTable?: LatencyTable;
  readonly mixedIterations?: MixedIterationMode;
}

function groupDigits(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 0 });
}

/** Bytes left for weights and KV cache on `gpus` GPUs. */
function usableBytes(constants: CostConstants, gpus: number): number {
  return gpus * (constants.gpuMemoryBytes - constants.activationReserveBytes);
}

/**
 * Resolves the constants of a selection and builds its cost model. When the weights
 * and one token of KV cache do not fit, the error names the model, the GPU, the
 * tensor-parallel size and the byte counts, and suggests a size that fits.
 */
export function costModelFor(selection: CostModelSelection): CostModel {
  const options: PresetOptions = {
    ...(selection.dtype === undefined ? {} : { dtype: selection.dtype }),
    ...(selection.tensorParallel === undefined ? {} : { tensorParallel: selection.tensorParallel }),
  };
  const constants = resolveCostConstants(selection.modelId, selection.gpuId, selection.cost, options);
  const gpus = constants.tensorParallel;
  const needed = constants.modelParameters * constants.bytesPerElement + 2 * constants.layers * constants.hiddenSize * constants.bytesPerElement;
  if (needed > usableBytes(constants, gpus)) {
    const model = modelPreset(selection.modelId);
    const gpu = gpuPreset(selection.gpuId);
    const dtype = dtypePreset(selection.dtype ?? model.dtype);
    const weightBytes = constants.modelParameters * constants.bytesPerElement;
    const larger = tensorParallelSizesFor(model).filter((size) => size > gpus && needed <= usableBytes(constants, size));
    const fix =
      larger.length > 0
        ? `choose a tensor-parallel size of ${larger[0]} or more`
        : `no tensor-parallel size that ${model.label} allows fits either, so choose a GPU with more memory`;
    throw new SimulationError(
      'invalid-config',
      `${model.label} in ${dtype.label} does not fit on ${gpus} × ${gpu.label}: its weights take ` +
        `${groupDigits(weightBytes)} bytes (${(weightBytes / 1e9).toFixed(1)} GB), but ${gpus} × ` +
        `${groupDigits(constants.gpuMemoryBytes)} bytes of GPU memory minus a reserve of ` +
        `${groupDigits(constants.activationReserveBytes)} bytes per GPU leaves ${groupDigits(usableBytes(constants, gpus))} bytes ` +
        `for weights and KV cache; ${fix}`,
    );
  }
  return buildCostModel(constants, {
    latencyTable: selection.latencyTable ?? null,
    mixedIterations: selection.mixedIterations ?? 'fused',
  });
}
