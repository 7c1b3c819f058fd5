/**
 * Runs several simulations in time-boxed chunks, handing control back between
 * chunks so that the host (a Web Worker) can receive a cancel message.
 */
import { Simulation } from './engine.ts';
import { SimulationCancelled } from './errors.ts';
import type { SimResult } from './metrics.ts';
import { sweepPoint, sweepProgress, sweepRuns, type SweepOptions, type SweepPoint, type SweepProgress } from './sweep.ts';
import type { PolicyName, SimConfig, SimRequest } from './types.ts';

/** Wall time one chunk may run before control goes back to the host. */
export const CHUNK_BUDGET_MS = 25;
/** Iterations between two clock reads inside a chunk. */
const ITERATIONS_PER_CLOCK_READ = 256;

export interface ChunkHooks {
  isCancelled(): boolean;
  /** Resolves once queued tasks (such as incoming messages) have had a chance to run. */
  yieldControl(): Promise<void>;
}

export interface ChunkedRunHooks extends ChunkHooks {
  onProgress(progress: ChunkProgress): void;
}

export interface ChunkProgress {
  readonly policy: PolicyName;
  /** Index of the running config in the `configs` array. */
  readonly configIndex: number;
  readonly finished: number;
  readonly total: number;
}

export interface ChunkedSweepHooks extends ChunkHooks {
  onProgress(progress: SweepProgress): void;
}

/**
 * Advances `simulation` to its end in chunks of about `budgetMs`, calling `afterChunk`
 * and yielding after each. Throws `SimulationCancelled` once `isCancelled` is true.
 */
async function runToEnd(simulation: Simulation, hooks: ChunkHooks, afterChunk: () => void, budgetMs: number): Promise<SimResult> {
  while (!simulation.isDone) {
    const chunkStart = performance.now();
    while (!simulation.advance(ITERATIONS_PER_CLOCK_READ) && performance.now() - chunkStart < budgetMs) {
      // Keep advancing until the chunk's time budget is spent.
    }
    afterChunk();
    await hooks.yieldControl();
    if (hooks.isCancelled()) throw new SimulationCancelled();
  }
  return simulation.result();
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
    const report = (): void => hooks.onProgress({ policy: config.policy, configIndex, finished: simulation.finishedRequests, total });
    results.push(await runToEnd(simulation, hooks, report, budgetMs));
  }
  return results;
}

/** Runs `sweepRequestRate` in chunks. Throws `SimulationCancelled` once `isCancelled` is true. */
export async function runSweepInChunks(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  rates: readonly number[],
  options: SweepOptions,
  hooks: ChunkedSweepHooks,
  budgetMs: number = CHUNK_BUDGET_MS,
): Promise<SweepPoint[]> {
  const runs = sweepRuns(requests, configs, rates, options);
  const points: SweepPoint[] = [];
  for (const [runIndex, run] of runs.entries()) {
    const simulation = new Simulation(run.requests, run.config);
    const report = (): void => hooks.onProgress(sweepProgress(run, runIndex, runs.length, simulation));
    const result = await runToEnd(simulation, hooks, report, budgetMs);
    if (simulation.totalRequests === 0) report();
    points.push(sweepPoint(run, result));
  }
  return points;
}
