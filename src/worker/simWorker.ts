/**
 * Web Worker that runs simulations off the UI thread. A run proceeds in
 * time-boxed chunks with a `setTimeout` yield between them, so a `cancel`
 * message is handled within one chunk. A new `run` cancels the run in progress.
 */
import { runConfigsInChunks } from '../sim/chunkedRun.ts';
import { SimulationCancelled, SimulationError } from '../sim/index.ts';
import type { SimWorkerRequest, SimWorkerResponse } from './simProtocol.ts';

export type PostResponse = (message: SimWorkerResponse, transfer: Transferable[]) => void;

/** Returns the message handler of the worker. `post` sends responses to the UI thread. */
export function createSimWorkerHandler(post: PostResponse): (message: SimWorkerRequest) => void {
  const cancelledRuns = new Set<number>();
  let activeRunId: number | undefined;

  async function run(message: Extract<SimWorkerRequest, { type: 'run' }>): Promise<void> {
    const { runId } = message;
    activeRunId = runId;
    try {
      const results = await runConfigsInChunks(message.requests, message.configs, {
        onProgress: (progress) => post({ type: 'progress', runId, ...progress }, []),
        isCancelled: () => cancelledRuns.has(runId),
        yieldControl: () => new Promise((resolve) => setTimeout(resolve, 0)),
      });
      post({ type: 'result', runId, results }, results.map((result) => result.finishTimesS.buffer));
    } catch (error) {
      if (error instanceof SimulationCancelled) {
        post({ type: 'cancelled', runId }, []);
      } else if (error instanceof SimulationError) {
        post({ type: 'error', runId, message: error.message, code: error.code }, []);
      } else {
        // Anything other than a SimulationError is a bug in the simulator, so log it with its stack.
        console.error(`simWorker: run ${runId} failed`, error);
        post({ type: 'error', runId, message: error instanceof Error ? error.message : String(error) }, []);
      }
    } finally {
      cancelledRuns.delete(runId);
      if (activeRunId === runId) activeRunId = undefined;
    }
  }

  return (message) => {
    switch (message.type) {
      case 'run':
        if (activeRunId !== undefined) cancelledRuns.add(activeRunId);
        void run(message);
        break;
      case 'cancel':
        if (message.runId === activeRunId) cancelledRuns.add(message.runId);
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
