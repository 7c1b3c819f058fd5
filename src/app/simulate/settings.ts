/**
 * The Simulate view's adjustable assumptions, kept as the text the user typed, and
 * their conversion into simulator inputs with one error message per invalid field.
 */
import {
  COST_CONSTANT_NAMES,
  costModelFor,
  DEFAULT_SWEEP_SEED,
  resolveCostConstants,
  type AdmissionRule,
  type CostConstantName,
  type CostConstants,
  type CostModel,
  type DtypeId,
  type GpuPresetId,
  type LatencyTable,
  type MixedIterationMode,
  type ModelPresetId,
  type TensorParallelSize,
} from '../../sim/index.ts';
import type { ArrivalMode } from './simInputs.ts';

/** Requests simulated when the user has not changed the limit. */
export const DEFAULT_REQUEST_LIMIT = 2000;
/** Seed of the confusion-matrix draws, so a run is reproducible until the user changes it. */
export const DEFAULT_SEED = 1;

export interface SimSettings {
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly dtype: DtypeId;
  /** GPUs the model is split over. */
  readonly tensorParallel: TensorParallelSize;
  /** Measured step latencies that replace the roofline, or null for the roofline. */
  readonly latencyTable: LatencyTable | null;
  readonly mixedIterations: MixedIterationMode;
  /** Typed text of the cost constants the user changed. An absent key means the preset value. */
  readonly costText: Readonly<Partial<Record<CostConstantName, string>>>;
  readonly admission: AdmissionRule;
  readonly arrivals: ArrivalMode;
  readonly requestLimitText: string;
  /** Seed of the confusion-matrix draws. */
  readonly seedText: string;
  /** Seed of Poisson and Gamma arrivals, in single runs and load sweeps. */
  readonly arrivalSeedText: string;
}

export const DEFAULT_SETTINGS: SimSettings = Object.freeze({
  modelId: 'gptj-6b',
  gpuId: 'a100-80gb',
  dtype: 'fp16',
  tensorParallel: 1,
  latencyTable: null,
  mixedIterations: 'fused',
  costText: {},
  admission: 'first-fit',
  arrivals: 'trace',
  requestLimitText: String(DEFAULT_REQUEST_LIMIT),
  seedText: String(DEFAULT_SEED),
  arrivalSeedText: String(DEFAULT_SWEEP_SEED),
});

/**
 * Invalid fields: the simulator's message for a cost constant, a flag for each
 * whole-number field, and the simulator's message when the model does not fit.
 */
export interface SettingsErrors {
  readonly cost: Readonly<Partial<Record<CostConstantName, string>>>;
  /** Simulator message when the model, GPU, precision and tensor-parallel size leave no KV cache, or null. */
  readonly fit: string | null;
  readonly requestLimit: boolean;
  readonly seed: boolean;
  readonly arrivalSeed: boolean;
}

export type ResolvedSettings =
  | {
      readonly ok: true;
      readonly cost: Partial<CostConstants>;
      readonly requestLimit: number;
      readonly seed: number;
      readonly arrivalSeed: number;
    }
  | { readonly ok: false; readonly errors: SettingsErrors };

function parseNumber(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? Number.NaN : Number(trimmed);
}

/** Checks every field and returns the simulator inputs, or a message for each invalid field. */
export function resolveSettings(settings: SimSettings): ResolvedSettings {
  const costErrors: Partial<Record<CostConstantName, string>> = {};
  const cost: Partial<Record<CostConstantName, number>> = {};

  for (const key of COST_CONSTANT_NAMES) {
    const text = settings.costText[key];
    if (text === undefined) continue;
    const value = parseNumber(text);
    try {
      resolveCostConstants(settings.modelId, settings.gpuId, { [key]: value });
      cost[key] = value;
    } catch (error) {
      costErrors[key] = error instanceof Error ? error.message : String(error);
    }
  }

  const requestLimit = parseNumber(settings.requestLimitText);
  const seed = parseNumber(settings.seedText);
  const arrivalSeed = parseNumber(settings.arrivalSeedText);
  const fit = Object.keys(costErrors).length > 0 ? null : fitError(settings, cost);
  const errors: SettingsErrors = {
    cost: costErrors,
    fit,
    requestLimit: !(Number.isSafeInteger(requestLimit) && requestLimit >= 1),
    seed: !(Number.isSafeInteger(seed) && seed >= 0),
    arrivalSeed: !(Number.isSafeInteger(arrivalSeed) && arrivalSeed >= 0),
  };
  const invalid = Object.keys(costErrors).length > 0 || fit !== null || errors.requestLimit || errors.seed || errors.arrivalSeed;
  if (invalid) return { ok: false, errors };
  return { ok: true, cost, requestLimit, seed, arrivalSeed };
}

/** Builds the cost model of the settings with valid cost overrides `cost`. Throws the simulator's error when it does not fit. */
export function settingsCostModel(settings: SimSettings, cost: Partial<CostConstants>): CostModel {
  return costModelFor({
    modelId: settings.modelId,
    gpuId: settings.gpuId,
    dtype: settings.dtype,
    tensorParallel: settings.tensorParallel,
    mixedIterations: settings.mixedIterations,
    cost,
    ...(settings.latencyTable === null ? {} : { latencyTable: settings.latencyTable }),
  });
}

function fitError(settings: SimSettings, cost: Partial<CostConstants>): string | null {
  try {
    settingsCostModel(settings, cost);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
