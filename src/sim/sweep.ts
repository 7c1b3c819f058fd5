/**
 * Load sweeps: every config replayed at each arrival rate, summarised as latency
 * percentiles and throughput per (config, rate), for latency-against-load charts.
 */
import { assignArrivals, type ArrivalProcess } from './arrivals.ts';
import { Simulation } from './engine.ts';
import { SimulationCancelled, SimulationError } from './errors.ts';
import type { LatencySummary } from './latencyMetrics.ts';
import type { SimResult } from './metrics.ts';
import { PROGRESS_INTERVAL_ITERATIONS } from './simulate.ts';
import type { PolicyName, SimConfig, SimRequest } from './types.ts';

/** Seed of the arrival draws when a sweep is given none. */
export const DEFAULT_SWEEP_SEED = 1;

export interface SweepOptions {
  /** Seed of the arrival draws, the same at every rate. */
  readonly seed?: number;
  /** Coefficient of variation of the gaps: Gamma arrivals when given, Poisson when absent. */
  readonly cv?: number;
}

export interface SweepProgress {
  /** Runs finished so far, out of configs × rates. */
  readonly completedRuns: number;
  readonly totalRuns: number;
  readonly policy: PolicyName;
  readonly configIndex: number;
  readonly ratePerS: number;
  /** Requests finished in the run in progress. */
  readonly finished: number;
  readonly total: number;
}

export interface SweepHooks {
  onProgress?(progress: SweepProgress): void;
  /** Polled between chunks of iterations. Returning true makes the sweep throw `SimulationCancelled`. */
  isCancelled?(): boolean;
}

/** The summary of one run of a sweep. */
export interface SweepPoint {
  readonly policy: PolicyName;
  /** Index of the config in the sweep's `configs` array, which distinguishes two configs of one policy. */
  readonly configIndex: number;
  readonly ratePerS: number;
  readonly throughputSequencesPerS: number;
  readonly throughputOutputTokensPerS: number;
  readonly latency: LatencySummary;
  readonly sloAttainment: number | null;
  readonly preemptions: number;
  readonly makespanS: number;
  readonly meanBatchSize: number;
}

/** One run of a sweep: a config and the requests with the arrival times of one rate. */
export interface SweepRun {
  readonly config: SimConfig;
  readonly configIndex: number;
  readonly ratePerS: number;
  readonly requests: readonly SimRequest[];
}

/**
 * Lists the runs of a sweep, rate by rate and, within a rate, config by config.
 * Throws `SimulationError` for an empty or invalid list of rates.
 */
export function sweepRuns(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  rates: readonly number[],
  options: SweepOptions = {},
): SweepRun[] {
  if (rates.length === 0) throw new SimulationError('invalid-config', 'a rate sweep needs at least one rate');
  const seed = options.seed ?? DEFAULT_SWEEP_SEED;
  const runs: SweepRun[] = [];
  for (const ratePerS of rates) {
    const process: ArrivalProcess =
      options.cv === undefined ? { kind: 'poisson', ratePerS } : { kind: 'gamma', ratePerS, cv: options.cv };
    const atRate = assignArrivals(requests, process, seed);
    configs.forEach((config, configIndex) => runs.push({ config, configIndex, ratePerS, requests: atRate }));
  }
  return runs;
}

export function sweepPoint(run: SweepRun, result: SimResult): SweepPoint {
  return {
    policy: result.policy,
    configIndex: run.configIndex,
    ratePerS: run.ratePerS,
    throughputSequencesPerS: result.throughputSequencesPerS,
    throughputOutputTokensPerS: result.throughputOutputTokensPerS,
    latency: result.latency,
    sloAttainment: result.sloAttainment,
    preemptions: result.preemptions,
    makespanS: result.makespanS,
    meanBatchSize: result.meanBatchSize,
  };
}

/** Returns the progress of run `runIndex` of `totalRuns`, for the sweep's progress hooks. */
export function sweepProgress(run: SweepRun, runIndex: number, totalRuns: number, simulation: Simulation): SweepProgress {
  return {
    completedRuns: simulation.isDone ? runIndex + 1 : runIndex,
    totalRuns,
    policy: run.config.policy,
    configIndex: run.configIndex,
    ratePerS: run.ratePerS,
    finished: simulation.finishedRequests,
    total: simulation.totalRequests,
  };
}

/**
 * Replays `requests` with Poisson arrivals (Gamma when `options.cv` is set) at each
 * rate in requests per second, under every config, and returns one point per
 * (rate, config) in that order. The requests' own arrival times are ignored.
 */
export function sweepRequestRate(
  requests: readonly SimRequest[],
  configs: readonly SimConfig[],
  rates: readonly number[],
  options: SweepOptions = {},
  hooks: SweepHooks = {},
): SweepPoint[] {
  const runs = sweepRuns(requests, configs, rates, options);
  return runs.map((run, runIndex) => {
    const simulation = new Simulation(run.requests, run.config);
    const report = (): void => hooks.onProgress?.(sweepProgress(run, runIndex, runs.length, simulation));
    while (!simulation.isDone) {
      if (hooks.isCancelled?.()) throw new SimulationCancelled();
      simulation.advance(PROGRESS_INTERVAL_ITERATIONS);
      report();
    }
    if (simulation.totalRequests === 0) report();
    return sweepPoint(run, simulation.result());
  });
}
