/**
 * Web Worker of the Reproduce view. Each simulation of a job runs in time-boxed
 * chunks with a `setTimeout` yield between them, so a `cancel` message is handled
 * within one chunk. A new job cancels the one in progress.
 */
import { runConfigsInChunks } from '../sim/chunkedRun.ts';
import { SimulationCancelled } from '../sim/errors.ts';
import { reproduceS3 } from '../sim/reproduction.ts';
import type { JobRunner } from '../sim/reproductionRuns.ts';
import { compareVllm } from '../sim/vllmComparison.ts';
import { createLatestJobTracker } from './latestJob.ts';
import type { ReproduceWorkerRequest, ReproduceWorkerResponse } from './reproduceProtocol.ts';

export type PostReproduceResponse = (message: ReproduceWorkerResponse) => void;

type JobMessage = Extract<ReproduceWorkerRequest, { type: 's3' | 'vllm' }>;

/** Returns the message handler of the worker. `post` sends responses to the UI thread. */
export function createReproduceWorkerHandler(post: PostReproduceResponse): (message: ReproduceWorkerRequest) => void {
  const jobs = createLatestJobTracker();

  async function work(message: JobMessage): Promise<void> {
    const { runId } = message;
    const chunkHooks = jobs.start(runId);
    const runner: JobRunner = async (job, onProgress) => {
      const [result] = await runConfigsInChunks(job.requests, [job.config], {
        ...chunkHooks,
        onProgress: (progress) => onProgress(progress.finished, progress.total),
      });
      return result!;
    };
    try {
      if (message.type === 's3') {
        const result = await reproduceS3(message.inputs, runner, (progress) => post({ type: 's3-progress', runId, progress }));
        post({ type: 's3-result', runId, result });
      } else {
        const result = await compareVllm(message.workloads, runner, (progress) => post({ type: 'vllm-progress', runId, progress }));
        post({ type: 'vllm-result', runId, result });
      }
    } catch (error) {
      if (error instanceof SimulationCancelled) {
        post({ type: 'cancelled', runId });
      } else {
        console.error(`reproduceWorker: ${message.type} job ${runId} failed`, error);
        post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) });
      }
    } finally {
      jobs.finish(runId);
    }
  }

  return (message) => {
    switch (message.type) {
      case 's3':
      case 'vllm':
        void work(message);
        break;
      case 'cancel':
        jobs.cancel(message.runId);
        break;
    }
  };
}

// Bind to the worker scope only when loaded as a worker, so tests can import the handler in Node.
if (typeof WorkerGlobalScope !== 'undefined' && globalThis instanceof WorkerGlobalScope) {
  const scope = globalThis as unknown as DedicatedWorkerGlobalScope;
  const handle = createReproduceWorkerHandler((message) => scope.postMessage(message));
  scope.onmessage = (event: MessageEvent<ReproduceWorkerRequest>) => handle(event.data);
}
