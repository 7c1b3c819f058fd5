/**
 * Simulates a CLI run and builds its report: the setup, the cost model per GPU with example
 * step times, the predictions, the requests over the model's context length, and the
 * results of each policy or the points of a sweep.
 */
import type { BucketScheme } from '../../src/predictor/buckets.ts';
import { runConfigs } from '../../src/app/simulate/runConfigs.ts';
import {
  contextOverflow,
  costModelFor,
  formatArrivalProcess,
  iterationCost,
  prefillAttentionPairs,
  simulate,
  sweepRequestRate,
  type ContextOverflow,
  type CostModel,
  type LatencyTable,
  type SimConfig,
  type SimResult,
  type SweepPoint,
} from '../../src/sim/index.ts';
import type { CliOptions } from './args.ts';
import { readRunInputs, type PredictionSource } from './inputs.ts';

/** Treatment of requests over the context length, as the report states it. */
export const CONTEXT_OVERFLOW_TREATMENT =
  'run unchanged: their full KV memory and compute are charged; a server with this context length would reject such ' +
  'prompts or stop generating at the limit';

/** Context tokens per request of the example decode steps, and prompt tokens of the example prefill. */
const EXAMPLE_CONTEXT_TOKENS = 512;
const EXAMPLE_DECODE_BATCHES = [1, 64] as const;

export interface ExampleStep {
  readonly phase: 'prefill' | 'decode';
  /** Requests in the step. */
  readonly batchSize: number;
  /** Prompt tokens of the prefill, or KV-cache tokens the decode batch reads. */
  readonly contextTokens: number;
  readonly latencyS: number;
}

export interface CostModelReport {
  /** Source of the step times: the fused or separate roofline, or the measured table. */
  readonly stepTimes: 'fused-roofline' | 'separate-rooflines' | 'latency-table';
  readonly latencyTable: { readonly file: string; readonly kind: LatencyTable['kind']; readonly rows: number } | null;
  readonly tensorParallel: number;
  readonly kvBytesPerToken: number;
  readonly kvCapacityTokens: number;
  /** Memory of one GPU, in bytes: what it has, and what weights, the reserve and the KV cache take of it. */
  readonly perGpu: {
    readonly memoryBytes: number;
    readonly weightBytes: number;
    readonly reserveBytes: number;
    readonly kvCacheBytes: number;
  };
  readonly exampleSteps: readonly ExampleStep[];
}

export interface CliReport {
  readonly requestsFile: string;
  readonly traceFormat: string;
  readonly traceWarnings: readonly string[];
  readonly requests: number;
  readonly setup: {
    readonly modelId: string;
    readonly gpuId: string;
    readonly dtype: string;
    readonly tensorParallel: number;
    readonly mixedIterations: string;
    readonly costOverrides: Readonly<Record<string, number>>;
  };
  readonly costModel: CostModelReport;
  readonly scheme: BucketScheme;
  readonly arrivals: { readonly process: string; readonly seed: number } | { readonly sweep: 'poisson' | 'gamma'; readonly cv: number | null; readonly seed: number };
  readonly predictions: PredictionSource;
  readonly cappedOutputs: number;
  readonly contextOverflow: ContextOverflow & { readonly treatment: string };
  /** Each policy's config, with the latency table left out (it is summarised under `costModel`). */
  readonly configs: readonly Omit<SimConfig, 'latencyTable'>[];
  /** One result per policy of a single run; absent for a sweep. */
  readonly results?: readonly ReportResult[];
  /** One point per (rate, policy) of a sweep; absent for a single run. */
  readonly sweep?: { readonly rates: readonly number[]; readonly points: readonly SweepPoint[] };
}

/** A `SimResult` with its typed arrays as plain arrays, so that it serialises to JSON. */
export type ReportResult = Omit<SimResult, 'finishTimesS' | 'firstTokenTimesS'> & {
  readonly finishTimesS: number[];
  readonly firstTokenTimesS: number[];
};

