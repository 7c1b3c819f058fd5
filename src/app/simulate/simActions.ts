/**
 * Running a comparison: predicted buckets (from the real predictor, or drawn from
 * the model card's confusion matrix), then every policy in the simulator worker.
 */
import { translate } from '../../i18n/translate.ts';
import { useLocaleStore } from '../../i18n/localeStore.ts';
import type { BucketScheme } from '../../predictor/buckets.ts';
import type { ModelCard } from '../../predictor/modelCard.ts';
import { drawPredictedBuckets, POLICY_NAMES, type PolicyName, type SimConfig, type SimResult } from '../../sim/index.ts';
import type { TraceRequest } from '../../traces/index.ts';
import { PredictionCancelled } from '../../worker/predictorClient.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { useModelCardStore } from '../modelCard/modelCardStore.ts';
import { runPrediction } from '../predictor/predictorService.ts';
import { backendInUse } from '../predictor/predictorStore.ts';
import { PredictionCache } from './predictionCache.ts';
import { resolveSettings } from './settings.ts';
import { buildSimRequests, selectRequests, trueOutputLengths, type ArrivalMode } from './simInputs.ts';
import { runSimulations, SimRunCancelled } from './simRunner.ts';
import { effectivePredictionMode, isBusy, useSimStore, type LoadedTrace, type PredictionSource } from './simStore.ts';

const predictionCache = new PredictionCache();
let cancelCurrent: (() => void) | null = null;
let cancelRequested = false;

function message(key: 'sim.noOutputLengths' | 'sim.noModelCard', fileName: string): string {
  return translate(useLocaleStore.getState().locale, key, { file: fileName });
}

/** Returns the index up to which results are contiguous from 0, so a cancelled job still fills the cache. */
function contiguousBuckets(results: ReadonlyMap<number, PredictionResult>): number[] {
  const buckets: number[] = [];
  while (results.has(buckets.length)) buckets.push(results.get(buckets.length)!.bucket);
  return buckets;
}

async function predictorBuckets(loaded: LoadedTrace, selected: readonly TraceRequest[]): Promise<[readonly number[], PredictionSource]> {
  const key = loaded.cacheKey!;
  const prefix = predictionCache.prefix(key);
  const total = selected.length;
  if (prefix.length >= total) {
    return [prefix.slice(0, total), { kind: 'predictor', backend: backendInUse(), cached: total }];
  }

  const missing = selected.slice(prefix.length).map((request) => request.prompt ?? '');
  const arrived = new Map<number, PredictionResult>();
  useSimStore.setState({ phase: { kind: 'predicting', done: prefix.length, total } });
  const job = runPrediction(missing, (done, _total, latest) => {
    for (const result of latest) arrived.set(result.index, result);
    useSimStore.setState({ phase: { kind: 'predicting', done: prefix.length + done, total } });
  });
  cancelCurrent = job.cancel;
  try {
    await job.promise;
  } finally {
    predictionCache.extend(key, contiguousBuckets(arrived));
  }
  const buckets = predictionCache.prefix(key).slice(0, total);
  return [buckets, { kind: 'predictor', backend: backendInUse(), cached: prefix.length }];
}

function drawnBuckets(selected: readonly TraceRequest[], card: ModelCard, seed: number): [ArrayLike<number>, PredictionSource] {
  const drawn = drawPredictedBuckets(trueOutputLengths(selected), card.buckets, card.test_metrics.confusion_matrix, seed);
  return [drawn.buckets, { kind: 'confusion-matrix', seed, emptyRows: drawn.emptyRows, fallbackRequests: drawn.fallbackRequests }];
}

function byPolicy(results: readonly SimResult[]): Record<PolicyName, SimResult> {
  const found = new Map(results.map((result) => [result.policy, result]));
  const missing = POLICY_NAMES.filter((policy) => !found.has(policy));
  if (missing.length > 0) throw new Error(`the simulator returned no result for: ${missing.join(', ')}`);
  return Object.fromEntries(POLICY_NAMES.map((policy) => [policy, found.get(policy)!])) as Record<PolicyName, SimResult>;
}

function configsFor(scheme: BucketScheme, cost: SimConfig['cost']): SimConfig[] {
  const { settings } = useSimStore.getState();
  return POLICY_NAMES.map((policy) => ({
    policy,
    modelId: settings.modelId,
    gpuId: settings.gpuId,
    scheme,
    admission: settings.admission,
    ...(cost === undefined ? {} : { cost }),
  }));
}

/** Runs all three policies on the loaded trace with the current settings. */
export async function runComparison(): Promise<void> {
  const state = useSimStore.getState();
  const loaded = state.loaded;
  if (loaded === null || isBusy(state.phase)) return;
  const cardState = useModelCardStore.getState().card;
  const settings = resolveSettings(state.settings);
  if (!settings.ok) return;
  const { trace } = loaded;
  if (cardState.status !== 'ready') {
    useSimStore.setState({ notice: { kind: 'failed', message: message('sim.noModelCard', trace.fileName) } });
    return;
  }
  if (!trace.hasOutputLengths) {
    useSimStore.setState({ notice: { kind: 'failed', message: message('sim.noOutputLengths', trace.fileName) } });
    return;
  }

  const card = cardState.card;
  const selected = selectRequests(trace, settings.requestLimit);
  cancelRequested = false;
  useSimStore.setState({ notice: null });
  try {
    const [buckets, prediction] =
      effectivePredictionMode(loaded, state.predictionMode) === 'predictor'
        ? await predictorBuckets(loaded, selected)
        : drawnBuckets(selected, card, settings.seed);
    if (cancelRequested) throw new SimRunCancelled('cancelled before the simulation started');

    // A trace without arrival times has every request at 0 already, so "replayed" would mislead.
    const arrivals: ArrivalMode = trace.hasArrivalTimes ? state.settings.arrivals : 'burst';
    const prepared = buildSimRequests(selected, buckets, card.buckets, arrivals);
    const steps = POLICY_NAMES.length;
    useSimStore.setState({
      phase: { kind: 'simulating', policy: POLICY_NAMES[0]!, step: 0, steps, finished: 0, total: prepared.requests.length },
    });
    const run = runSimulations(prepared.requests, configsFor(card.buckets, settings.cost), (progress) =>
      useSimStore.setState({
        phase: { kind: 'simulating', policy: progress.policy, step: progress.configIndex, steps, finished: progress.finished, total: progress.total },
      }),
    );
    cancelCurrent = run.cancel;
    const results = byPolicy(await run.promise);
    useSimStore.setState({
      comparison: {
        traceFileName: trace.fileName,
        requests: prepared.requests.length,
        arrivals,
        cappedOutputs: prepared.cappedOutputs,
        scheme: card.buckets,
        hadArrivalTimes: trace.hasArrivalTimes,
        prediction,
        results,
      },
    });
  } catch (error) {
    const cancelled = error instanceof SimRunCancelled || error instanceof PredictionCancelled;
    useSimStore.setState({
      notice: cancelled ? { kind: 'cancelled' } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
    });
  } finally {
    cancelCurrent = null;
    useSimStore.setState({ phase: { kind: 'idle' } });
  }
}

export function cancelComparison(): void {
  cancelRequested = true;
  cancelCurrent?.();
}

export function dismissNotice(): void {
  useSimStore.setState({ notice: null });
}
