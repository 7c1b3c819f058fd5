/** State of the in-browser predictor: loading, ready on a backend, or failed. */
import { create } from 'zustand';
import type { BackendName } from '../../predictor/modelCard.ts';
import type { BackendAttempt } from '../../worker/predictorProtocol.ts';

export type PredictorStatus =
  | { readonly kind: 'loading'; readonly stage: string | null }
  | {
      readonly kind: 'ready';
      readonly backend: BackendName;
      readonly variant: string;
      readonly attempts: readonly BackendAttempt[];
      readonly loadMs: number;
      readonly wasmThreads: number | null;
    }
  | { readonly kind: 'failed'; readonly message: string; readonly attempts: readonly BackendAttempt[] };

export interface PredictorState {
  readonly status: PredictorStatus;
  readonly requestedBackends: readonly BackendName[];
  readonly ignoredBackendParam: string | null;
}

export const usePredictorStore = create<PredictorState>()(() => ({
  status: { kind: 'loading', stage: null },
  requestedBackends: [],
  ignoredBackendParam: null,
}));

/** Returns the attempts that failed before the backend in use started, or all of them after a failure. */
export function failedAttempts(status: PredictorStatus): readonly BackendAttempt[] {
  if (status.kind === 'loading') return [];
  return status.attempts.filter((attempt) => !attempt.ok);
}

/** Returns the backend that runs predictions now, or null while loading or after a failure. */
export function backendInUse(): { readonly name: BackendName; readonly wasmThreads: number | null } | null {
  const { status } = usePredictorStore.getState();
  return status.kind === 'ready' ? { name: status.backend, wasmThreads: status.wasmThreads } : null;
}
