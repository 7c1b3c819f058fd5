/**
 * Running a comparison or a load sweep: predicted buckets (from the real predictor,
 * or drawn from the model card's confusion matrix), then the chosen policies in the
 * simulator worker.
 */
import { translate } from '../../i18n/translate.ts';
import { useLocaleStore } from '../../i18n/localeStore.ts';
import { numBuckets, type BucketScheme } from '../../predictor/buckets.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import {
  assignArrivals,
  contextOverflow,
  drawPredictedBuckets,
  posteriorBucketProbabilities,
  type ContextOverflow,
  type PolicyName,
  type SimConfig,
  type SimRequest,
  type SimResult,
} from '../../sim/index.ts';
import type { TraceRequest } from '../../traces/index.ts';
import { PredictionCancelled } from '../../worker/predictorClient.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { runPrediction } from '../predictor/predictorService.ts';
import { backendInUse } from '../predictor/predictorStore.ts';
import { PredictionCache } from './predictionCache.ts';
import { runConfigs } from './runConfigs.ts';
import { arrivalProcessFor, resolveScheduling, type ResolvedScheduling } from './schedulingSettings.ts';
import { resolveSettings } from './settings.ts';
import { buildSimRequests, selectRequests, trueOutputLengths, type ArrivalMode, type PreparedRequests } from './simInputs.ts';
import { runRateSweep, runSimulations, SimRunCancelled } from './simRunner.ts';
import { effectivePredictionMode, isBusy, useSimStore, type LoadedTrace, type PredictionSource } from './simStore.ts';

/** A prediction kept per prompt: the bucket and the probabilities the `cumulative` S³ rule reads. */
interface CachedPrediction {
  readonly bucket: number;
  readonly probabilities: readonly number[];
}

interface Predictions {
  readonly buckets: ArrayLike<number>;
  readonly probabilities: ArrayLike<readonly number[] | null>;
  readonly source: PredictionSource;
}

/** Everything a run or sweep needs, checked and predicted. */
interface PreparedRun {
  readonly loaded: LoadedTrace;
  readonly scheme: BucketScheme;
  readonly prepared: PreparedRequests;
  readonly prediction: PredictionSource;
  readonly scheduling: ResolvedScheduling;
  readonly arrivals: ArrivalMode;
  readonly arrivalSeed: number;
  readonly contextOverflow: ContextOverflow;
  readonly configs: readonly SimConfig[];
}

const predictionCache = new PredictionCache<CachedPrediction>();
let cancelCurrent: (() => void) | null = null;
let cancelRequested = false;

function message(key: 'sim.noOutputLengths' | 'sim.noModelCard', fileName: string): string {
  return translate(useLocaleStore.getState().locale, key, { file: fileName });
}

/** Returns the predictions contiguous from index 0, so a cancelled job still fills the cache. */
function contiguousPredictions(results: ReadonlyMap<number, PredictionResult>): CachedPrediction[] {
  const predictions: CachedPrediction[] = [];
  for (let result = results.get(0); result !== undefined; result = results.get(predictions.length)) {
    predictions.push({ bucket: result.bucket, probabilities: result.probabilities });
  }
  return predictions;
}

function fromCache(cached: readonly CachedPrediction[], source: PredictionSource): Predictions {
  return {
    buckets: cached.map((prediction) => prediction.bucket),
    probabilities: cached.map((prediction) => prediction.probabilities),
    source,
  };
}

async function predictorPredictions(loaded: LoadedTrace, selected: readonly TraceRequest[]): Promise<Predictions> {
  // Each model keeps its own predictions, so choosing another model never reuses them.
  const modelId = useModelCardStore.getState().selectedId ?? '';
  const key = `${modelId}|${loaded.cacheKey!}`;
  const prefix = predictionCache.prefix(key);
  const total = selected.length;
  if (prefix.length >= total) {
    return fromCache(prefix.slice(0, total), { kind: 'predictor', backend: backendInUse(), cached: total });
  }

  const missing = selected.slice(prefix.length).map((request) => request.prompt ?? '');
  const arrived = new Map<number, PredictionResult>();
  useSimStore.setState({ phase: { kind: 'predicting', done: prefix.length, total } });
  const job = runPrediction(
    missing,
    (done, _total, latest) => {
      for (const result of latest) arrived.set(result.index, result);
      useSimStore.setState({ phase: { kind: 'predicting', done: prefix.length + done, total } });
    },
    modelId,
  );
  cancelCurrent = job.cancel;
  try {
    await job.promise;
  } finally {
    predictionCache.extend(key, contiguousPredictions(arrived));
  }
  const cached = predictionCache.prefix(key).slice(0, total);
  return fromCache(cached, { kind: 'predictor', backend: backendInUse(), cached: prefix.length });
}

