/**
 * Cancellation bookkeeping of a worker that runs one job at a time, where a new job
 * cancels the one in progress. Jobs poll `isCancelled` between chunks, so a cancelled
 * job stops at its next chunk boundary.
 */
import type { ChunkHooks } from '../sim/chunkedRun.ts';

export interface LatestJobTracker {
  /** Cancels the job in progress, makes `runId` the active job and returns the hooks its chunks poll. */
  start(runId: number): ChunkHooks;
  /** Cancels `runId` if it is the active job; a job that already ended is left alone. */
  cancel(runId: number): void;
  /** Forgets `runId` once its job has ended, cancelled or not. */
  finish(runId: number): void;
}

export function createLatestJobTracker(): LatestJobTracker {
  const cancelledRuns = new Set<number>();
  let activeRunId: number | undefined;
  return {
    start(runId) {
      if (activeRunId !== undefined) cancelledRuns.add(activeRunId);
      activeRunId = runId;
      return {
        isCancelled: () => cancelledRuns.has(runId),
        yieldControl: () => new Promise<void>((resolve) => setTimeout(resolve, 0)),
      };
    },
    cancel(runId) {
      if (runId === activeRunId) cancelledRuns.add(runId);
    },
    finish(runId) {
      cancelledRuns.delete(runId);
      if (activeRunId === runId) activeRunId = undefined;
    },
  };
}
