/**
 * Model, GPU, precision and tensor-parallel presets. Each table is frozen and its id
 * type is derived from its keys, so adding a row is the only change needed to offer
 * a new preset.
 */
import { SimulationError } from './errors.ts';
import {
  bytes,
  bytesPerSecond,
  flopsPerSecond,
  type Bytes,
  type BytesPerSecond,
  type FlopsPerSecond,
} from './units.ts';

export interface ModelPreset {
  readonly id: string;
  readonly label: string;
  /** Transformer blocks. */
  readonly layers: number;
  /** Width of the residual stream, which is also the width of K and V per layer. */
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  /**
   * Heads whose keys and values are cached. Equal to `attentionHeads` for every preset
   * here (none uses grouped-query attention), which is why the KV size per token is
   * 2 × layers × hidden size × bytes per element.
   */
  readonly kvHeads: number;
  readonly parameters: number;
  /** Whether `parameters` is the count the source publishes or one computed from the architecture. */
  readonly parameterCount: 'published' | 'computed';
  /** Largest prompt plus output the model was trained for, in tokens. */
  readonly maxSequenceTokens: number;
  /** Bytes per weight and per KV-cache element in the default serving precision. */
  readonly bytesPerElement: number;
  /** Default serving precision. */
  readonly dtype: DtypeId;
  /** Public documents the numbers come from. */
  readonly source: string;
}

export interface GpuPreset {
  readonly id: string;
  readonly label: string;
  /** Memory of one GPU. */
  readonly memoryBytes: Bytes;
  readonly memoryBandwidth: BytesPerSecond;
  /**
   * Dense fp16/bf16 tensor-core peak (no structured sparsity). The datasheets of every
   * GPU here list the same figure for fp16 and bf16.
   */
  readonly peakFlops: FlopsPerSecond;
  /** NVLink bandwidth of one GPU, both directions together, as the datasheet states it. */
  readonly interconnectBandwidth: BytesPerSecond;
  readonly source: string;
}

export interface DtypePreset {
  readonly id: string;
  readonly label: string;
  readonly bytesPerElement: number;
  readonly source: string;
}

// Precisions. Both are 2 bytes per element, so the choice changes labels but not the
// cost model: weights, KV cache and the tensor-core peaks of these GPUs are the same.
/** IEEE 754 binary16: 1 sign, 5 exponent and 10 fraction bits. */
const FP16_BYTES_PER_ELEMENT = 2;
/** bfloat16: 1 sign, 8 exponent and 7 fraction bits. */
const BF16_BYTES_PER_ELEMENT = 2;

export const DTYPE_PRESETS = Object.freeze({
  fp16: Object.freeze({
    id: 'fp16',
    label: 'fp16',
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    source: 'IEEE 754 binary16: 16 bits per element',
  }),
  bf16: Object.freeze({
    id: 'bf16',
    label: 'bf16',
    bytesPerElement: BF16_BYTES_PER_ELEMENT,
    source: 'bfloat16: 16 bits per element',
  }),
} as const satisfies Readonly<Record<string, DtypePreset>>);

export type DtypeId = keyof typeof DTYPE_PRESETS;
export const DTYPE_IDS = Object.freeze(Object.keys(DTYPE_PRESETS)) as readonly DtypeId[];

/**
 * GPUs a model can be split over with tensor parallelism. Megatron-style splitting
 * gives each GPU a whole number of attention heads, so the size must divide the head count.
 */
export const TENSOR_PARALLEL_SIZES = Object.freeze([1, 2, 4, 8] as const);
export type TensorParallelSize = (typeof TENSOR_PARALLEL_SIZES)[number];

// GPT-J 6B. Architecture from EleutherAI/gpt-j-6b config.json on the Hugging Face
// Hub (n_layer, n_embd, n_head, n_positions), parameter count from its model card.
const GPTJ_6B_LAYERS = 28;
const GPTJ_6B_HIDDEN_SIZE = 4096;
const GPTJ_6B_ATTENTION_HEADS = 16;
const GPTJ_6B_PARAMETERS = 6_053_381_344;
const GPTJ_6B_MAX_SEQUENCE_TOKENS = 2048;

