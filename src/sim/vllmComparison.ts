/**
 * The comparison of the vLLM paper (Kwon et al., SOSP 2023) replayed in the
 * simulator. ORCA (Max) reserves the maximum length for every request, ORCA
 * (Oracle) is given every true length, and vLLM allocates paged KV blocks on
 * demand. They map to the policies `max-length`, `oracle` and `paged`.
 * Each workload is replayed with Poisson arrivals over a grid of rates, and each
 * system's sustainable rate is the highest rate at which the normalized latency
 * (end-to-end latency over output tokens, in s/token) stays under a threshold.
 */
import { equalWidthScheme, maxLength, type BucketScheme } from '../predictor/buckets.ts';
import { assignArrivals } from './arrivals.ts';
import { DEFAULT_BLOCK_SIZE_TOKENS } from './policies.ts';
import { modelPreset, type GpuPresetId, type ModelPresetId, type TensorParallelSize } from './presets.ts';
import type { RequestLengths } from './reproduction.ts';
import { jobKey, runJobs, summaryOf, type BatchProgress, type JobRunner, type RunSummary, type SimJob } from './reproductionRuns.ts';
import type { MixedIterationMode } from './iterationCost.ts';
import type { AdmissionRule, PolicyName, SimConfig, SimRequest } from './types.ts';

/** The systems of the comparison, from the least to the most memory-efficient. */
export type VllmSystem = 'orca-max' | 'orca-oracle' | 'vllm';
export const VLLM_SYSTEMS: readonly VllmSystem[] = Object.freeze(['orca-max', 'orca-oracle', 'vllm']);

/** Policy of the simulator that stands for each system. */
export const VLLM_SYSTEM_POLICY: Readonly<Record<VllmSystem, PolicyName>> = Object.freeze({
  'orca-max': 'max-length',
  'orca-oracle': 'oracle',
  vllm: 'paged',
});

/**
 * Normalized latency, in seconds per output token, under which a rate counts as
 * sustainable unless the user sets another: 0.1 s/token. That is about five times
 * the unloaded decode step of OPT-13B on an A100 40GB in this cost model, which
 * reads 25.7 GB of weights at 1,555 GB/s and adds the 2 ms overhead (about 19 ms).
 * A choice for the page, not a figure from the vLLM paper.
 */
export const DEFAULT_NORMALIZED_LATENCY_THRESHOLD_S = 0.1;

/** Everything the comparison depends on besides the workloads. */
export interface VllmSetup {
  readonly modelId: ModelPresetId;
  readonly gpuId: GpuPresetId;
  readonly tensorParallel: TensorParallelSize;
  /** Admission rule of every system. The default, `fcfs`, admits in queue order and stops at the first request that does not fit. */
  readonly admission: AdmissionRule;
  readonly mixedIterations: MixedIterationMode;
  readonly blockSizeTokens: number;
  /** Bucket scheme whose last edge is the maximum output length that ORCA (Max) reserves. */
  readonly scheme: BucketScheme;
  /** Requests taken from each workload, after leaving out those over the model's context. */
  readonly requestCount: number;
  /**
   * Shortest span of arrivals of a run at a set rate, in seconds. A run replays the
   * requests, repeated in order as often as needed, until arrivals cover this span.
   * With a fixed request count instead, a run at a rate above the server's capacity
   * would end before the queue had time to grow, and it would look sustainable.
   */
  readonly minArrivalSpanS: number;
  /** Seed of the Poisson arrival draws, the same at every rate. */
  readonly seed: number;
  /** Grid density: rates per doubling. */
  readonly ratesPerOctave: number;
  /** The grid spans this fraction of the lowest offline throughput ... */
  readonly gridLowFactor: number;
  /** ... to this multiple of the highest offline throughput. */
  readonly gridHighFactor: number;
}

const VLLM_MODEL: ModelPresetId = 'opt-13b';

/**
 * OPT-13B in fp16 on one A100 40GB. Only the last edge of the scheme matters here:
 * ORCA (Max) reserves the prompt plus OPT-13B's maximum sequence length (2,048 tokens) of output.
 */
export const DEFAULT_VLLM_SETUP: VllmSetup = Object.freeze({
  modelId: VLLM_MODEL,
  gpuId: 'a100-40gb',
  tensorParallel: 1,
  admission: 'fcfs',
  mixedIterations: 'fused',
  blockSizeTokens: DEFAULT_BLOCK_SIZE_TOKENS,
  scheme: equalWidthScheme(modelPreset(VLLM_MODEL).maxSequenceTokens, 10),
  requestCount: 2000,
  minArrivalSpanS: 120,
  seed: 1,
  ratesPerOctave: 8,
  gridLowFactor: 0.25,
  gridHighFactor: 3,
});

/** A workload: true lengths of its requests in file order. */
export interface VllmWorkloadInput {
  readonly id: string;
  readonly file: string;
  readonly lengths: readonly RequestLengths[];
}

