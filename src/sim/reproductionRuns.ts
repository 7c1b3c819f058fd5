/**
 * Batches of simulation runs for the reproductions of published results
 * (`reproduction.ts`, `vllmComparison.ts`). Each run is a job with a key, and
 * identical jobs run once. A `JobRunner` runs each job, at once in Node or in chunks
 * in a Web Worker. Only summaries leave a batch, so results stay small enough to
 * post between threads.
 */
import { simulate } from './simulate.ts';
import type { SimResult } from './metrics.ts';
import type { PolicyName, SimConfig, SimRequest } from './types.ts';

/** One simulation to run. Jobs with the same key must have the same requests and config. */
export interface SimJob {
  readonly key: string;
  readonly requests: readonly SimRequest[];
  readonly config: SimConfig;
}

/** The numbers the reproduction views show of one run. */
export interface RunSummary {
  readonly policy: PolicyName;
  readonly requests: number;
  readonly throughputSequencesPerS: number;
  readonly throughputOutputTokensPerS: number;
  readonly makespanS: number;
  readonly meanBatchSize: number;
  readonly peakBatchSize: number;
  readonly preemptions: number;
  readonly recomputedTokens: number;
  readonly kvCapacityTokens: number;
  readonly meanLatencyS: number;
  /**
   * Mean over requests of end-to-end latency divided by output tokens, in seconds per
   * token. Requests with no output tokens are left out, and the mean is NaN when every request has none.
   */
  readonly normalizedLatencySPerToken: number;
  /** Requests left out of `normalizedLatencySPerToken` because they have no output tokens. */
  readonly zeroOutputRequests: number;
}

/** Runs one job to its end. `onProgress` receives finished and total requests of the job. */
export type JobRunner = (job: SimJob, onProgress: (finished: number, total: number) => void) => Promise<SimResult>;

/** Runs a job at once with `simulate`, for Node and tests. */
export const runJobAtOnce: JobRunner = (job, onProgress) =>
  Promise.resolve(simulate(job.requests, job.config, { onProgress }));

export interface BatchProgress {
  /** Distinct jobs finished so far. */
  readonly completedJobs: number;
  readonly totalJobs: number;
  /** Requests finished in the job in progress, and its request count. */
  readonly finished: number;
  readonly total: number;
}

/** Returns the summary of a run of `requests`. */
export function summarizeRun(requests: readonly SimRequest[], result: SimResult): RunSummary {
  let normalizedSum = 0;
  let counted = 0;
  requests.forEach((request, index) => {
    if (request.outputTokens === 0) return;
    normalizedSum += (result.finishTimesS[index]! - request.arrivalTimeS) / request.outputTokens;
    counted += 1;
  });
  return {
    policy: result.policy,
    requests: result.requests,
    throughputSequencesPerS: result.throughputSequencesPerS,
    throughputOutputTokensPerS: result.throughputOutputTokensPerS,
    makespanS: result.makespanS,
    meanBatchSize: result.meanBatchSize,
    peakBatchSize: result.peakBatchSize,
    preemptions: result.preemptions,
    recomputedTokens: result.recomputedTokens,
    kvCapacityTokens: result.kvCapacityTokens,
    meanLatencyS: result.meanLatencyS,
    normalizedLatencySPerToken: counted > 0 ? normalizedSum / counted : Number.NaN,
    zeroOutputRequests: requests.length - counted,
  };
}

/**
 * Runs every distinct job (by key) in order and returns the summaries by key.
 * Errors of the runner, such as `SimulationCancelled`, pass through.
 */
export async function runJobs(
  jobs: readonly SimJob[],
  runner: JobRunner,
  onProgress: (progress: BatchProgress) => void = () => {},
): Promise<Map<string, RunSummary>> {
  const distinct = new Map<string, SimJob>();
  for (const job of jobs) if (!distinct.has(job.key)) distinct.set(job.key, job);
  const summaries = new Map<string, RunSummary>();
  const totalJobs = distinct.size;
  for (const job of distinct.values()) {
    const completedJobs = summaries.size;
    const result = await runner(job, (finished, total) => onProgress({ completedJobs, totalJobs, finished, total }));
    summaries.set(job.key, summarizeRun(job.requests, result));
  }
  onProgress({ completedJobs: totalJobs, totalJobs, finished: 0, total: 0 });
  return summaries;
}

/** Returns the summary of `job`, which `runJobs` must have run. */
export function summaryOf(summaries: ReadonlyMap<string, RunSummary>, job: SimJob): RunSummary {
  const summary = summaries.get(job.key);
  if (summary === undefined) throw new Error(`no run of job ${job.key}; pass it to runJobs first`);
  return summary;
}

/** Returns a job key from a workload tag and the config, which `JSON.stringify` writes in a fixed field order. */
export function jobKey(workloadTag: string, config: SimConfig): string {
  return `${workloadTag}|${JSON.stringify(config)}`;
}
