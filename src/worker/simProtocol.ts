/**
 * Messages between the UI thread and the simulator Web Worker (one union each
 * way, keyed on `type`). A `run` simulates each config in turn; a `sweep` replays
 * the requests at each arrival rate under each config. Either cancels the run or
 * sweep in progress.
 */
import type {
  PolicyName,
  SimConfig,
  SimRequest,
  SimResult,
  SimulationErrorCode,
  SweepOptions,
  SweepPoint,
  SweepProgress,
} from '../sim/index.ts';

export type SimWorkerRequest =
  | {
      readonly type: 'run';
      readonly runId: number;
      readonly requests: readonly SimRequest[];
      readonly configs: readonly SimConfig[];
    }
  | {
      readonly type: 'sweep';
      readonly runId: number;
      readonly requests: readonly SimRequest[];
      readonly configs: readonly SimConfig[];
      /** Arrival rates in requests per second. */
      readonly rates: readonly number[];
      readonly options: SweepOptions;
    }
  | { readonly type: 'cancel'; readonly runId: number };

export type SimWorkerResponse =
  | {
      readonly type: 'progress';
      readonly runId: number;
      readonly policy: PolicyName;
      /** Index of the config being simulated, in the run's `configs` array. */
      readonly configIndex: number;
      readonly finished: number;
      readonly total: number;
    }
  | { readonly type: 'result'; readonly runId: number; readonly results: readonly SimResult[] }
  | ({ readonly type: 'sweep-progress'; readonly runId: number } & SweepProgress)
  | { readonly type: 'sweep-result'; readonly runId: number; readonly points: readonly SweepPoint[] }
  | { readonly type: 'cancelled'; readonly runId: number }
  | {
      readonly type: 'error';
      readonly runId: number;
      readonly message: string;
      /** Present when the simulator rejected the input on purpose. */
      readonly code?: SimulationErrorCode;
    };