/**
 * Takes the first `requestCount` requests whose prompt plus output fit the model's
 * context, as a server of that model can only run those. Returns them with the number
 * of earlier requests left out.
 */
export function selectServable(
  lengths: readonly RequestLengths[],
  contextTokens: number,
  requestCount: number,
): { readonly selected: RequestLengths[]; readonly leftOut: number; readonly scanned: number } {
  const selected: RequestLengths[] = [];
  let scanned = 0;
  for (const request of lengths) {
    if (selected.length >= requestCount) break;
    scanned += 1;
    if (request.promptTokens + request.outputTokens <= contextTokens) selected.push(request);
  }
  return { selected, leftOut: scanned - selected.length, scanned };
}

/**
 * Returns a geometric grid of arrival rates from `low` to at least `high` with
 * `perOctave` rates per doubling, each rounded to 3 significant digits.
 */
export function rateGrid(low: number, high: number, perOctave: number): number[] {
  if (!(low > 0 && high >= low && Number.isInteger(perOctave) && perOctave >= 1)) {
    throw new RangeError(`invalid rate grid: low ${low}, high ${high}, ${perOctave} per octave`);
  }
  const steps = Math.ceil(Math.log2(high / low) * perOctave - 1e-9);
  const rates: number[] = [];
  for (let step = 0; step <= steps; step += 1) {
    rates.push(Number((low * 2 ** (step / perOctave)).toPrecision(3)));
  }
  return [...new Set(rates)];
}

export interface VllmPoint {
  readonly system: VllmSystem;
  readonly ratePerS: number;
  readonly summary: RunSummary;
}

export interface VllmWorkloadResult {
  readonly id: string;
  readonly file: string;
  /** Requests replayed. */
  readonly requests: number;
  /** Requests of the file scanned to find them, and those left out for exceeding the model's context. */
  readonly scanned: number;
  readonly leftOut: number;
  readonly meanPromptTokens: number;
  readonly meanOutputTokens: number;
  /** Each system with every request at time 0 (offline). Its throughputs set the ends of the rate grid. */
  readonly offline: Readonly<Record<VllmSystem, RunSummary>>;
  readonly rates: readonly number[];
  readonly points: readonly VllmPoint[];
}

export interface VllmComparison {
  readonly setup: VllmSetup;
  readonly workloads: readonly VllmWorkloadResult[];
}

export type VllmStage = 'offline' | 'sweep';

export interface VllmProgress extends BatchProgress {
  readonly stage: VllmStage;
  readonly workloadId: string;
}

function configOf(setup: VllmSetup, system: VllmSystem): SimConfig {
  return {
    policy: VLLM_SYSTEM_POLICY[system],
    modelId: setup.modelId,
    gpuId: setup.gpuId,
    tensorParallel: setup.tensorParallel,
    scheme: setup.scheme,
    mixedIterations: setup.mixedIterations,
    admission: setup.admission,
    ...(system === 'vllm' ? { blockSizeTokens: setup.blockSizeTokens } : {}),
  };
}

/** Returns simulator requests at time 0 with outputs cut to the scheme's maximum. */
export function vllmRequests(lengths: readonly RequestLengths[], scheme: BucketScheme): SimRequest[] {
  const maxOutput = maxLength(scheme);
  return lengths.map((request, id) => ({
    id,
    arrivalTimeS: 0,
    promptTokens: request.promptTokens,
    outputTokens: Math.min(request.outputTokens, maxOutput),
    predictedBucket: 0,
  }));
}

/**
 * Returns at least `minCount` requests: `requests` in order, repeated from the start
 * as often as needed, with fresh ids. Never fewer than `requests` itself.
 */
export function repeatedRequests(requests: readonly SimRequest[], minCount: number): SimRequest[] {
  const count = Math.max(requests.length, Math.ceil(minCount));
  if (requests.length === 0) return [];
  return Array.from({ length: count }, (_, id) => ({ ...requests[id % requests.length]!, id }));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length;
}

/**
 * Replays each workload offline under every system, builds a rate grid from the
 * offline throughputs, and replays it at every rate of the grid. Errors of the runner pass through.
 */
