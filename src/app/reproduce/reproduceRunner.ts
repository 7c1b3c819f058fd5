/** Promise-based front of the Reproduce view's Web Worker: one worker, started on first use. */
import type { S3Inputs, S3Progress, S3Reproduction } from '../../sim/reproduction.ts';
import type { VllmComparison, VllmProgress, VllmWorkloadInput } from '../../sim/vllmComparison.ts';
import type { ReproduceWorkerRequest, ReproduceWorkerResponse } from '../../worker/reproduceProtocol.ts';

export class ReproduceCancelled extends Error {
  override readonly name = 'ReproduceCancelled';
}

/** A job in the worker: its outcome and a way to cancel it. */
export interface ReproduceJob<Outcome> {
  readonly promise: Promise<Outcome>;
  readonly cancel: () => void;
}

interface PendingJob {
  readonly onMessage: (message: ReproduceWorkerResponse) => void;
  readonly reject: (error: Error) => void;
}

let worker: Worker | undefined;
let nextRunId = 1;
const pending = new Map<number, PendingJob>();

function failAll(error: Error): void {
  for (const job of pending.values()) job.reject(error);
  pending.clear();
}

function reproduceWorker(): Worker {
  if (worker !== undefined) return worker;
  const created = new Worker(new URL('../../worker/reproduceWorker.ts', import.meta.url), { type: 'module' });
  created.addEventListener('message', (event: MessageEvent<ReproduceWorkerResponse>) => {
    pending.get(event.data.runId)?.onMessage(event.data);
  });
  created.addEventListener('error', (event) => {
    failAll(new Error(`reproduction worker crashed: ${event.message}`));
    // A crashed worker is not reused, so the next job starts a fresh one.
    created.terminate();
    worker = undefined;
  });
  worker = created;
  return created;
}

/**
 * Sends the message `build` makes for a new run id. `handle` maps each response to an
 * outcome (resolve), a progress report (undefined) or an error (throw).
 */
function startJob<Outcome>(
  build: (runId: number) => ReproduceWorkerRequest,
  handle: (message: ReproduceWorkerResponse) => { readonly outcome: Outcome } | undefined,
): ReproduceJob<Outcome> {
  const runId = nextRunId;
  nextRunId += 1;
  const promise = new Promise<Outcome>((resolve, reject) => {
    pending.set(runId, {
      reject,
      onMessage: (message) => {
        if (message.type === 'cancelled') {
          pending.delete(runId);
          reject(new ReproduceCancelled(`reproduction job ${runId} cancelled`));
          return;
        }
        if (message.type === 'error') {
          pending.delete(runId);
          reject(new Error(message.message));
          return;
        }
        const done = handle(message);
        if (done !== undefined) {
          pending.delete(runId);
          resolve(done.outcome);
        }
      },
    });
  });
  reproduceWorker().postMessage(build(runId));
  return { promise, cancel: () => reproduceWorker().postMessage({ type: 'cancel', runId } satisfies ReproduceWorkerRequest) };
}

/** Runs the S³ throughput table and its assumption rows in the worker. */
export function runS3Reproduction(inputs: S3Inputs, onProgress: (progress: S3Progress) => void): ReproduceJob<S3Reproduction> {
  return startJob(
    (runId) => ({ type: 's3', runId, inputs }),
    (message) => {
      if (message.type === 's3-progress') onProgress(message.progress);
      return message.type === 's3-result' ? { outcome: message.result } : undefined;
    },
  );
}

/** Runs the vLLM comparison's rate sweeps in the worker. */
export function runVllmComparison(
  workloads: readonly VllmWorkloadInput[],
  onProgress: (progress: VllmProgress) => void,
): ReproduceJob<VllmComparison> {
  return startJob(
    (runId) => ({ type: 'vllm', runId, workloads }),
    (message) => {
      if (message.type === 'vllm-progress') onProgress(message.progress);
      return message.type === 'vllm-result' ? { outcome: message.result } : undefined;
    },
  );
}