// GPT-NeoX 20B. Architecture from EleutherAI/gpt-neox-20b config.json (num_hidden_layers,
// hidden_size, num_attention_heads, max_position_embeddings), parameter count from the
// model card's hyperparameter table. The count also follows from the architecture with
// the config's padded vocabulary of 50,432 and untied input and output embeddings.
const GPT_NEOX_20B_LAYERS = 44;
const GPT_NEOX_20B_HIDDEN_SIZE = 6144;
const GPT_NEOX_20B_ATTENTION_HEADS = 64;
const GPT_NEOX_20B_PARAMETERS = 20_554_567_680;
const GPT_NEOX_20B_MAX_SEQUENCE_TOKENS = 2048;

// LLaMA (the first release, February 2023). Architecture from the LLaMA paper (Touvron
// et al. 2023, arXiv:2302.13971, Table 2) and the config.json of the Hugging Face
// conversion of the released weights (huggyllama/llama-7b, -13b, -30b, -65b). The paper
// rounds the parameter counts (6.7B, 13.0B, 32.5B, 65.2B), so the exact counts below are
// computed from the architecture. The model has untied 32,000-token input and output
// embeddings and a final RMSNorm. Each layer has 4·h² attention weights, 3·h·ffn SwiGLU
// weights and two RMSNorm vectors, with the ffn widths 11,008, 13,824, 17,920 and 22,016
// of the configs. All four were trained with a 2,048-token context (max_sequence_length
// in the configs).
const LLAMA_MAX_SEQUENCE_TOKENS = 2048;
const LLAMA_7B_LAYERS = 32;
const LLAMA_7B_HIDDEN_SIZE = 4096;
const LLAMA_7B_ATTENTION_HEADS = 32;
const LLAMA_7B_PARAMETERS = 6_738_415_616;
const LLAMA_13B_LAYERS = 40;
const LLAMA_13B_HIDDEN_SIZE = 5120;
const LLAMA_13B_ATTENTION_HEADS = 40;
const LLAMA_13B_PARAMETERS = 13_015_864_320;
const LLAMA_33B_LAYERS = 60;
const LLAMA_33B_HIDDEN_SIZE = 6656;
const LLAMA_33B_ATTENTION_HEADS = 52;
const LLAMA_33B_PARAMETERS = 32_528_943_616;
const LLAMA_65B_LAYERS = 80;
const LLAMA_65B_HIDDEN_SIZE = 8192;
const LLAMA_65B_ATTENTION_HEADS = 64;
const LLAMA_65B_PARAMETERS = 65_285_660_672;

// OPT. Architecture from the config.json of facebook/opt-13b, -30b and -66b on the
// Hugging Face Hub (num_hidden_layers, hidden_size, num_attention_heads,
// max_position_embeddings). OPT-175B has no public config.json because its weights are
// released on request only, so its architecture is the OPT paper's (Zhang et al. 2022,
// arXiv:2205.01068, Table 1) with the vocabulary and positions of the smaller models.
// The paper rounds the parameter counts, so the exact counts below are computed from
// the architecture. The model has a tied 50,272-token embedding, 2,050 learned
// positions and a final LayerNorm. Each layer has 4·h² + 4·h attention weights and
// biases, 8·h² + 5·h MLP weights and biases (ffn width 4·h) and two LayerNorms of 2·h.
const OPT_MAX_SEQUENCE_TOKENS = 2048;
const OPT_13B_LAYERS = 40;
const OPT_13B_HIDDEN_SIZE = 5120;
const OPT_13B_ATTENTION_HEADS = 40;
const OPT_13B_PARAMETERS = 12_853_473_280;
const OPT_30B_LAYERS = 48;
const OPT_30B_HIDDEN_SIZE = 7168;
const OPT_30B_ATTENTION_HEADS = 56;
const OPT_30B_PARAMETERS = 29_974_540_288;
const OPT_66B_LAYERS = 64;
const OPT_66B_HIDDEN_SIZE = 9216;
const OPT_66B_ATTENTION_HEADS = 72;
const OPT_66B_PARAMETERS = 65_719_701_504;
const OPT_175B_LAYERS = 96;
const OPT_175B_HIDDEN_SIZE = 12288;
const OPT_175B_ATTENTION_HEADS = 96;
const OPT_175B_PARAMETERS = 174_604_468_224;

