/**
 * The app's predictor worker, one per selected model. Choosing another model
 * terminates the worker and starts a new one with that model's folder, so running
 * predictions end as cancelled and never mix two models. The first load starts as
 * soon as the model index names the model, so the backend badge shows the outcome
 * before the first prediction request.
 */
import { PredictionCancelled, PredictorClient, PredictorLoadError, type ReadyInfo } from '../../worker/predictorClient.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { backendsFromSearch, variantFromSearch } from './backendParam.ts';
import { modelBaseUrl } from './modelLocation.ts';
import { usePredictorStore } from './predictorStore.ts';

/** A started predictor: the ready message of the worker and the model it loaded. */
export type PredictorReady = ReadyInfo & { readonly modelId: string };

interface LoadedModel {
  readonly modelId: string;
  readonly client: PredictorClient;
  readonly ready: Promise<PredictorReady>;
  /** Set when another model replaced this one and its worker was terminated. */
  superseded: boolean;
}

let current: LoadedModel | undefined;

// Callers may ask for the predictor before the model index names a model.
let resolveFirstLoad: (loaded: LoadedModel) => void = () => {};
let rejectFirstLoad: (error: Error) => void = () => {};
const firstLoad = new Promise<LoadedModel>((resolve, reject) => {
  resolveFirstLoad = resolve;
  rejectFirstLoad = reject;
});
// A start-up failure is in the predictor store; this only keeps it from being reported as unhandled.
firstLoad.catch(() => {});

function watch(loaded: LoadedModel): void {
  loaded.client.onStage((stage) => {
    if (!loaded.superseded) usePredictorStore.setState({ status: { kind: 'loading', stage } });
  });
  loaded.ready.then(
    (info) => {
      if (loaded.superseded) return;
      usePredictorStore.setState({
        status: {
          kind: 'ready',
          backend: info.backend,
          variant: info.variant,
          attempts: info.attempts,
          loadMs: info.loadMs,
          wasmThreads: info.wasmThreads ?? null,
        },
      });
    },
    (error: unknown) => {
      if (loaded.superseded) return;
      const attempts = error instanceof PredictorLoadError ? error.failure.attempts : [];
      const message = error instanceof Error ? error.message : String(error);
      usePredictorStore.setState({ status: { kind: 'failed', message, attempts } });
    },
  );
}

/**
 * Loads `modelId` (a folder under models/) in a new worker, after terminating the
 * worker of another model. Returns the running load when that model is already loaded or loading.
 */
export function loadPredictor(modelId: string): Promise<PredictorReady> {
  if (current?.modelId === modelId) return current.ready;
  if (current !== undefined) {
    current.superseded = true;
    current.client.terminate();
  }
  const search = globalThis.location.search;
  const choice = backendsFromSearch(search);
  usePredictorStore.setState({
    status: { kind: 'loading', stage: null },
    requestedBackends: choice.backends,
    ignoredBackendParam: choice.ignoredParam,
  });
  const client = new PredictorClient();
  const ready = client
    .load(modelBaseUrl(modelId), choice.backends, variantFromSearch(search))
    .then((info): PredictorReady => ({ ...info, modelId }));
  const loaded: LoadedModel = { modelId, client, ready, superseded: false };
  watch(loaded);
  current = loaded;
  resolveFirstLoad(loaded);
  return ready;
}

/** Ends the wait for a first model when none can be chosen, for example because the model index failed to load. */
export function failPredictorStart(message: string): void {
  if (current !== undefined) return;
  usePredictorStore.setState({ status: { kind: 'failed', message, attempts: [] } });
  rejectFirstLoad(new Error(message));
}

/** Returns the load of the current model, waiting for the first model to be chosen if needed. */
export function startPredictor(): Promise<PredictorReady> {
  return current !== undefined ? current.ready : firstLoad.then((loaded) => loaded.ready);
}

export type ProgressListener = (done: number, total: number, latest: readonly PredictionResult[]) => void;

export interface PredictionRun {
  readonly promise: Promise<readonly PredictionResult[]>;
  readonly cancel: () => void;
}

async function startJob(
  loaded: LoadedModel,
  prompts: readonly string[],
  onProgress: ProgressListener,
  expectedModelId: string | undefined,
  isCancelled: () => boolean,
): Promise<{ readonly loaded: LoadedModel; readonly jobId: number; readonly promise: Promise<readonly PredictionResult[]> }> {
  try {
    await loaded.ready;
  } catch (error) {
    if (loaded.superseded) throw new PredictionCancelled(0, 0);
    throw error;
  }
  const wrongModel = expectedModelId !== undefined && loaded.modelId !== expectedModelId;
  if (isCancelled() || loaded.superseded || wrongModel) throw new PredictionCancelled(0, 0);
  const job = loaded.client.predict(prompts, onProgress);
  return { loaded, jobId: job.jobId, promise: job.promise };
}

/**
 * Predicts buckets for `prompts` once the model is loaded. `cancel` also works before
 * the job reaches the worker, and the promise then rejects with PredictionCancelled.
 * With `modelId`, the run also ends as cancelled when another model is loaded by the
 * time it starts, or is chosen while it runs.
 */
export function runPrediction(prompts: readonly string[], onProgress: ProgressListener, modelId?: string): PredictionRun {
  let started: { readonly loaded: LoadedModel; readonly jobId: number } | undefined;
  let cancelled = false;
  let rejectEarly: ((error: Error) => void) | undefined;

  // Cancelling while the model still loads must end the run at once, not when (or if) loading finishes.
  const cancelledBeforeStart = new Promise<never>((_, reject) => {
    rejectEarly = reject;
  });
  const loadedModel = current !== undefined ? Promise.resolve(current) : firstLoad;
  const results = loadedModel
    .then((loaded) => startJob(loaded, prompts, onProgress, modelId, () => cancelled))
    .then((job) => {
      started = job;
      rejectEarly = undefined;
      return job.promise;
    });
  return {
    promise: Promise.race([results, cancelledBeforeStart]),
    cancel: () => {
      cancelled = true;
      if (started !== undefined) started.loaded.client.cancel(started.jobId);
      else rejectEarly?.(new PredictionCancelled(0, 0));
    },
  };
}
