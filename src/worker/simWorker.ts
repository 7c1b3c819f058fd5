/**
 * Web Worker that runs simulations off the UI thread. A run or sweep proceeds in
 * time-boxed chunks with a `setTimeout` yield between them, so a `cancel`
 * message is handled within one chunk. A new `run` or `sweep` cancels the one in progress.
 */
import { runConfigsInChunks, runSweepInChunks } from '../sim/chunkedRun.ts';
import { SimulationCancelled, SimulationError } from '../sim/index.ts';
import { createLatestJobTracker } from './latestJob.ts';
import type { SimWorkerRequest, SimWorkerResponse } from './simProtocol.ts';

export type PostResponse = (message: SimWorkerResponse, transfer: Transferable[]) => void;

type WorkMessage = Extract<SimWorkerRequest, { type: 'run' | 'sweep' }>;

/** Returns the message handler of the worker. `post` sends responses to the UI thread. */
export function createSimWorkerHandler(post: PostResponse): (message: SimWorkerRequest) => void {
  const jobs = createLatestJobTracker();

  async function work(message: WorkMessage): Promise<void> {
    const { runId } = message;
    const chunkHooks = jobs.start(runId);
    try {
      if (message.type === 'run') {
        const results = await runConfigsInChunks(message.requests, message.configs, {
          ...chunkHooks,
          onProgress: (progress) => post({ type: 'progress', runId, ...progress }, []),
        });
        const buffers = results.flatMap((result) => [result.finishTimesS.buffer, result.firstTokenTimesS.buffer]);
        post({ type: 'result', runId, results }, buffers);
      } else {
        const points = await runSweepInChunks(message.requests, message.configs, message.rates, message.options, {
          ...chunkHooks,
          onProgress: (progress) => post({ type: 'sweep-progress', runId, ...progress }, []),
        });
        post({ type: 'sweep-result', runId, points }, []);
      }
    } catch (error) {
      if (error instanceof SimulationCancelled) {
        post({ type: 'cancelled', runId }, []);
      } else if (error instanceof SimulationError) {
        post({ type: 'error', runId, message: error.message, code: error.code }, []);
      } else {
        // Anything other than a SimulationError is a bug in the simulator, so log it with its stack.
        console.error(`simWorker: ${message.type} ${runId} failed`, error);
        post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) }, []);
      }
    } finally {
      jobs.finish(runId);
    }
  }

  return (message) => {
    switch (message.type) {
      case 'run':
      case 'sweep':
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
  const handle = createSimWorkerHandler((message, transfer) => scope.postMessage(message, transfer));
  scope.onmessage = (event: MessageEvent<SimWorkerRequest>) => handle(event.data);
}