// GPU memory sizes are the datasheets' "40GB", "80GB" and "141GB" read as decimal
// gigabytes (1 GB = 1e9 bytes). The devices report slightly more in nvidia-smi (an
// A100 80GB shows 81,920 MiB, about 85.9e9 bytes), part of which the driver keeps,
// so the decimal reading is the conservative one.

// NVIDIA A100 40GB SXM, from the NVIDIA A100 Tensor Core GPU datasheet.
const A100_40GB_MEMORY_BYTES = 40e9;
/** 1,555 GB/s HBM2 bandwidth of the 40GB part. */
const A100_40GB_BANDWIDTH_BYTES_PER_S = 1_555e9;

// NVIDIA A100 80GB SXM, from the same datasheet.
const A100_80GB_MEMORY_BYTES = 80e9;
/** 2,039 GB/s HBM2e bandwidth of the SXM 80GB part. */
const A100_80GB_SXM_BANDWIDTH_BYTES_PER_S = 2_039e9;
/** 312 TFLOP/s dense fp16/bf16 tensor-core peak of every A100 (624 with 2:4 sparsity, which these models do not use). */
const A100_FP16_DENSE_PEAK_FLOPS_PER_S = 312e12;
/** 600 GB/s third-generation NVLink per A100 SXM. */
const A100_NVLINK_BYTES_PER_S = 600e9;

// NVIDIA H100 80GB SXM, from the NVIDIA H100 Tensor Core GPU datasheet.
const H100_SXM_MEMORY_BYTES = 80e9;
/** 3.35 TB/s HBM3 bandwidth of the SXM part. */
const H100_SXM_BANDWIDTH_BYTES_PER_S = 3.35e12;
/** 989 TFLOP/s dense bf16/fp16 tensor-core peak; the datasheet's 1,979 is with 2:4 sparsity. */
const H100_SXM_DENSE_PEAK_FLOPS_PER_S = 989e12;
/** 900 GB/s fourth-generation NVLink per H100 SXM. */
const H100_NVLINK_BYTES_PER_S = 900e9;

// NVIDIA H200 141GB SXM, from the NVIDIA H200 Tensor Core GPU datasheet.
const H200_SXM_MEMORY_BYTES = 141e9;
/** 4.8 TB/s HBM3e bandwidth. */
const H200_SXM_BANDWIDTH_BYTES_PER_S = 4.8e12;
/** 989 TFLOP/s dense bf16/fp16 tensor-core peak; the datasheet's 1,979 is with 2:4 sparsity. */
const H200_SXM_DENSE_PEAK_FLOPS_PER_S = 989e12;
/** 900 GB/s NVLink per H200 SXM. */
const H200_NVLINK_BYTES_PER_S = 900e9;

const LLAMA_SOURCE =
  'LLaMA paper (arXiv:2302.13971) Table 2 and the config.json of huggyllama/llama-*; parameters computed from the architecture';
const OPT_SOURCE = 'config.json of facebook/opt-*; parameters computed from the architecture';

