/** Runs a whole simulation with progress and cancellation hooks. */
import { Simulation } from './engine.ts';
import { SimulationCancelled } from './errors.ts';
import type { SimResult } from './metrics.ts';
import type { SimConfig, SimHooks, SimRequest } from './types.ts';

/** Iterations between two `onProgress` calls and `isCancelled` polls. */
export const PROGRESS_INTERVAL_ITERATIONS = 512;

/**
 * Simulates `requests` under `config`. Throws `SimulationError` for invalid input
 * (including a request that can never fit the GPU) and `SimulationCancelled` when
 * `hooks.isCancelled` returns true.
 */
export function simulate(requests: readonly SimRequest[], config: SimConfig, hooks: SimHooks = {}): SimResult {
  const simulation = new Simulation(requests, config, hooks.onIteration ? { onIteration: hooks.onIteration } : {});
  const total = simulation.totalRequests;
  while (!simulation.isDone) {
    if (hooks.isCancelled?.()) throw new SimulationCancelled();
    simulation.advance(PROGRESS_INTERVAL_ITERATIONS);
    hooks.onProgress?.(simulation.finishedRequests, total);
  }
  if (total === 0) hooks.onProgress?.(0, 0);
  return simulation.result();
}