function exampleSteps(model: CostModel): ExampleStep[] {
  const prefill = iterationCost(model, {
    prefillRequests: 1,
    prefillTokens: EXAMPLE_CONTEXT_TOKENS,
    prefillAttentionPairs: prefillAttentionPairs(EXAMPLE_CONTEXT_TOKENS),
    decodeTokens: 0,
    decodeContextTokens: 0,
  });
  const steps: ExampleStep[] = [{ phase: 'prefill', batchSize: 1, contextTokens: EXAMPLE_CONTEXT_TOKENS, latencyS: prefill.latency }];
  for (const batchSize of EXAMPLE_DECODE_BATCHES) {
    const contextTokens = batchSize * EXAMPLE_CONTEXT_TOKENS;
    const decode = iterationCost(model, {
      prefillRequests: 0,
      prefillTokens: 0,
      prefillAttentionPairs: 0,
      decodeTokens: batchSize,
      decodeContextTokens: contextTokens,
    });
    steps.push({ phase: 'decode', batchSize, contextTokens, latencyS: decode.latency });
  }
  return steps;
}

function stepTimeSource(model: CostModel): CostModelReport['stepTimes'] {
  if (model.latencyTable !== null) return 'latency-table';
  return model.mixedIterations === 'fused' ? 'fused-roofline' : 'separate-rooflines';
}

function costModelReport(model: CostModel): CostModelReport {
  const gpus = model.tensorParallel;
  const table = model.latencyTable;
  return {
    stepTimes: stepTimeSource(model),
    latencyTable: table === null ? null : { file: table.fileName, kind: table.kind, rows: table.rows },
    tensorParallel: gpus,
    kvBytesPerToken: model.kvBytesPerToken,
    kvCapacityTokens: model.kvCapacityTokens,
    perGpu: {
      memoryBytes: model.totalGpuMemoryBytes / gpus,
      weightBytes: model.weightBytes / gpus,
      reserveBytes: model.totalReserveBytes / gpus,
      kvCacheBytes: model.kvCapacityBytes / gpus,
    },
    exampleSteps: exampleSteps(model),
  };
}

function withoutLatencyTable(config: SimConfig): Omit<SimConfig, 'latencyTable'> {
  const { latencyTable: _table, ...rest } = config;
  return rest;
}

function reportResult(result: SimResult): ReportResult {
  return { ...result, finishTimesS: Array.from(result.finishTimesS), firstTokenTimesS: Array.from(result.firstTokenTimesS) };
}

/** Reads the inputs of a run, simulates every chosen policy (or the sweep), and returns the report. */
export function runCli(options: CliOptions): CliReport {
  const inputs = readRunInputs(options);
  const configs = runConfigs(
    {
      modelId: options.modelId,
      gpuId: options.gpuId,
      dtype: options.dtype,
      tensorParallel: options.tensorParallel,
      mixedIterations: options.mixedIterations,
      latencyTable: inputs.latencyTable,
      cost: options.cost,
      scheme: inputs.scheme,
      admission: options.admission,
    },
    options.scheduling,
  );
  const costModel = costModelFor(configs[0]!);
  const overflow = contextOverflow(inputs.requests, options.modelId);
  const sweepCv = options.scheduling.sweepCv;
  const report: CliReport = {
    requestsFile: options.requestsFile,
    traceFormat: inputs.trace.format,
    traceWarnings: inputs.trace.warnings,
    requests: inputs.requests.length,
    setup: {
      modelId: options.modelId,
      gpuId: options.gpuId,
      dtype: options.dtype,
      tensorParallel: options.tensorParallel,
      mixedIterations: options.mixedIterations,
      costOverrides: options.cost,
    },
    costModel: costModelReport(costModel),
    scheme: inputs.scheme,
    arrivals:
      options.sweepRates === null
        ? { process: formatArrivalProcess(options.arrivals), seed: options.arrivalSeed }
        : { sweep: sweepCv === null ? 'poisson' : 'gamma', cv: sweepCv, seed: options.arrivalSeed },
    predictions: inputs.predictions,
    cappedOutputs: inputs.cappedOutputs,
    contextOverflow: { ...overflow, treatment: CONTEXT_OVERFLOW_TREATMENT },
    configs: configs.map(withoutLatencyTable),
  };

  if (options.sweepRates !== null) {
    const sweepOptions = { seed: options.arrivalSeed, ...(sweepCv === null ? {} : { cv: sweepCv }) };
    const points = sweepRequestRate(inputs.requests, configs, options.sweepRates, sweepOptions);
    return { ...report, sweep: { rates: options.sweepRates, points } };
  }
  const results = configs.map((config) => simulate(inputs.requests, config));
  return { ...report, results: results.map(reportResult) };
}
