/**
 * Messages between the UI thread and the simulator Web Worker (one union each
 * way, keyed on `type`). The worker runs each config of a run in turn.
 */
import type { PolicyName, SimConfig, SimRequest, SimResult, SimulationErrorCode } from '../sim/index.ts';

export type SimWorkerRequest =
  | {
      readonly type: 'run';
      readonly runId: number;
      readonly requests: readonly SimRequest[];
      readonly configs: readonly SimConfig[];
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
  | { readonly type: 'cancelled'; readonly runId: number }
  | {
      readonly type: 'error';
      readonly runId: number;
      readonly message: string;
      /** Present when the simulator rejected the input on purpose. */
      readonly code?: SimulationErrorCode;
    };