export const MODEL_PRESETS = Object.freeze({
  'gptj-6b': Object.freeze({
    id: 'gptj-6b',
    label: 'GPT-J 6B',
    layers: GPTJ_6B_LAYERS,
    hiddenSize: GPTJ_6B_HIDDEN_SIZE,
    attentionHeads: GPTJ_6B_ATTENTION_HEADS,
    kvHeads: GPTJ_6B_ATTENTION_HEADS,
    parameters: GPTJ_6B_PARAMETERS,
    parameterCount: 'published',
    maxSequenceTokens: GPTJ_6B_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: 'EleutherAI/gpt-j-6b config.json (n_layer 28, n_embd 4096, n_head 16, n_positions 2048) and model card (6,053,381,344 parameters)',
  }),
  'gpt-neox-20b': Object.freeze({
    id: 'gpt-neox-20b',
    label: 'GPT-NeoX 20B',
    layers: GPT_NEOX_20B_LAYERS,
    hiddenSize: GPT_NEOX_20B_HIDDEN_SIZE,
    attentionHeads: GPT_NEOX_20B_ATTENTION_HEADS,
    kvHeads: GPT_NEOX_20B_ATTENTION_HEADS,
    parameters: GPT_NEOX_20B_PARAMETERS,
    parameterCount: 'published',
    maxSequenceTokens: GPT_NEOX_20B_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source:
      'EleutherAI/gpt-neox-20b config.json (num_hidden_layers 44, hidden_size 6144, num_attention_heads 64, max_position_embeddings 2048) and model card (20,554,567,680 parameters)',
  }),
  'llama-7b': Object.freeze({
    id: 'llama-7b',
    label: 'LLaMA 7B',
    layers: LLAMA_7B_LAYERS,
    hiddenSize: LLAMA_7B_HIDDEN_SIZE,
    attentionHeads: LLAMA_7B_ATTENTION_HEADS,
    kvHeads: LLAMA_7B_ATTENTION_HEADS,
    parameters: LLAMA_7B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: LLAMA_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: LLAMA_SOURCE,
  }),
  'llama-13b': Object.freeze({
    id: 'llama-13b',
    label: 'LLaMA 13B',
    layers: LLAMA_13B_LAYERS,
    hiddenSize: LLAMA_13B_HIDDEN_SIZE,
    attentionHeads: LLAMA_13B_ATTENTION_HEADS,
    kvHeads: LLAMA_13B_ATTENTION_HEADS,
    parameters: LLAMA_13B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: LLAMA_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: LLAMA_SOURCE,
  }),
  'llama-33b': Object.freeze({
    id: 'llama-33b',
    label: 'LLaMA 33B',
    layers: LLAMA_33B_LAYERS,
    hiddenSize: LLAMA_33B_HIDDEN_SIZE,
    attentionHeads: LLAMA_33B_ATTENTION_HEADS,
    kvHeads: LLAMA_33B_ATTENTION_HEADS,
    parameters: LLAMA_33B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: LLAMA_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: LLAMA_SOURCE,
  }),
  'llama-65b': Object.freeze({
    id: 'llama-65b',
    label: 'LLaMA 65B',
    layers: LLAMA_65B_LAYERS,
    hiddenSize: LLAMA_65B_HIDDEN_SIZE,
    attentionHeads: LLAMA_65B_ATTENTION_HEADS,
    kvHeads: LLAMA_65B_ATTENTION_HEADS,
    parameters: LLAMA_65B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: LLAMA_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: LLAMA_SOURCE,
  }),
  'opt-13b': Object.freeze({
    id: 'opt-13b',
    label: 'OPT 13B',
    layers: OPT_13B_LAYERS,
    hiddenSize: OPT_13B_HIDDEN_SIZE,
    attentionHeads: OPT_13B_ATTENTION_HEADS,
    kvHeads: OPT_13B_ATTENTION_HEADS,
    parameters: OPT_13B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: OPT_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: OPT_SOURCE,
  }),
  'opt-30b': Object.freeze({
    id: 'opt-30b',
    label: 'OPT 30B',
    layers: OPT_30B_LAYERS,
    hiddenSize: OPT_30B_HIDDEN_SIZE,
    attentionHeads: OPT_30B_ATTENTION_HEADS,
    kvHeads: OPT_30B_ATTENTION_HEADS,
    parameters: OPT_30B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: OPT_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: OPT_SOURCE,
  }),
  'opt-66b': Object.freeze({
    id: 'opt-66b',
    label: 'OPT 66B',
    layers: OPT_66B_LAYERS,
    hiddenSize: OPT_66B_HIDDEN_SIZE,
    attentionHeads: OPT_66B_ATTENTION_HEADS,
    kvHeads: OPT_66B_ATTENTION_HEADS,
    parameters: OPT_66B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: OPT_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: OPT_SOURCE,
  }),
  'opt-175b': Object.freeze({
    id: 'opt-175b',
    label: 'OPT 175B',
    layers: OPT_175B_LAYERS,
    hiddenSize: OPT_175B_HIDDEN_SIZE,
    attentionHeads: OPT_175B_ATTENTION_HEADS,
    kvHeads: OPT_175B_ATTENTION_HEADS,
    parameters: OPT_175B_PARAMETERS,
    parameterCount: 'computed',
    maxSequenceTokens: OPT_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: 'OPT paper (arXiv:2205.01068) Table 1, vocabulary and positions as in facebook/opt-66b config.json; parameters computed from the architecture',
  }),
} as const satisfies Readonly<Record<string, ModelPreset>>);

