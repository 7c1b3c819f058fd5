/**
 * Numbers the Cost model tab shows for the Simulate tab's current settings, computed
 * from the simulator's own cost model so that the page and the simulation never disagree.
 */
import {
  buildCostModel,
  decodeRoofline,
  DTYPE_PRESETS,
  GPU_PRESETS,
  iterationCost,
  MODEL_PRESETS,
  prefillAttentionPairs,
  prefillRoofline,
  type CostModel,
  type DtypePreset,
  type GpuPreset,
  type ModelPreset,
  type RooflinePhase,
} from '../../sim/index.ts';
import { resolveSettings, settingsCostModel, type SimSettings } from '../simulate/settings.ts';

/** Decode batch sizes of the example table. */
export const EXAMPLE_DECODE_BATCHES: readonly number[] = Object.freeze([1, 8, 32, 128, 512]);
/** Context per request in the decode examples: prompt plus output so far, in tokens. */
export const EXAMPLE_CONTEXT_TOKENS = 1024;
/** Prompt lengths of the prefill examples, in tokens. */
export const EXAMPLE_PROMPT_TOKENS: readonly number[] = Object.freeze([32, 128, 512, 2048]);

export interface DecodeExample {
  readonly batchSize: number;
  readonly roofline: RooflinePhase;
  /** Roofline plus the per-iteration overhead. */
  readonly stepS: number;
  /** Output tokens per second of back-to-back steps: batch size over step time. */
  readonly tokensPerS: number;
  /** Step time from the latency table in use, or null without one. */
  readonly measuredStepS: number | null;
  /** False when the batch's KV cache exceeds the capacity, so the row is hypothetical. */
  readonly fits: boolean;
}

export interface PrefillExample {
  readonly promptTokens: number;
  readonly roofline: RooflinePhase;
  readonly stepS: number;
  readonly measuredStepS: number | null;
}

export interface CostFigures {
  readonly model: ModelPreset;
  readonly gpu: GpuPreset;
  readonly dtype: DtypePreset;
  /** Cost model of the settings, with the latency table if one is loaded. */
  readonly cost: CostModel;
  /** The same constants without the latency table, for the roofline examples. */
  readonly roofline: CostModel;
  /** Reservations of the model's maximum sequence length that fit in the KV cache at once. */
  readonly maxSequenceReservations: number;
  /** Peak FLOP/s over bandwidth: FLOPs per byte above which a phase is compute-bound. */
  readonly ridgeFlopsPerByte: number;
  /**
   * Decode batch at which the KV cache read per step, at `EXAMPLE_CONTEXT_TOKENS` per
   * request, equals the weight bytes.
   */
  readonly kvEqualsWeightsBatch: number;
  readonly decode: readonly DecodeExample[];
  readonly prefill: readonly PrefillExample[];
}

export type CostFiguresResult = { readonly ok: true; readonly figures: CostFigures } | { readonly ok: false; readonly reason: string | null };

function measured(cost: CostModel, stepOf: () => number): number | null {
  return cost.latencyTable === null ? null : stepOf();
}

/**
 * Computes the figures of `settings`. Returns the simulator's message when the model
 * does not fit, and a null reason when another setting (a typed constant) is invalid.
 */
export function costFigures(settings: SimSettings): CostFiguresResult {
  const resolved = resolveSettings(settings);
  if (!resolved.ok) {
    return { ok: false, reason: Object.keys(resolved.errors.cost).length === 0 ? resolved.errors.fit : null };
  }
  let cost: CostModel;
  try {
    cost = settingsCostModel(settings, resolved.cost);
  } catch (error) {
    return { ok: false, reason: error instanceof Error ? error.message : String(error) };
  }
  const roofline = cost.latencyTable === null ? cost : buildCostModel(cost.constants, { mixedIterations: cost.mixedIterations });
  const model = MODEL_PRESETS[settings.modelId];
  const overhead = roofline.iterationOverhead;
  const kvPerRequestStep = (EXAMPLE_CONTEXT_TOKENS + 1) * roofline.kvBytesPerToken;

  const decode = EXAMPLE_DECODE_BATCHES.map((batchSize): DecodeExample => {
    const contextTokens = batchSize * EXAMPLE_CONTEXT_TOKENS;
    const phase = decodeRoofline(roofline, batchSize, contextTokens);
    const stepS = phase.time + overhead;
    return {
      batchSize,
      roofline: phase,
      stepS,
      tokensPerS: batchSize / stepS,
      measuredStepS: measured(cost, () =>
        iterationCost(cost, { prefillTokens: 0, prefillAttentionPairs: 0, decodeTokens: batchSize, decodeContextTokens: contextTokens }).latency,
      ),
      fits: batchSize * (EXAMPLE_CONTEXT_TOKENS + 1) <= roofline.kvCapacityTokens,
    };
  });
  const prefill = EXAMPLE_PROMPT_TOKENS.map((promptTokens): PrefillExample => {
    const pairs = prefillAttentionPairs(promptTokens);
    const phase = prefillRoofline(roofline, promptTokens, pairs);
    return {
      promptTokens,
      roofline: phase,
      stepS: phase.time + overhead,
      measuredStepS: measured(cost, () =>
        iterationCost(cost, { prefillRequests: 1, prefillTokens: promptTokens, prefillAttentionPairs: pairs, decodeTokens: 0, decodeContextTokens: 0 })
          .latency,
      ),
    };
  });

  return {
    ok: true,
    figures: {
      model,
      gpu: GPU_PRESETS[settings.gpuId],
      dtype: DTYPE_PRESETS[settings.dtype],
      cost,
      roofline,
      maxSequenceReservations: Math.floor(roofline.kvCapacityTokens / model.maxSequenceTokens),
      ridgeFlopsPerByte: roofline.peakFlops / roofline.memoryBandwidth,
      kvEqualsWeightsBatch: roofline.weightBytes / kvPerRequestStep,
      decode,
      prefill,
    },
  };
}
