/**
 * Model and GPU presets. Each table is frozen and its id type is derived from
 * its keys, so adding a row is the only change needed to offer a new preset.
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
  readonly parameters: number;
  /** Largest prompt plus output the model was trained for, in tokens. */
  readonly maxSequenceTokens: number;
  /** Bytes per weight and per KV-cache element in the served precision. */
  readonly bytesPerElement: number;
  readonly dtype: string;
  /** Public documents the numbers come from. */
  readonly source: string;
}

export interface GpuPreset {
  readonly id: string;
  readonly label: string;
  readonly memoryBytes: Bytes;
  readonly memoryBandwidth: BytesPerSecond;
  /** Dense tensor-core peak for the precision the model is served in (no structured sparsity). */
  readonly peakFlops: FlopsPerSecond;
  readonly source: string;
}

// GPT-J 6B. Architecture from EleutherAI/gpt-j-6b config.json on the Hugging Face
// Hub (n_layer, n_embd, n_head, n_positions), parameter count from its model card.
const GPTJ_6B_LAYERS = 28;
const GPTJ_6B_HIDDEN_SIZE = 4096;
const GPTJ_6B_ATTENTION_HEADS = 16;
const GPTJ_6B_PARAMETERS = 6_053_381_344;
const GPTJ_6B_MAX_SEQUENCE_TOKENS = 2048;
/** fp16: 2 bytes per element, the serving precision this preset models. */
const FP16_BYTES_PER_ELEMENT = 2;

// NVIDIA A100 80GB SXM, from the NVIDIA A100 Tensor Core GPU datasheet.
/**
 * The datasheet's "80GB" read as decimal gigabytes. The device reports 81,920 MiB
 * (about 85.9e9 bytes) in nvidia-smi, part of which the driver keeps, so the
 * decimal figure is the conservative choice.
 */
const A100_80GB_MEMORY_BYTES = 80e9;
/** 2,039 GB/s HBM2e bandwidth of the SXM 80GB part. */
const A100_80GB_SXM_BANDWIDTH_BYTES_PER_S = 2_039e9;
/** 312 TFLOP/s dense fp16/bf16 tensor-core peak (624 with 2:4 sparsity, which GPT-J does not use). */
const A100_FP16_DENSE_PEAK_FLOPS_PER_S = 312e12;

export const MODEL_PRESETS = Object.freeze({
  'gptj-6b': Object.freeze({
    id: 'gptj-6b',
    label: 'GPT-J 6B',
    layers: GPTJ_6B_LAYERS,
    hiddenSize: GPTJ_6B_HIDDEN_SIZE,
    attentionHeads: GPTJ_6B_ATTENTION_HEADS,
    parameters: GPTJ_6B_PARAMETERS,
    maxSequenceTokens: GPTJ_6B_MAX_SEQUENCE_TOKENS,
    bytesPerElement: FP16_BYTES_PER_ELEMENT,
    dtype: 'fp16',
    source: 'EleutherAI/gpt-j-6b config.json (n_layer 28, n_embd 4096, n_head 16, n_positions 2048) and model card (6,053,381,344 parameters)',
  }),
} as const satisfies Readonly<Record<string, ModelPreset>>);

export const GPU_PRESETS = Object.freeze({
  'a100-80gb': Object.freeze({
    id: 'a100-80gb',
    label: 'NVIDIA A100 80GB SXM',
    memoryBytes: bytes(A100_80GB_MEMORY_BYTES),
    memoryBandwidth: bytesPerSecond(A100_80GB_SXM_BANDWIDTH_BYTES_PER_S),
    peakFlops: flopsPerSecond(A100_FP16_DENSE_PEAK_FLOPS_PER_S),
    source: 'NVIDIA A100 Tensor Core GPU datasheet: 80GB HBM2e, 2,039 GB/s, 312 TFLOP/s dense FP16/BF16 tensor core',
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
