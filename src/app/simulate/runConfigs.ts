/**
 * Simulator configs of one run, one per chosen policy. The Simulate view and the
 * headless CLI (`scripts/simulate.ts`) both build their configs here, so a run set up
 * with the same choices simulates the same thing in both.
 */
import type { BucketScheme } from '../../predictor/buckets.ts';
import type {
  AdmissionRule,
  CostConstants,
  DtypeId,
  GpuPresetId,
  LatencyTable,
  MixedIterationMode,
  ModelPresetId,
  SimConfig,
  TensorParallelSize,
} from '../../sim/index.ts';
import { schedulingConfig, type ResolvedScheduling } from './schedulingSettings.ts';

/** The served model, its hardware and cost model, shared by every policy of a run. */
export interface ServingChoices {
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly dtype: DtypeId;
  readonly tensorParallel: TensorParallelSize;
  readonly mixedIterations: MixedIterationMode;
  /** Measured step latencies that replace the roofline, or null for the roofline. */
  readonly latencyTable: LatencyTable | null;
  /** Cost-constant overrides; empty for the presets. */
  readonly cost: Partial<CostConstants>;
  readonly scheme: BucketScheme;
  /** Admission rule of max-length, S³ and oracle. Paged keeps vLLM's FCFS admission. */
  readonly admission: AdmissionRule;
}

/** Returns one config per chosen policy, in the order of `scheduling.policies`. */
export function runConfigs(serving: ServingChoices, scheduling: ResolvedScheduling): SimConfig[] {
  return scheduling.policies.map((policy) => ({
    policy,
    modelId: serving.modelId,
    gpuId: serving.gpuId,
    dtype: serving.dtype,
    tensorParallel: serving.tensorParallel,
    mixedIterations: serving.mixedIterations,
    ...(serving.latencyTable === null ? {} : { latencyTable: serving.latencyTable }),
    scheme: serving.scheme,
    ...(policy === 'paged' ? {} : { admission: serving.admission }),
    ...(Object.keys(serving.cost).length === 0 ? {} : { cost: serving.cost }),
    ...schedulingConfig(policy, scheduling),
  }));
}