export const GPU_PRESETS = Object.freeze({
  'a100-40gb': Object.freeze({
    id: 'a100-40gb',
    label: 'NVIDIA A100 40GB SXM',
    memoryBytes: bytes(A100_40GB_MEMORY_BYTES),
    memoryBandwidth: bytesPerSecond(A100_40GB_BANDWIDTH_BYTES_PER_S),
    peakFlops: flopsPerSecond(A100_FP16_DENSE_PEAK_FLOPS_PER_S),
    interconnectBandwidth: bytesPerSecond(A100_NVLINK_BYTES_PER_S),
    source: 'NVIDIA A100 Tensor Core GPU datasheet: 40GB HBM2 (read as 40e9 bytes), 1,555 GB/s, 312 TFLOP/s dense FP16/BF16 tensor core, NVLink 600 GB/s',
  }),
  'a100-80gb': Object.freeze({
    id: 'a100-80gb',
    label: 'NVIDIA A100 80GB SXM',
    memoryBytes: bytes(A100_80GB_MEMORY_BYTES),
    memoryBandwidth: bytesPerSecond(A100_80GB_SXM_BANDWIDTH_BYTES_PER_S),
    peakFlops: flopsPerSecond(A100_FP16_DENSE_PEAK_FLOPS_PER_S),
    interconnectBandwidth: bytesPerSecond(A100_NVLINK_BYTES_PER_S),
    source: 'NVIDIA A100 Tensor Core GPU datasheet: 80GB HBM2e (read as 80e9 bytes), 2,039 GB/s, 312 TFLOP/s dense FP16/BF16 tensor core, NVLink 600 GB/s',
  }),
  'h100-80gb': Object.freeze({
    id: 'h100-80gb',
    label: 'NVIDIA H100 80GB SXM',
    memoryBytes: bytes(H100_SXM_MEMORY_BYTES),
    memoryBandwidth: bytesPerSecond(H100_SXM_BANDWIDTH_BYTES_PER_S),
    peakFlops: flopsPerSecond(H100_SXM_DENSE_PEAK_FLOPS_PER_S),
    interconnectBandwidth: bytesPerSecond(H100_NVLINK_BYTES_PER_S),
    source: 'NVIDIA H100 Tensor Core GPU datasheet, SXM: 80GB HBM3 (read as 80e9 bytes), 3.35 TB/s, 989 TFLOP/s dense BF16/FP16 tensor core (1,979 with sparsity), NVLink 900 GB/s',
  }),
  'h200-141gb': Object.freeze({
    id: 'h200-141gb',
    label: 'NVIDIA H200 141GB SXM',
    memoryBytes: bytes(H200_SXM_MEMORY_BYTES),
    memoryBandwidth: bytesPerSecond(H200_SXM_BANDWIDTH_BYTES_PER_S),
    peakFlops: flopsPerSecond(H200_SXM_DENSE_PEAK_FLOPS_PER_S),
    interconnectBandwidth: bytesPerSecond(H200_NVLINK_BYTES_PER_S),
    source: 'NVIDIA H200 Tensor Core GPU datasheet, SXM: 141GB HBM3e (read as 141e9 bytes), 4.8 TB/s, 989 TFLOP/s dense BF16/FP16 tensor core (1,979 with sparsity), NVLink 900 GB/s',
  }),
} as const satisfies Readonly<Record<string, GpuPreset>>);

