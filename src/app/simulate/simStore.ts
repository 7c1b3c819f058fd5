/** State of the Simulate view: the chosen trace, settings, the run in progress and the last comparison. */
import { create } from 'zustand';
import type { BucketScheme } from '../../predictor/buckets.ts';
import type { ArrivalProcess, ContextOverflow, PolicyName, SimResult, SweepPoint } from '../../sim/index.ts';
import type { Trace } from '../../traces/index.ts';
import type { SampleTraceInfo } from '../../traces/sampleTraces.ts';
import type { FileErrorInfo } from '../common/fileError.ts';
import type { BackendUsed } from '../predict/predictRun.ts';
import { DEFAULT_SCHEDULING, type SchedulingSettings } from './schedulingSettings.ts';
import { DEFAULT_SETTINGS, type SimSettings } from './settings.ts';
import type { ArrivalMode } from './simInputs.ts';

export interface LoadedTrace {
  readonly trace: Trace;
  /** Catalog entry of a shipped sample, or null for an uploaded file. */
  readonly sample: SampleTraceInfo | null;
  /** Key of the trace in the prediction cache, or null when the trace has no prompts. */
  readonly cacheKey: string | null;
}

/** Origin of the S³ policy's predicted buckets. */
export type PredictionMode = 'predictor' | 'confusion-matrix';

export type PredictionSource =
  | {
      readonly kind: 'predictor';
      readonly backend: BackendUsed | null;
      /** Predictions taken from the cache instead of being computed for this run. */
      readonly cached: number;
    }
  | {
      readonly kind: 'confusion-matrix';
      readonly seed: number;
      /** True buckets with no test prompts in the card's confusion matrix. Their requests got their true bucket. */
      readonly emptyRows: readonly number[];
      readonly fallbackRequests: number;
    };

export type SimPhase =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading-trace'; readonly fileName: string }
  | { readonly kind: 'predicting'; readonly done: number; readonly total: number }
  | {
      readonly kind: 'simulating';
      readonly policy: PolicyName;
      /** 0-based index of the policy among those run, for the progress text. */
      readonly step: number;
      readonly steps: number;
      readonly finished: number;
      readonly total: number;
    }
  | {
      readonly kind: 'sweeping';
      readonly policy: PolicyName;
      readonly ratePerS: number;
      /** Runs finished so far and runs in the sweep (policies × rates). */
      readonly completedRuns: number;
      readonly totalRuns: number;
      readonly finished: number;
      readonly total: number;
    };

export interface Comparison {
  readonly traceFileName: string;
  readonly requests: number;
  readonly arrivals: ArrivalMode;
  /** The arrival process the run used, with its rate for generated arrivals. */
  readonly arrivalProcess: ArrivalProcess;
  /** Seed of the gaps of Poisson and Gamma arrivals; unused by trace and offline arrivals. */
  readonly arrivalSeed: number;
  readonly cappedOutputs: number;
  /** Requests longer than the model's context length, which the simulator ran unchanged. */
  readonly contextOverflow: ContextOverflow;
  readonly scheme: BucketScheme;
  readonly hadArrivalTimes: boolean;
  readonly prediction: PredictionSource;
  /** One result per policy run, in `POLICY_NAMES` order. */
  readonly results: readonly SimResult[];
}

/** A finished load sweep: one point per (rate, policy). */
export interface Sweep {
  readonly traceFileName: string;
  readonly requests: number;
  /** Seed of the arrival draws. */
  readonly seed: number;
  /** Coefficient of variation of Gamma gaps, or null for Poisson arrivals. */
  readonly cv: number | null;
  readonly rates: readonly number[];
  readonly policies: readonly PolicyName[];
  readonly prediction: PredictionSource;
  readonly contextOverflow: ContextOverflow;
  readonly points: readonly SweepPoint[];
}

export type RunNotice = { readonly kind: 'cancelled' } | { readonly kind: 'failed'; readonly message: string };

export interface SimState {
  readonly loaded: LoadedTrace | null;
  readonly traceError: FileErrorInfo | null;
  readonly settings: SimSettings;
  readonly scheduling: SchedulingSettings;
  readonly predictionMode: PredictionMode;
  readonly phase: SimPhase;
  readonly notice: RunNotice | null;
  readonly comparison: Comparison | null;
  readonly sweep: Sweep | null;
}

export const INITIAL_SIM_STATE: SimState = {
  loaded: null,
  traceError: null,
  settings: DEFAULT_SETTINGS,
  scheduling: DEFAULT_SCHEDULING,
  predictionMode: 'predictor',
  phase: { kind: 'idle' },
  notice: null,
  comparison: null,
  sweep: null,
};

export const useSimStore = create<SimState>()(() => INITIAL_SIM_STATE);

/** Returns the prediction mode a run uses: traces without prompts can only draw from the confusion matrix. */
export function effectivePredictionMode(loaded: LoadedTrace | null, chosen: PredictionMode): PredictionMode {
  return loaded !== null && loaded.trace.hasPrompts ? chosen : 'confusion-matrix';
}

export function isBusy(phase: SimPhase): boolean {
  return phase.kind !== 'idle';
}