/**
 * Draws buckets from the confusion matrix. The probabilities of a drawn bucket are
 * the test-set shares of the true buckets given that prediction.
 */
function drawnPredictions(selected: readonly TraceRequest[], card: ModelCard, seed: number): Predictions {
  const matrix = card.test_metrics.confusion_matrix;
  const drawn = drawPredictedBuckets(trueOutputLengths(selected), card.buckets, matrix, seed);
  const posterior = posteriorBucketProbabilities(matrix, numBuckets(card.buckets));
  return {
    buckets: drawn.buckets,
    probabilities: Array.from(drawn.buckets, (bucket) => posterior[bucket] ?? null),
    source: { kind: 'confusion-matrix', seed, emptyRows: drawn.emptyRows, fallbackRequests: drawn.fallbackRequests },
  };
}

function configsFor(scheme: BucketScheme, cost: NonNullable<SimConfig['cost']>, scheduling: ResolvedScheduling): SimConfig[] {
  const { settings } = useSimStore.getState();
  return runConfigs(
    {
      modelId: settings.modelId,
      gpuId: settings.gpuId,
      dtype: settings.dtype,
      tensorParallel: settings.tensorParallel,
      mixedIterations: settings.mixedIterations,
      latencyTable: settings.latencyTable,
      cost,
      scheme,
      admission: settings.admission,
    },
    scheduling,
  );
}

function inPolicyOrder(results: readonly SimResult[], policies: readonly PolicyName[]): SimResult[] {
  const found = new Map(results.map((result) => [result.policy, result]));
  const missing = policies.filter((policy) => !found.has(policy));
  if (missing.length > 0) throw new Error(`the simulator returned no result for: ${missing.join(', ')}`);
  return policies.map((policy) => found.get(policy)!);
}

/**
 * Checks the settings, predicts buckets and builds the requests. Returns null when
 * the run cannot start, after setting a notice when the user has something to fix.
 */
async function prepareRun(forSweep: boolean): Promise<PreparedRun | null> {
  const state = useSimStore.getState();
  const loaded = state.loaded;
  if (loaded === null || isBusy(state.phase)) return null;
  const cardState = useModelCardStore.getState().card;
  const settings = resolveSettings(state.settings);
  if (!settings.ok) return null;
  // A trace without arrival times has every request at 0 already, so "replayed" would mislead.
  const arrivals: ArrivalMode = !loaded.trace.hasArrivalTimes && state.settings.arrivals === 'trace' ? 'burst' : state.settings.arrivals;
  const resolution = resolveScheduling(state.scheduling, arrivals, forSweep);
  if (!resolution.ok) return null;
  const scheduling = resolution.value;
  const { trace } = loaded;
  if (cardState.status !== 'ready') {
    useSimStore.setState({ notice: { kind: 'failed', message: message('sim.noModelCard', trace.fileName) } });
    return null;
  }
  if (!trace.hasOutputLengths) {
    useSimStore.setState({ notice: { kind: 'failed', message: message('sim.noOutputLengths', trace.fileName) } });
    return null;
  }

  const card = cardState.card;
  const selected = selectRequests(trace, settings.requestLimit);
  cancelRequested = false;
  useSimStore.setState({ notice: null });
  const predictions =
    effectivePredictionMode(loaded, state.predictionMode) === 'predictor'
      ? await predictorPredictions(loaded, selected)
      : drawnPredictions(selected, card, settings.seed);
  if (cancelRequested) throw new SimRunCancelled('cancelled before the simulation started');
  const prepared = buildSimRequests(selected, predictions.buckets, card.buckets, arrivals, predictions.probabilities);
  return {
    loaded,
    scheme: card.buckets,
    prepared,
    prediction: predictions.source,
    scheduling,
    arrivals,
    arrivalSeed: settings.arrivalSeed,
    contextOverflow: contextOverflow(prepared.requests, state.settings.modelId),
    configs: configsFor(card.buckets, settings.cost, scheduling),
  };
}