export type ModelPresetId = keyof typeof MODEL_PRESETS;
export type GpuPresetId = keyof typeof GPU_PRESETS;

export const MODEL_PRESET_IDS = Object.freeze(Object.keys(MODEL_PRESETS)) as readonly ModelPresetId[];
export const GPU_PRESET_IDS = Object.freeze(Object.keys(GPU_PRESETS)) as readonly GpuPresetId[];

function isKey<T extends object>(table: T, key: string): key is Extract<keyof T, string> {
  return Object.prototype.hasOwnProperty.call(table, key);
}

/** Looks up a model preset, naming the allowed ids when `id` is unknown. */
export function modelPreset(id: string): ModelPreset {
  if (!isKey(MODEL_PRESETS, id)) {
    throw new SimulationError('invalid-config', `unknown model preset "${id}"; expected one of: ${MODEL_PRESET_IDS.join(', ')}`);
  }
  return MODEL_PRESETS[id];
}

/** Looks up a GPU preset, naming the allowed ids when `id` is unknown. */
export function gpuPreset(id: string): GpuPreset {
  if (!isKey(GPU_PRESETS, id)) {
    throw new SimulationError('invalid-config', `unknown GPU preset "${id}"; expected one of: ${GPU_PRESET_IDS.join(', ')}`);
  }
  return GPU_PRESETS[id];
}

/** Looks up a precision, naming the allowed ids when `id` is unknown. */
export function dtypePreset(id: string): DtypePreset {
  if (!isKey(DTYPE_PRESETS, id)) {
    throw new SimulationError('invalid-config', `unknown dtype "${id}"; expected one of: ${DTYPE_IDS.join(', ')}`);
  }
  return DTYPE_PRESETS[id];
}

/**
 * Returns `size` as a tensor-parallel size of `model`, rejecting sizes outside
 * `TENSOR_PARALLEL_SIZES` and sizes that do not divide the model's attention heads.
 */
export function checkTensorParallel(model: ModelPreset, size: unknown): TensorParallelSize {
  const allowed = TENSOR_PARALLEL_SIZES as readonly unknown[];
  if (!allowed.includes(size)) {
    throw new SimulationError(
      'invalid-config',
      `tensor-parallel size must be one of ${TENSOR_PARALLEL_SIZES.join(', ')}, got ${String(size)}`,
    );
  }
  const checked = size as TensorParallelSize;
  if (model.attentionHeads % checked !== 0) {
    throw new SimulationError(
      'invalid-config',
      `${model.label} has ${model.attentionHeads} attention heads, which ${checked} GPUs cannot split evenly; ` +
        `choose a tensor-parallel size of ${tensorParallelSizesFor(model).join(', ')}`,
    );
  }
  return checked;
}

/** Tensor-parallel sizes that divide the attention heads of `model`. */
export function tensorParallelSizesFor(model: ModelPreset): readonly TensorParallelSize[] {
  return TENSOR_PARALLEL_SIZES.filter((size) => model.attentionHeads % size === 0);
}
