/**
 * Runs several simulations in time-boxed chunks, handing control back between
 * chunks so that the host (a Web Worker) can receive a cancel message.
 */
import { Simulation } from './engine.ts';
import { SimulationCancelled } from './errors.ts';
import type { SimResult } from './metrics.ts';
import type { PolicyName, SimConfig, SimRequest } from './types.ts';

/** Wall time one chunk may run before control goes back to the host. */
export const CHUNK_BUDGET_MS = 25;
/** Iterations between two clock reads inside a chunk. */
const ITERATIONS_PER_CLOCK_READ = 256;

export interface ChunkedRunHooks {
  onProgress(progress: ChunkProgress): void;
  isCancelled(): boolean;
  /** Resolves once queued tasks (such as incoming messages) have had a chance to run. */
  yieldControl(): Promise<void>;
}

export interface ChunkProgress {
  readonly policy: PolicyName;
  /** Index of the running config in the `configs` array. */
  readonly configIndex: number;
  readonly finished: number;
  readonly total: number;
}

/** Simulates `requests` under each config in turn. Throws `SimulationCancelled` once `isCancelled` is true. */
export async function runConfigsInChunks(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  hooks: ChunkedRunHooks,
  budgetMs: number = CHUNK_BUDGET_MS,
): Promise<SimResult[]> {
  const results: SimResult[] = [];
  for (const [configIndex, config] of configs.entries()) {
    const simulation = new Simulation(requests, config);
    const total = simulation.totalRequests;
    while (!simulation.isDone) {
      const chunkStart = performance.now();
      while (!simulation.advance(ITERATIONS_PER_CLOCK_READ) && performance.now() - chunkStart < budgetMs) {
        // Keep advancing until the chunk's time budget is spent.
      }
      hooks.onProgress({ policy: config.policy, configIndex, finished: simulation.finishedRequests, total });
      await hooks.yieldControl();
      if (hooks.isCancelled()) throw new SimulationCancelled();
    }
    results.push(simulation.result());
  }
  return results;
}