function reportFailure(error: unknown): void {
  const cancelled = error instanceof SimRunCancelled || error instanceof PredictionCancelled;
  useSimStore.setState({
    notice: cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
  });
}

/** Runs the chosen policies on the loaded trace with the current settings. */
export async function runComparison(): Promise<void> {
  try {
    const run = await prepareRun(false);
    if (run === null) return;
    const { scheduling, prepared } = run;
    const arrivalProcess = arrivalProcessFor(run.arrivals, scheduling);
    const requests: readonly SimRequest[] = assignArrivals(prepared.requests, arrivalProcess, run.arrivalSeed);
    const steps = run.configs.length;
    useSimStore.setState({
      phase: { kind: 'simulating', policy: scheduling.policies[0]!, step: 0, steps, finished: 0, total: requests.length },
    });
    const job = runSimulations(requests, run.configs, (progress) =>
      useSimStore.setState({
        phase: { kind: 'simulating', policy: progress.policy, step: progress.configIndex, steps, finished: progress.finished, total: progress.total },
      }),
    );
    cancelCurrent = job.cancel;
    const results = inPolicyOrder(await job.promise, scheduling.policies);
    useSimStore.setState({
      comparison: {
        traceFileName: run.loaded.trace.fileName,
        requests: requests.length,
        arrivals: run.arrivals,
        arrivalProcess,
        arrivalSeed: run.arrivalSeed,
        cappedOutputs: prepared.cappedOutputs,
        contextOverflow: run.contextOverflow,
        scheme: run.scheme,
        hadArrivalTimes: run.loaded.trace.hasArrivalTimes,
        prediction: run.prediction,
        results,
      },
    });
  } catch (error) {
    reportFailure(error);
  } finally {
    cancelCurrent = null;
    useSimStore.setState({ phase: { kind: 'idle' } });
  }
}

/** Replays the loaded trace with Poisson or Gamma arrivals at each sweep rate under the chosen policies. */
export async function runSweep(): Promise<void> {
  try {
    const run = await prepareRun(true);
    if (run === null) return;
    const { scheduling, prepared } = run;
    const rates = scheduling.sweepRates;
    const first = scheduling.policies[0]!;
    const totalRuns = rates.length * run.configs.length;
    const total = prepared.requests.length;
    useSimStore.setState({
      phase: { kind: 'sweeping', policy: first, ratePerS: rates[0]!, completedRuns: 0, totalRuns, finished: 0, total },
    });
    const sweepOptions = { seed: run.arrivalSeed, ...(scheduling.sweepCv === null ? {} : { cv: scheduling.sweepCv }) };
    const job = runRateSweep(prepared.requests, run.configs, rates, sweepOptions, (progress) =>
      useSimStore.setState({
        phase: {
          kind: 'sweeping',
          policy: progress.policy,
          ratePerS: progress.ratePerS,
          completedRuns: progress.completedRuns,
          totalRuns: progress.totalRuns,
          finished: progress.finished,
          total: progress.total,
        },
      }),
    );
    cancelCurrent = job.cancel;
    const points = await job.promise;
    useSimStore.setState({
      sweep: {
        traceFileName: run.loaded.trace.fileName,
        requests: total,
        seed: run.arrivalSeed,
        cv: scheduling.sweepCv,
        rates,
        policies: scheduling.policies,
        prediction: run.prediction,
        contextOverflow: run.contextOverflow,
        points,
      },
    });
  } catch (error) {
    reportFailure(error);
  } finally {
    cancelCurrent = null;
    useSimStore.setState({ phase: { kind: 'idle' } });
  }
}

/** Cancels the prediction, run or sweep in progress. */
export function cancelComparison(): void {
  cancelRequested = true;
  cancelCurrent?.();
}

export function dismissNotice(): void {
  useSimStore.setState({ notice: null });
}