export async function compareVllm(
  workloads: readonly VllmWorkloadInput[],
  runner: JobRunner,
  onProgress: (progress: VllmProgress) => void = () => {},
  setup: VllmSetup = DEFAULT_VLLM_SETUP,
): Promise<VllmComparison> {
  const context = modelPreset(setup.modelId).maxSequenceTokens;
  const results: VllmWorkloadResult[] = [];
  for (const workload of workloads) {
    const { selected, leftOut, scanned } = selectServable(workload.lengths, context, setup.requestCount);
    const requests = vllmRequests(selected, setup.scheme);

    const offlineJobs = VLLM_SYSTEMS.map((system): SimJob => {
      const config = configOf(setup, system);
      return { key: jobKey(`${workload.id};offline`, config), requests, config };
    });
    const offlineSummaries = await runJobs(offlineJobs, runner, (progress) =>
      onProgress({ stage: 'offline', workloadId: workload.id, ...progress }),
    );
    const offline = Object.fromEntries(
      VLLM_SYSTEMS.map((system, index) => [system, summaryOf(offlineSummaries, offlineJobs[index]!)]),
    ) as Record<VllmSystem, RunSummary>;

    const throughputs = VLLM_SYSTEMS.map((system) => offline[system].throughputSequencesPerS);
    const rates = rateGrid(
      Math.min(...throughputs) * setup.gridLowFactor,
      Math.max(...throughputs) * setup.gridHighFactor,
      setup.ratesPerOctave,
    );
    const sweepJobs: { system: VllmSystem; ratePerS: number; job: SimJob }[] = [];
    for (const ratePerS of rates) {
      const atRate = assignArrivals(repeatedRequests(requests, ratePerS * setup.minArrivalSpanS), { kind: 'poisson', ratePerS }, setup.seed);
      for (const system of VLLM_SYSTEMS) {
        const config = configOf(setup, system);
        sweepJobs.push({ system, ratePerS, job: { key: jobKey(`${workload.id};rate=${ratePerS}`, config), requests: atRate, config } });
      }
    }
    const sweepSummaries = await runJobs(
      sweepJobs.map((entry) => entry.job),
      runner,
      (progress) => onProgress({ stage: 'sweep', workloadId: workload.id, ...progress }),
    );

    results.push({
      id: workload.id,
      file: workload.file,
      requests: requests.length,
      scanned,
      leftOut,
      meanPromptTokens: mean(requests.map((request) => request.promptTokens)),
      meanOutputTokens: mean(requests.map((request) => request.outputTokens)),
      offline,
      rates,
      points: sweepJobs.map(({ system, ratePerS, job }) => ({ system, ratePerS, summary: summaryOf(sweepSummaries, job) })),
    });
  }
  return { setup, workloads: results };
}

/**
 * Sustainable rate of a system, with how it was found.
 * - `interpolated`: the normalized latency crosses the threshold inside the grid, and
 *   the rate is linear between the last rate under it and the first over it.
 * - `below-grid`: the lowest rate is already over it, and the rate is that lowest rate, an upper bound.
 * - `above-grid`: no rate is over it, and the rate is the highest of the grid, a lower bound.
 */
export interface SustainableRate {
  readonly ratePerS: number;
  readonly bound: 'interpolated' | 'below-grid' | 'above-grid';
}

/** Returns the sustainable rate of `system` at `thresholdS` seconds per token. */
export function sustainableRate(points: readonly VllmPoint[], system: VllmSystem, thresholdS: number): SustainableRate {
  const curve = points.filter((point) => point.system === system).sort((a, b) => a.ratePerS - b.ratePerS);
  if (curve.length === 0) throw new RangeError(`no sweep points for ${system}`);
  const firstOver = curve.findIndex((point) => !(point.summary.normalizedLatencySPerToken <= thresholdS));
  if (firstOver === -1) return { ratePerS: curve.at(-1)!.ratePerS, bound: 'above-grid' };
  if (firstOver === 0) return { ratePerS: curve[0]!.ratePerS, bound: 'below-grid' };
  const under = curve[firstOver - 1]!;
  const over = curve[firstOver]!;
  const low = under.summary.normalizedLatencySPerToken;
  const high = over.summary.normalizedLatencySPerToken;
  const share = Number.isFinite(high) && high > low ? (thresholdS - low) / (high - low) : 0;
  return { ratePerS: under.ratePerS + share * (over.ratePerS - under.ratePerS), bound: 'interpolated' };
}

export interface VllmOrder {
  readonly rates: Readonly<Record<VllmSystem, SustainableRate>>;
  /** Whether vLLM ≥ ORCA (Oracle) ≥ ORCA (Max) in sustainable rate. */
  readonly inExpectedOrder: boolean;
  readonly vllmOverOracle: number;
  readonly vllmOverMax: number;
  readonly oracleOverMax: number;
}

/** Returns the sustainable rates of every system at `thresholdS`, whether the expected order holds, and the gaps. */
export function vllmOrder(workload: VllmWorkloadResult, thresholdS: number): VllmOrder {
  const rates = Object.fromEntries(
    VLLM_SYSTEMS.map((system) => [system, sustainableRate(workload.points, system, thresholdS)]),
  ) as Record<VllmSystem, SustainableRate>;
  const vllm = rates.vllm.ratePerS;
  const oracle = rates['orca-oracle'].ratePerS;
  const max = rates['orca-max'].ratePerS;
  return {
    rates,
    inExpectedOrder: vllm >= oracle && oracle >= max,
    vllmOverOracle: vllm / oracle,
    vllmOverMax: vllm / max,
    oracleOverMax: oracle / max,
  };
}
