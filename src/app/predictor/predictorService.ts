/**
 * The app's one predictor worker. It starts loading when the app starts, so the
 * backend badge shows the outcome before the first prediction request.
 */
import { PredictionCancelled, PredictorClient, PredictorLoadError, type ReadyInfo } from '../../worker/predictorClient.ts';
import type { PredictionResult } from '../../worker/predictorProtocol.ts';
import { backendsFromSearch, variantFromSearch } from './backendParam.ts';
import { modelBaseUrl } from './modelLocation.ts';
import { usePredictorStore } from './predictorStore.ts';

let client: PredictorClient | undefined;
let ready: Promise<ReadyInfo> | undefined;

/** Starts the worker and loads the model once. Later calls return the same promise. */
export function startPredictor(): Promise<ReadyInfo> {
  if (ready !== undefined) return ready;
  const choice = backendsFromSearch(globalThis.location.search);
  usePredictorStore.setState({
    status: { kind: 'loading', stage: null },
    requestedBackends: choice.backends,
    ignoredBackendParam: choice.ignoredParam,
  });

  const worker = new PredictorClient();
  client = worker;
  worker.onStage((stage) => usePredictorStore.setState({ status: { kind: 'loading', stage } }));
  ready = worker.load(modelBaseUrl(), choice.backends, variantFromSearch(globalThis.location.search));
  ready.then(
    (info) =>
      usePredictorStore.setState({
        status: {
          kind: 'ready',
          backend: info.backend,
          variant: info.variant,
          attempts: info.attempts,
          loadMs: info.loadMs,
          wasmThreads: info.wasmThreads ?? null,
        },
      }),
    (error: unknown) => {
      const attempts = error instanceof PredictorLoadError ? error.failure.attempts : [];
      const message = error instanceof Error ? error.message : String(error);
      usePredictorStore.setState({ status: { kind: 'failed', message, attempts } });
    },
  );
  return ready;
}

export type ProgressListener = (done: number, total: number, latest: readonly PredictionResult[]) => void;

export interface PredictionRun {
  readonly promise: Promise<readonly PredictionResult[]>;
  readonly cancel: () => void;
}

/**
 * Predicts buckets for `prompts` once the model is loaded. `cancel` also works before
 * the job reaches the worker, and the promise then rejects with PredictionCancelled.
 */
export function runPrediction(prompts: readonly string[], onProgress: ProgressListener): PredictionRun {
  let jobId: number | undefined;
  let cancelled = false;
  let rejectEarly: ((error: Error) => void) | undefined;

  // Cancelling while the model still loads must end the run at once, not when (or if) loading finishes.
  const cancelledBeforeStart = new Promise<never>((_, reject) => {
    rejectEarly = reject;
  });
  const started = startPredictor().then((): Promise<readonly PredictionResult[]> => {
    if (cancelled) return Promise.reject(new PredictionCancelled(0, 0));
    if (client === undefined) return Promise.reject(new Error('the predictor worker is not running'));
    const job = client.predict(prompts, onProgress);
    jobId = job.jobId;
    rejectEarly = undefined;
    return job.promise;
  });
  return {
    promise: Promise.race([started, cancelledBeforeStart]),
    cancel: () => {
      cancelled = true;
      if (jobId !== undefined) client?.cancel(jobId);
      else rejectEarly?.(new PredictionCancelled(0, 0));
    },
  };
}
