/**
 * Promise-based front of the predictor Web Worker. One client owns one worker;
 * a new `predict` call does not cancel an earlier one, so callers cancel explicitly.
 */
import type { BackendName } from '../predictor/modelCard.ts';
import type { PredictionResult, PredictorRequest, PredictorResponse } from './predictorProtocol.ts';

export type ReadyInfo = Extract<PredictorResponse, { type: 'ready' }>;
export type LoadFailure = Extract<PredictorResponse, { type: 'load-failed' }>;

export class PredictorLoadError extends Error {
  override readonly name = 'PredictorLoadError';
  constructor(readonly failure: LoadFailure) {
    super(failure.message);
  }
}

export class PredictionCancelled extends Error {
  override readonly name = 'PredictionCancelled';
  constructor(readonly jobId: number, readonly done: number) {
    super(`prediction job ${jobId} cancelled after ${done} prompts`);
  }
}

export interface PredictionJob {
  readonly jobId: number;
  readonly promise: Promise<readonly PredictionResult[]>;
}

interface PendingJob {
  readonly results: PredictionResult[];
  readonly onProgress: (done: number, total: number, latest: readonly PredictionResult[]) => void;
  readonly resolve: (results: readonly PredictionResult[]) => void;
  readonly reject: (error: Error) => void;
}

export class PredictorClient {
  private readonly worker: Worker;
  private nextJobId = 1;
  private readonly jobs = new Map<number, PendingJob>();
  private loadWaiter: { resolve: (ready: ReadyInfo) => void; reject: (error: Error) => void } | undefined;
  private readonly stageListeners = new Set<(stage: string) => void>();

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./predictorWorker.ts', import.meta.url), { type: 'module' });
    this.worker.addEventListener('message', (event: MessageEvent<PredictorResponse>) => this.handle(event.data));
    this.worker.addEventListener('error', (event) => this.failAll(new Error(`predictor worker crashed: ${event.message}`)));
  }

  /** Loads the model, trying `backends` in order; resolves with the backend that started. */
  load(modelBaseUrl: string, backends: readonly BackendName[], variant?: string): Promise<ReadyInfo> {
    this.loadWaiter?.reject(new Error('superseded by a newer load request'));
    return new Promise<ReadyInfo>((resolve, reject) => {
      this.loadWaiter = { resolve, reject };
      this.post(variant === undefined ? { type: 'load', modelBaseUrl, backends } : { type: 'load', modelBaseUrl, backends, variant });
    });
  }

  /** Predicts buckets for `prompts`; `onProgress` receives each chunk of results as it arrives. */
  predict(
    prompts: readonly string[],
    onProgress: (done: number, total: number, latest: readonly PredictionResult[]) => void = () => {},
  ): PredictionJob {
    const jobId = this.nextJobId;
    this.nextJobId += 1;
    const promise = new Promise<readonly PredictionResult[]>((resolve, reject) => {
      this.jobs.set(jobId, { results: [], onProgress, resolve, reject });
    });
    this.post({ type: 'predict', jobId, prompts });
    return { jobId, promise };
  }

  cancel(jobId: number): void {
    this.post({ type: 'cancel', jobId });
  }

  onStage(listener: (stage: string) => void): () => void {
    this.stageListeners.add(listener);
    return () => this.stageListeners.delete(listener);
  }

  /** Stops the worker. A pending load rejects with an Error, and running jobs reject with PredictionCancelled. */
  terminate(): void {
    this.worker.terminate();
    this.loadWaiter?.reject(new Error('predictor worker terminated'));
    this.loadWaiter = undefined;
    for (const [jobId, job] of this.jobs) job.reject(new PredictionCancelled(jobId, job.results.length));
    this.jobs.clear();
  }

  private post(message: PredictorRequest): void {
    this.worker.postMessage(message);
  }

  private failAll(error: Error): void {
    this.loadWaiter?.reject(error);
    this.loadWaiter = undefined;
    for (const job of this.jobs.values()) job.reject(error);
    this.jobs.clear();
  }

  private handle(message: PredictorResponse): void {
    switch (message.type) {
      case 'loading':
        for (const listener of this.stageListeners) listener(message.stage);
        return;
      case 'ready':
        this.loadWaiter?.resolve(message);
        this.loadWaiter = undefined;
        return;
      case 'load-failed':
        this.loadWaiter?.reject(new PredictorLoadError(message));
        this.loadWaiter = undefined;
        return;
      case 'progress': {
        const job = this.jobs.get(message.jobId);
        if (job === undefined) return;
        job.results.push(...message.results);
        job.onProgress(message.done, message.total, message.results);
        return;
      }
      case 'done': {
        const job = this.jobs.get(message.jobId);
        if (job === undefined) return;
        this.jobs.delete(message.jobId);
        job.resolve([...job.results].sort((a, b) => a.index - b.index));
        return;
      }
      case 'cancelled': {
        const job = this.jobs.get(message.jobId);
        if (job === undefined) return;
        this.jobs.delete(message.jobId);
        job.reject(new PredictionCancelled(message.jobId, message.done));
        return;
      }
      case 'error': {
        if (message.jobId === undefined) {
          this.failAll(new Error(message.message));
          return;
        }
        const job = this.jobs.get(message.jobId);
        if (job === undefined) return;
        this.jobs.delete(message.jobId);
        job.reject(new Error(message.message));
        return;
      }
    }
  }
}
