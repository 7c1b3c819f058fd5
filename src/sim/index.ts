/** Public API of the KV-cache scheduling simulator. Plain TypeScript: runs in Node and in Web Workers. */
export { simulate, PROGRESS_INTERVAL_ITERATIONS } from './simulate.ts';
export { Simulation, EVENT_KIND_ORDER, type EventKind, type SimulationOptions } from './engine.ts';
export {
  POLICY_NAMES,
  ADMISSION_RULES,
  type PolicyName,
  type AdmissionRule,
  type SimRequest,
  type SimConfig,
  type SimHooks,
  type IterationSnapshot,
  type RequestTokens,
} from './types.ts';
export {
  defaultCostConstants,
  describeCostConstants,
  resolveCostConstants,
  buildCostModel,
  iterationLatency,
  COST_CONSTANT_NAMES,
  DEFAULT_ACTIVATION_RESERVE_BYTES,
  DEFAULT_ITERATION_OVERHEAD_S,
  type CostConstants,
  type CostConstantName,
  type CostConstantDescription,
  type CostModel,
  type IterationWork,
} from './costModel.ts';
export {
  MODEL_PRESETS,
  GPU_PRESETS,
  MODEL_PRESET_IDS,
  GPU_PRESET_IDS,
  type ModelPresetId,
  type GpuPresetId,
  type ModelPreset,
  type GpuPreset,
} from './presets.ts';
export { DEFAULT_ADMISSION_RULE } from './policies.ts';
export { drawPredictedBuckets, type DrawnPredictions } from './predictions.ts';
export { SimulationCancelled, SimulationError, type SimulationErrorCode } from './errors.ts';
export {
  throughputRatio,
  MAX_TIMELINE_POINTS,
  type SimResult,
  type TimelinePoint,
  type ThroughputMetric,
} from './metrics.ts';
export { createRng, type Rng } from './rng.ts';
export {
  syntheticWorkload,
  neighbourConfusionMatrix,
  CONVERSATION_SHAPE,
  type SyntheticWorkloadOptions,
  type WorkloadShape,
  type LengthDistribution,
} from './syntheticWorkload.ts';
